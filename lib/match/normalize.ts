// Normalisers for the raw strings the engine receives. Each returns a canonical form that equality
// and similarity comparisons can rely on, or a "missing" marker (empty string, 0, or NaN) when the
// input carries no usable value.

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES_AND_DOTS = /['’‘`´.]/g;
const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
// Letters Unicode does not decompose into a base letter plus a mark (Søren, Weiß, Łukasz, Ærø): spelled
// the way English-language systems type them, so they match instead of splitting the word.
const UNDECOMPOSABLE_LETTERS = /[øØßłŁæÆœŒđĐðÐþÞıĸŀĿ]/g;
const LETTER_SPELLINGS: Record<string, string> = {
  ø: 'o',
  Ø: 'o',
  ß: 'ss',
  ł: 'l',
  Ł: 'l',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ĸ: 'k',
  ŀ: 'l',
  Ŀ: 'l',
};
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'junior', 'senior', '2nd', '3rd']);

/**
 * Lower-cased, accent-free, punctuation-free text with single spaces between words. Apostrophes
 * and dots join their neighbours (O'Brien = OBrien, St. = St); every other separator (hyphen, comma,
 * slash) becomes a word boundary so compound names keep their parts.
 */
export function normalizeText(raw: string | undefined): string {
  if (!raw) return '';
  return raw
    .replace(UNDECOMPOSABLE_LETTERS, (letter) => LETTER_SPELLINGS[letter])
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES_AND_DOTS, '')
    .replace(NON_ALPHANUMERIC, ' ')
    .trim();
}

