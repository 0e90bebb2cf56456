// The web console (web/) on the local stack's own origin, so the "Log in with Clever" link it creates
// sets the rm_link_session cookie in the admin's browser. These routes are local only, not rows of
// lib/http/routes.ts: in AWS the console would be a separate static site (S3 + CloudFront sending the same
// headers), calling the API Gateway routes with the admin's JWT.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { LocalRoute } from '../../dev/http/local-server.ts';

const WEB_DIR = resolve(import.meta.dirname, '../../web');
export const CONSOLE_PATH = '/console';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The console handles the admin token: nothing cached, nothing from elsewhere, no inline script. */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const ASSETS = ['console.js', 'console.css'];

async function staticRoute(path: string, file: string): Promise<LocalRoute> {
  // Read once at start-up: the console is a fixed set of files, and a request never names a file path.
  const body = await readFile(resolve(WEB_DIR, file), 'utf8');
  const headers = { ...CONSOLE_HEADERS, 'Content-Type': CONTENT_TYPES[extname(file)] };
  return { method: 'GET', path, handler: async () => ({ statusCode: 200, headers, body }) };
}

export async function consoleRoutes(): Promise<LocalRoute[]> {
  return [
    {
      method: 'GET',
      path: '/',
      handler: async () => ({ statusCode: 302, headers: { ...CONSOLE_HEADERS, Location: CONSOLE_PATH } }),
    },
    await staticRoute(CONSOLE_PATH, 'console.html'),
    ...(await Promise.all(ASSETS.map((file) => staticRoute(`${CONSOLE_PATH}/${file}`, file)))),
  ];
}
