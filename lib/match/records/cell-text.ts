/** A Clever JSON value as a result cell: strings as they are, numbers as digits, anything else empty. */
export const cellText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