/** A surname or given name without generational suffixes (Jr, III); words stay space-separated. */
export function normalizeName(raw: string | undefined): string {
  const text = normalizeText(raw);
  if (!text.includes(' ')) return NAME_SUFFIXES.has(text) ? '' : text;
  const words = text.split(' ');
  // A suffix only counts at the end and never as the whole name.
  while (words.length > 1 && NAME_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

export interface ParsedName {
  first: string;
  middle: string;
  last: string;
}

/**
 * Splits a whole name in one cell. "Last, First Middle" is recognised by its comma; otherwise the
 * form is "First Middle… Last". Suffixes are dropped before the surname is chosen.
 */
export function parseFullName(raw: string | undefined): ParsedName {
  if (!raw) return { first: '', middle: '', last: '' };
  const comma = raw.indexOf(',');
  if (comma >= 0) {
    const last = normalizeName(raw.slice(0, comma));
    const rest = normalizeName(raw.slice(comma + 1))
      .split(' ')
      .filter(Boolean);
    return { first: rest[0] ?? '', middle: rest.slice(1).join(' '), last };
  }
  const words = normalizeName(raw).split(' ').filter(Boolean);
  if (words.length === 0) return { first: '', middle: '', last: '' };
  if (words.length === 1) return { first: words[0], middle: '', last: '' };
  return { first: words[0], middle: words.slice(1, -1).join(' '), last: words[words.length - 1] };
}

const SCHOOL_WORDS = new Map<string, string>([
  ['elem', 'elementary'],
  ['el', 'elementary'],
  ['es', 'elementary'],
  ['ms', 'middle'],
  ['jhs', 'middle'],
  ['hs', 'high'],
  ['sr', 'senior'],
  ['jr', 'junior'],
  ['acad', 'academy'],
  ['ctr', 'center'],
  ['intl', 'international'],
  ['st', 'saint'],
  ['mt', 'mount'],
]);
const SCHOOL_FILLER = new Set(['school', 'sch', 'the', 'of']);

/**
 * A school name in a form where export spellings meet: "Madison HS", "MADISON HIGH SCHOOL" and
 * "Madison High" are all "madison high".
 */
export function normalizeSchool(raw: string | undefined): string {
  const words: string[] = [];
  for (const word of normalizeText(raw).split(' ')) {
    if (!word || SCHOOL_FILLER.has(word)) continue;
    words.push(SCHOOL_WORDS.get(word) ?? word);
  }
  return words.join(' ');
}

/** Packs a calendar date as YYYYMMDD in one integer; 0 means missing or unreadable. */
export function packDate(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
const US_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Resolves a two-digit year to the most recent year, not later than `currentYear`, that ends in
 * those two digits: with currentYear 2026, "26" → 2026 and "27" → 1927. A birth date cannot lie in
 * the future, so this never invents one, and it keeps pupils born this century correct.
 */
export function resolveTwoDigitYear(twoDigits: number, currentYear: number): number {
  const century = Math.floor(currentYear / 100) * 100;
  const candidate = century + twoDigits;
  return candidate <= currentYear ? candidate : candidate - 100;
}

function validDate(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || year < 1800) return 0;
  // Day 0 of the next month is this month's last day (leap years included): 2/30 and 4/31 are no dates.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return 0;
  return packDate(year, month, day);
}

/**
 * Reads M/D/YYYY, MM/DD/YYYY, M/D/YY, MM-DD-YYYY (US order; D/M when the first number cannot be a
 * month), YYYY-MM-DD (optionally with a time) and YYYYMMDD. Returns YYYYMMDD or 0.
 */
export function parseDate(
  raw: string | undefined,
  currentYear: number = new Date().getUTCFullYear(),
): number {
  if (!raw) return 0;
  const text = raw.trim();
  let parts = COMPACT_DATE.exec(text);
  if (parts) return validDate(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  parts = ISO_DATE.exec(text);
  if (parts) return validDate(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  parts = US_DATE.exec(text);
  if (!parts) return 0;
  let month = Number(parts[1]);
  let day = Number(parts[2]);
  if (month > 12 && day <= 12) [month, day] = [day, month];
  const year = parts[3].length === 2 ? resolveTwoDigitYear(Number(parts[3]), currentYear) : Number(parts[3]);
  return validDate(year, month, day);
}

/** Grade as an ordinal: kindergarten 0, pre-kindergarten -1, "Grade 3"/"03"/"3rd" 3; NaN when absent. */
export function normalizeGrade(raw: string | undefined): number {
  const text = normalizeText(raw).replace(/ /g, '');
  if (!text) return Number.NaN;
  const named = NAMED_GRADES.get(text);
  if (named !== undefined) return named;
  const digits = /^(?:grade|gr|g|year)?0*(\d{1,2})(?:st|nd|rd|th)?(?:grade)?$/.exec(text);
  if (!digits) return Number.NaN;
  const grade = Number(digits[1]);
  return grade <= 14 ? grade : Number.NaN;
}

const NAMED_GRADES = new Map<string, number>([
  ['k', 0],
  ['kg', 0],
  ['kinder', 0],
  ['kindergarten', 0],
  ['pk', -1],
  ['prek', -1],
  ['prekindergarten', -1],
  ['tk', -1],
  ['transitionalkindergarten', -1],
  ['ps', -2],
  ['preschool', -2],
  ['it', -3],
  ['infanttoddler', -3],
  ['postgraduate', 14],
]);

/** 1 = male, 2 = female, 3 = non-binary/other declared; 0 when absent or unknown. */
export function normalizeGender(raw: string | undefined): number {
  const text = normalizeText(raw);
  if (text === 'm' || text === 'male' || text === 'boy') return 1;
  if (text === 'f' || text === 'female' || text === 'girl') return 2;
  if (text === 'x' || text === 'n' || text === 'nonbinary' || text === 'non binary') return 3;
  return 0;
}

export interface NormalizedId {
  /** Upper-case letters and digits with leading zeros removed (spreadsheets strip them). */
  value: string;
  /** How many leading zeros the source had, so "00123" vs "123" can still be told apart. */
  leadingZeros: number;
}

export function normalizeId(raw: string | undefined): NormalizedId {
  if (!raw) return { value: '', leadingZeros: 0 };
  const compact = raw.toUpperCase().replace(/[^0-9A-Z]/g, '');
  let zeros = 0;
  while (zeros < compact.length - 1 && compact.charCodeAt(zeros) === 48) zeros++;
  return { value: compact.slice(zeros), leadingZeros: zeros };
}

export interface NormalizedEmail {
  local: string;
  domain: string;
}

export function normalizeEmail(raw: string | undefined): NormalizedEmail {
  const text = raw?.trim().toLowerCase() ?? '';
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return { local: '', domain: '' };
  return { local: text.slice(0, at), domain: text.slice(at + 1) };
}
