// zod validation of path, query and body values for the onboarding routes, failing as a 400 that names
// the field, the same way lib/http validates JSON bodies.
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
