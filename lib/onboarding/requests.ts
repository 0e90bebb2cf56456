// Request shapes of the onboarding admin routes, validated once at the HTTP edge.
import { z } from 'zod';
import { DISTRICT_STATUSES } from './admin-districts.ts';

const identifier = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits, ".", "_", ":" or "-"');
const numberList = z.array(z.string().trim().min(1).max(32)).max(50).default([]);

export const orgIdSchema = identifier;
export const districtIdSchema = identifier;

export const saveOrgSchema = z.object({
  name: z.string().trim().min(1).max(200),
  usState: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter state code')
    .transform((value) => value.toUpperCase())
    .optional(),
  mdrNumbers: numberList,
  ncesIds: numberList,
  emailDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain such as district.example.org'),
    )
    .max(50)
    .default([]),
});
export type SaveOrgRequest = z.output<typeof saveOrgSchema>;

export const setDistrictOrgSchema = z.object({
  orgId: identifier,
  /** The org the admin saw (null when unlinked): the change applies only if nobody changed it since. */
  expectedOrgId: identifier.nullable().optional(),
  evidence: z.array(z.string().trim().min(1).max(300)).max(20).optional(),
});

export const districtListQuerySchema = z.object({
  status: z.enum(DISTRICT_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
});

export const importQuerySchema = z.object({ district: identifier.optional() });

export const linkUrlQuerySchema = z.object({ returnTo: z.string().max(512).optional() });

export const unlinkQuerySchema = z.object({ expectedOrgId: identifier.optional() });
