// Request bodies of the upload routes, validated once at the HTTP edge.
import { z } from 'zod';
import { ClientError } from '../errors.ts';
import { parseMapOption } from '../match/headers.ts';
import { UPLOAD_TYPES } from './jobs.ts';

const mapSpec = z
  .union([z.string().max(2000), z.record(z.string().max(200), z.string().max(50))])
  .transform((value) =>
    typeof value === 'string'
      ? value
      : Object.entries(value)
          .map(([column, field]) => `${column}=${field}`)
          .join(','),
  )
  .superRefine((spec, context) => {
    try {
      parseMapOption(spec);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const uploadRequestSchema = z.object({
  districtId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Clever district id (letters, digits, _ or -)'),
  type: z.enum(UPLOAD_TYPES, {
    error: `must be one of ${UPLOAD_TYPES.join(', ')} (schools and sections are not supported by uploads yet)`,
  }),
  idColumn: z.string().min(1).max(200).optional(),
  map: mapSpec.optional(),
  notify: z.array(z.email('must be an email address')).max(10).default([]),
});
export type UploadRequest = z.output<typeof uploadRequestSchema>;

const reviewPair = z.object({ appId: z.string().min(1).max(200), cleverId: z.string().min(1).max(64) });
export const reviewRequestSchema = z
  .object({
    accept: z.array(reviewPair).max(10_000).default([]),
    reject: z.array(reviewPair).max(10_000).default([]),
  })
  .refine((review) => review.accept.length + review.reject.length > 0, {
    message: 'send at least one pair in "accept" or "reject"',
  });
export type ReviewRequest = z.output<typeof reviewRequestSchema>;

/** Job ids are UUIDs; anything else is a 404 without a table read. */
export function parseJobId(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new ClientError('UNKNOWN_JOB', `No upload job "${value ?? ''}".`, 404);
  return parsed.data;
}
