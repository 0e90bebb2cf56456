// zod validation of a request's path, query and body values, failing as a 400 that names each invalid
// field; the handler stack validates JSON bodies with it too.
import type { z } from 'zod';
import { ClientError } from '../errors.ts';

export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  field?: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [field, ...issue.path].filter((part) => part !== undefined).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new ClientError('INVALID_REQUEST', problems.join('; '), 400);
}
