// Typed domain errors. Every error a user can cause carries a stable `code` and a message that says
// what is wrong and what to do next; one place per entry point (CLI, HTTP) maps them to exit codes or
// HTTP statuses. Messages never contain tokens, secrets or student data beyond a line/column pointer.

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem in an input file, pointing at the file, line and (where it applies) column. */
export interface InputProblem {
  file: string;
  line?: number;
  column?: number | string;
  code: string;
  message: string;
}

export function formatProblem(problem: InputProblem): string {
  let where = problem.file;
  if (problem.line !== undefined) where += `:${problem.line}`;
  if (problem.column !== undefined)
    where += typeof problem.column === 'number' ? `:${problem.column}` : ` (column "${problem.column}")`;
  return `${where}: ${problem.message}`;
}

/** Invalid input: one or more problems, each reported on its own line. */
export class InputError extends DomainError {
  constructor(readonly problems: InputProblem[]) {
    super(problems[0]?.code ?? 'INVALID_INPUT', problems.map(formatProblem).join('\n'));
  }
}

/** A request the caller got wrong (HTTP 4xx): bad parameters, unknown ids, forbidden actions. */
export class ClientError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 = 400,
  ) {
    super(code, message);
  }
}
