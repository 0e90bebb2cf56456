// Structured log lines. Fields carry ids, counts and codes only: never tokens, secrets or student data.
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface PipelineLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
