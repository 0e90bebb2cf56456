// The wire shapes Clever answers with (clever-api.md §2.1–§2.2, §4): object and list envelopes,
// relation links, range-paging links, error bodies (JSON `{message}`, OAuth `{error, error_description}`,
// or the HTML page Clever's edge returns for unknown routes and wrong token types).
import type { ServerResponse } from 'node:http';
import type { CleverLink, CleverUser } from '../../lib/clever/types.ts';
import { escapeHtml } from '../../lib/html.ts';
import type { AnyRecord, Collection, Page } from './district-data.ts';

export type LinkedCollection = Collection | 'districts' | 'events' | 'resources';

const RELATIONS: Record<Exclude<LinkedCollection, 'users'>, string[]> = {
  districts: [],
  schools: ['district', 'sections', 'users', 'terms', 'courses'],
  sections: ['district', 'school', 'term', 'course', 'users'],
  terms: ['district', 'sections', 'schools'],
  courses: ['district', 'sections', 'schools'],
  events: [],
  resources: [],
};

/** Users' relations depend on their roles; the camelCase rels and uris are what Clever sends. */
function userRelations(user: CleverUser): string[] {
  const { student, teacher, staff, contact } = user.roles;
  const relations = ['district'];
  if (student || teacher) relations.push('sections');
  if (student) relations.push('myContacts', 'myTeachers');
  if (teacher || contact) relations.push('myStudents');
  if (student || teacher || staff) relations.push('schools');
  return relations;
}

export function objectLinks(collection: LinkedCollection, record: AnyRecord): CleverLink[] {
  const self = `/v3.0/${collection}/${record.id}`;
  const relations = collection === 'users' ? userRelations(record as CleverUser) : RELATIONS[collection];
  return [{ rel: 'self', uri: self }, ...relations.map((rel) => ({ rel, uri: `${self}/${rel}` }))];
}

export function objectEnvelope(collection: LinkedCollection, record: AnyRecord) {
  return { data: record, links: objectLinks(collection, record) };
}

/**
 * `self` repeats the request; `next` keeps the request's other parameters first and adds
 * `starting_after=<last id>` while records remain; `prev` adds `ending_before=<first id>` on pages
 * reached through a cursor.
 */
export function listEnvelope(
  itemCollection: LinkedCollection,
  page: Page<AnyRecord>,
  path: string,
  query: URLSearchParams,
) {
  const search = query.toString();
  // Recorded quirk: the events feed's self link keeps a bare `?`.
  const self =
    search === '' && itemCollection === 'events' ? `${path}?` : search === '' ? path : `${path}?${search}`;
  const links: CleverLink[] = [{ rel: 'self', uri: self }];
  const withCursor = (name: string, id: string) => {
    const params = new URLSearchParams(query);
    params.delete('starting_after');
    params.delete('ending_before');
    params.append(name, id);
    return `${path}?${params.toString()}`;
  };
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  const cursored = query.has('starting_after') || query.has('ending_before');
  if (last && page.hasAfter) links.push({ rel: 'next', uri: withCursor('starting_after', last.id) });
  if (first && cursored && page.hasBefore)
    links.push({ rel: 'prev', uri: withCursor('ending_before', first.id) });
  return {
    data: page.items.map((record) => ({ data: record, uri: `/v3.0/${itemCollection}/${record.id}` })),
    links,
  };
}

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}li{margin:.25rem 0}
small{color:#666}</style></head><body>${body}</body></html>`;
}

export const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'access-control-allow-origin': '*',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
) {
  if (res.destroyed) return;
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

/** An Express-style error page, which is what Clever returns for unknown routes and wrong token types. */
export function errorHtml(message: string): string {
  return htmlPage('Error', `<pre>${escapeHtml(message)}</pre>`);
}
