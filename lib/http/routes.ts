// The HTTP route table, read by the CDK API stack (one NodejsFunction per entry, JWT authorizer on admin
// routes), the local stack (same handler modules behind a node:http adapter) and each handler (whether it
// authenticates an admin). Add a row here to add a route everywhere; `access` lists what the function may
// touch, and infra grants exactly that.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Least-privilege grants the API stack turns into IAM:
 * - table-read / table-write: the shared DynamoDB table;
 * - uploads-write: presigned POSTs and review trigger objects under `uploads/` (s3:PutObject on that prefix);
 * - results-read: presigned GETs and reads under `results/`;
 * - clever-secret: read the Clever client secret from Secrets Manager;
 * - token-encrypt / token-decrypt: KMS with the district-token encryption context.
 */
export type RouteAccess =
  | 'table-read'
  | 'table-write'
  | 'uploads-write'
  | 'results-read'
  | 'clever-secret'
  | 'token-encrypt'
  | 'token-decrypt';

export interface RouteDefinition {
  /** Construct id and function name stem: PascalCase, unique. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax, e.g. `/uploads/{jobId}`. */
  path: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  admin: boolean;
  access: RouteAccess[];
}

export const ROUTES: RouteDefinition[] = [
  {
    id: 'CreateUpload',
    method: 'POST',
    path: '/uploads',
    entry: 'functions/uploads-create.ts',
    admin: true,
    access: ['table-read', 'table-write', 'uploads-write'],
  },
  {
    id: 'GetUpload',
    method: 'GET',
    path: '/uploads/{jobId}',
    entry: 'functions/uploads-get.ts',
    admin: true,
    access: ['table-read', 'results-read'],
  },
  {
    id: 'ReviewUpload',
    method: 'POST',
    path: '/uploads/{jobId}/review',
    entry: 'functions/uploads-review.ts',
    admin: true,
    access: ['table-read', 'table-write', 'uploads-write'],
  },
  // Onboarding (issue 5). The two OAuth redirect URIs are public: Clever sends browsers there.
  {
    id: 'CleverLinkCallback',
    method: 'GET',
    path: '/oauth/clever/link',
    entry: 'functions/oauth-clever-link.ts',
    admin: false,
    access: ['table-read', 'table-write', 'clever-secret'],
  },
  {
    id: 'CleverInstantLogin',
    method: 'GET',
    path: '/oauth/clever/login',
    entry: 'functions/oauth-clever-login.ts',
    admin: false,
    access: ['table-read', 'table-write', 'clever-secret'],
  },
  {
    id: 'CreateCleverLink',
    method: 'POST',
    path: '/admin/orgs/{orgId}/clever-link',
    entry: 'functions/admin-orgs-clever-link.ts',
    admin: true,
    access: ['table-read', 'table-write'],
  },
  {
    id: 'SaveOrg',
    method: 'PUT',
    path: '/admin/orgs/{orgId}',
    entry: 'functions/admin-orgs-put.ts',
    admin: true,
    access: ['table-read', 'table-write'],
  },
  {
    id: 'ImportTokens',
    method: 'POST',
    path: '/admin/tokens/import',
    entry: 'functions/tokens-import.ts',
    admin: true,
    access: ['table-read', 'table-write', 'clever-secret', 'token-encrypt'],
  },
  {
    id: 'ListDistricts',
    method: 'GET',
    path: '/admin/districts',
    entry: 'functions/admin-districts-list.ts',
    admin: true,
    access: ['table-read'],
  },
  {
    id: 'SetDistrictOrg',
    method: 'PUT',
    path: '/admin/districts/{id}/org',
    entry: 'functions/admin-districts-org-put.ts',
    admin: true,
    access: ['table-read', 'table-write'],
  },
  {
    id: 'UnlinkDistrictOrg',
    method: 'DELETE',
    path: '/admin/districts/{id}/org',
    entry: 'functions/admin-districts-org-delete.ts',
    admin: true,
    access: ['table-read', 'table-write'],
  },
  {
    id: 'DistrictAudit',
    method: 'GET',
    path: '/admin/districts/{id}/audit',
    entry: 'functions/admin-districts-audit.ts',
    admin: true,
    access: ['table-read'],
  },
];

/** The route a handler serves, by id; an id not in the table is a programming error caught at module load. */
export function routeById(id: string): RouteDefinition {
  const route = ROUTES.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`no route "${id}" in lib/http/routes.ts`);
  return route;
}
