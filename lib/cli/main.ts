// The `rostermatch` command line. Every failure a user can cause ends as one clear message per problem
// on stderr and a non-zero exit; nothing here ever prints a stack trace.

import { DomainError, InputError } from '../errors.ts';
import { matchCommand } from './match-command.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const MAIN_HELP = `rostermatch — onboard Clever school districts and match your records to Clever's

Usage:
  rostermatch match --type TYPE --app APP.csv --clever ROSTER.ndjson --out RESULT.csv [options]
  rostermatch clever-emulator [--port N] [--seed S] ...
  rostermatch <command> --help

Commands:
  match             match an app export (students, teachers, staff, district admins) to a Clever roster and
                    write a Matchmaker-format result CSV with confidence, evidence and review suggestions
  clever-emulator   run a local Clever (OAuth + Data API v3.0) with seeded demo districts

Example:
  rostermatch match --type student --app students.csv --clever roster.ndjson --out result.csv \\
    --id-column "App ID" --report report.json
`;

export type Command = (argv: string[]) => Promise<number>;

/**
 * The commands that ship. Development tools (the Clever emulator) live in dev/ and are added by the entry
 * point in bin/, so nothing under lib/ can reach them.
 */
const COMMANDS: Record<string, Command> = {
  match: matchCommand,
};

/** Prints a failure the way users should see it: messages only, never a stack. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof InputError) {
    stderr.write(
      `rostermatch: ${error.problems.length === 1 ? 'invalid input' : `${error.problems.length} problems in the input`}:\n`,
    );
    stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof DomainError) {
    stderr.write(`rostermatch: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPIPE') return EXIT_OK;
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(
    `rostermatch: unexpected error: ${message}\nIf this keeps happening, report it with the command you ran.\n`,
  );
  return EXIT_FAILURE;
}

export async function main(argv: string[], extraCommands: Record<string, Command> = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(MAIN_HELP);
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version') {
    process.stdout.write('rostermatch 0.1.0\n');
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name)
    ? COMMANDS[name]
    : Object.hasOwn(extraCommands, name)
      ? extraCommands[name]
      : undefined;
  if (!command) {
    process.stderr.write(`rostermatch: unknown command "${name}"\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest);
  } catch (error) {
    return reportError(error);
  }
}
