// The app admin's side of the local API, over HTTP with the admin token, as a script or the console calls it.
import type { LocalStackState } from './stack.ts';

export type AdminApiTarget = Pick<LocalStackState, 'apiUrl' | 'adminToken'>;

/** Calls an admin route and returns its JSON answer; any 4xx/5xx fails with the route and the answer. */
export async function callAdminApi<T>(
  target: AdminApiTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${target.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: { message?: string } };
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${json.error?.message ?? ''}`.trim());
  return json;
}
