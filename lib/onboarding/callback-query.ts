// Parsing of the raw query string Clever sends to our redirect URIs. The raw string is used (not API
// Gateway's pre-parsed map, which silently joins repeated keys with commas) so that duplicated or
// oversized parameters are refused instead of half-understood.

const MAX_QUERY_LENGTH = 4096;
const MAX_VALUE_LENGTH = 1024;
const KNOWN_KEYS = new Set([
  'code',
  'state',
  'scope',
  'error',
  'error_description',
  'error_reason',
  'error_uri',
  'outcome',
]);

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  outcome?: string;
}

export type ParsedCallbackQuery = { ok: true; query: CallbackQuery } | { ok: false; reason: string };

export function parseCallbackQuery(rawQuery: string | undefined): ParsedCallbackQuery {
  const raw = rawQuery ?? '';
  if (raw.length > MAX_QUERY_LENGTH) return { ok: false, reason: 'query string too long' };
  const seen = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(raw)) {
    if (!KNOWN_KEYS.has(key)) continue;
    if (seen.has(key)) return { ok: false, reason: `parameter "${key}" given more than once` };
    if (value.length > MAX_VALUE_LENGTH) return { ok: false, reason: `parameter "${key}" too long` };
    seen.set(key, value);
  }
  const nonEmpty = (key: string) => {
    const value = seen.get(key);
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    ok: true,
    query: {
      code: nonEmpty('code'),
      state: nonEmpty('state'),
      error: nonEmpty('error'),
      outcome: nonEmpty('outcome'),
    },
  };
}
