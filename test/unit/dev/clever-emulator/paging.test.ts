import { describe, expect, it } from 'vitest';
import { pageOf } from '../../../../dev/clever-emulator/district-data.ts';
import { listEnvelope } from '../../../../dev/clever-emulator/responses.ts';

const id = (n: number) => n.toString(16).padStart(24, '0');
const records = Array.from({ length: 10 }, (_, n) => ({ id: id(n * 2) }));

describe('pageOf', () => {
  it('starts after a cursor that is not itself a record id', () => {
    const page = pageOf(records, { limit: 3, startingAfter: id(5) });
    expect(page.items.map((r) => r.id)).toEqual([id(6), id(8), id(10)]);
    expect(page).toMatchObject({ hasBefore: true, hasAfter: true });
  });

  it('returns the records directly before an ending_before cursor, in ascending order', () => {
    const page = pageOf(records, { limit: 3, endingBefore: id(8) });
    expect(page.items.map((r) => r.id)).toEqual([id(2), id(4), id(6)]);
    expect(pageOf(records, { limit: 3, endingBefore: id(2) }).items.map((r) => r.id)).toEqual([id(0)]);
  });

  it('knows there is nothing after a full last page', () => {
    const page = pageOf(records, { limit: 5, startingAfter: id(8) });
    expect(page.items).toHaveLength(5);
    expect(page.hasAfter).toBe(false);
  });
});

describe('listEnvelope', () => {
  it('keeps the other parameters first and replaces any cursor in next and prev', () => {
    const query = new URLSearchParams(`role=student&limit=2&starting_after=${id(1)}`);
    const page = pageOf(records, { limit: 2, startingAfter: id(1) });
    const { links } = listEnvelope('users', page, '/v3.0/users', query);
    expect(links).toEqual([
      { rel: 'self', uri: `/v3.0/users?role=student&limit=2&starting_after=${id(1)}` },
      { rel: 'next', uri: `/v3.0/users?role=student&limit=2&starting_after=${id(4)}` },
      { rel: 'prev', uri: `/v3.0/users?role=student&limit=2&ending_before=${id(2)}` },
    ]);
  });

  it('keeps the bare "?" of the events feed self link', () => {
    const { links } = listEnvelope(
      'events',
      pageOf([], { limit: 100 }),
      '/v3.0/events',
      new URLSearchParams(),
    );
    expect(links).toEqual([{ rel: 'self', uri: '/v3.0/events?' }]);
  });
});
