import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type NdjsonRecord, readCleverNdjson } from '../../../lib/csv/read-ndjson.ts';
import { chunkedStream, inputErrorOf, inputFile } from './input-files.ts';

interface Person {
  id: string;
  name?: { first?: string };
}

async function collect<T>(records: AsyncIterable<NdjsonRecord<T>>): Promise<NdjsonRecord<T>[]> {
  const all: NdjsonRecord<T>[] = [];
  for await (const record of records) all.push(record);
  return all;
}

const user = (id: string, first: string) => ({ id, district: 'd1', name: { first }, roles: { student: {} } });

describe('readCleverNdjson on valid rosters', () => {
  it('yields bare records and unwraps {"data","uri"} list items and {"data","links"} responses, with line numbers', async () => {
    const lines = [
      JSON.stringify(user('a1', 'José')),
      JSON.stringify({ data: user('a2', 'Zoë'), uri: '/v3.0/users/a2' }),
      JSON.stringify({ data: user('a3', 'Li'), links: [{ rel: 'self', uri: '/v3.0/users/a3' }] }),
    ];
    const records = await collect(
      readCleverNdjson<Person>(inputFile('roster.ndjson', `${lines.join('\n')}\n`), 'roster.ndjson'),
    );
    expect(records).toEqual([
      { line: 1, record: user('a1', 'José') },
      { line: 2, record: user('a2', 'Zoë') },
      { line: 3, record: user('a3', 'Li') },
    ]);
  });

  it('keeps a record whose own "data" field sits beside other fields', async () => {
    const record = { id: 'x', data: { note: 'kept' } };
    const [only] = await collect(
      readCleverNdjson(inputFile('data-field.ndjson', JSON.stringify(record)), 'f.ndjson'),
    );
    expect(only.record).toEqual(record);
  });

  it('skips blank lines, keeps counting them, and accepts CRLF, a BOM and a last line without a break', async () => {
    const text = `\uFEFF${JSON.stringify(user('a1', 'A'))}\r\n\r\n   \n${JSON.stringify(user('a2', 'B'))}`;
    const records = await collect(readCleverNdjson<Person>(inputFile('crlf.ndjson', text), 'crlf.ndjson'));
    expect(records.map(({ line, record }) => [line, record.id])).toEqual([
      [1, 'a1'],
      [4, 'a2'],
    ]);
  });

  it('reads the same records from a stream split at any chunk size, including inside multi-byte characters', async () => {
    const text = [user('a1', 'José'), user('a2', '李'), user('a3', '😀')]
      .map((u) => JSON.stringify(u))
      .join('\n');
    for (const size of [1, 2, 3, 7, 64]) {
      const records = await collect(readCleverNdjson<Person>(chunkedStream(text, size), 'stream.ndjson'));
      expect(
        records.map(({ line, record }) => [line, record.name?.first]),
        `chunks of ${size}`,
      ).toEqual([
        [1, 'José'],
        [2, '李'],
        [3, '😀'],
      ]);
    }
  });

  it('yields nothing for an empty file, leaving the decision to the caller', async () => {
    expect(await collect(readCleverNdjson(inputFile('empty.ndjson', ''), 'empty.ndjson'))).toEqual([]);
  });

  it('closes the file when the consumer stops early', async () => {
    const path = inputFile('early.ndjson', `${JSON.stringify(user('a1', 'A'))}\n`.repeat(1000));
    const stream = createReadStream(path, { highWaterMark: 64 });
    for await (const { line } of readCleverNdjson(stream, 'early.ndjson')) if (line === 2) break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });
});

describe('readCleverNdjson on invalid rosters', () => {
  it('rejects invalid JSON with file, line, column and the parser reason, without echoing the line', async () => {
    const badLine = '{"id":"a2","name":{"first":"Josefina" "last":"Ruiz"}}';
    const text = `${JSON.stringify(user('a1', 'A'))}\n${badLine}\n`;
    const error = await inputErrorOf(collect(readCleverNdjson(inputFile('bad.ndjson', text), 'bad.ndjson')));
    expect(error.code).toBe('NDJSON_INVALID_JSON');
    // The column is that of the first character JSON.parse could not accept: the quote opening "last".
    const column = badLine.indexOf('"last"') + 1;
    expect(error.message).toBe(
      `bad.ndjson:2:${column}: this line is not valid JSON (Expected ',' or '}' after property value): each line must hold one complete JSON object`,
    );
    expect(error.message).not.toMatch(/Josefina|Ruiz/);
  });

  it('drops the input excerpt that V8 puts in "Unexpected token" messages', async () => {
    const error = await inputErrorOf(
      collect(readCleverNdjson(inputFile('token.ndjson', '{"first": Josefina}\n'), 'token.ndjson')),
    );
    expect(error.message).toBe(
      'token.ndjson:1: this line is not valid JSON (Unexpected character): each line must hold one complete JSON object',
    );
  });

  it('rejects a truncated last line', async () => {
    const error = await inputErrorOf(
      collect(readCleverNdjson(inputFile('cut.ndjson', '{"id":"a1","na'), 'cut.ndjson')),
    );
    expect(error.message).toMatch(
      /^cut\.ndjson:1(:\d+)?: this line is not valid JSON \((Unterminated string|Unexpected end)/,
    );
  });

  it.each([
    ['an array', '[{"id":"a1"}]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"a1"'],
  ])('rejects a line holding %s instead of an object', async (what, line) => {
    const path = inputFile('not-object.ndjson', `${JSON.stringify(user('a1', 'A'))}\n${line}\n`);
    const error = await inputErrorOf(collect(readCleverNdjson(path, 'not-object.ndjson')));
    expect(error.code).toBe('NDJSON_NOT_AN_OBJECT');
    expect(error.message).toBe(
      `not-object.ndjson:2: this line holds ${what}, not a JSON object: each line must hold one Clever record object`,
    );
  });

  it('applies the shared encoding check, naming the line of a Windows-1252 byte', async () => {
    const bytes = Buffer.from(
      `${JSON.stringify(user('a1', 'A'))}\n{"id":"a2","name":{"first":"Jos\xe9"}}\n`,
      'latin1',
    );
    const error = await inputErrorOf(
      collect(readCleverNdjson(inputFile('latin1.ndjson', bytes), 'latin1.ndjson')),
    );
    expect(error.message).toMatch(
      /^latin1\.ndjson:2: the file is not valid UTF-8 \(byte 0xE9\); it looks like Windows-1252/,
    );
  });

  it('applies the shared binary check', async () => {
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2]);
    const error = await inputErrorOf(
      collect(readCleverNdjson(inputFile('roster.ndjson.gz', gzip), 'roster.ndjson.gz')),
    );
    expect(error.message).toMatch(
      /^roster\.ndjson\.gz: this is a gzip-compressed file \(decompress it first\)/,
    );
  });

  it('rejects a missing file with a message naming the path', async () => {
    const error = await inputErrorOf(
      collect(readCleverNdjson('/nonexistent/roster.ndjson', 'roster.ndjson')),
    );
    expect(error.message).toBe(
      '/nonexistent/roster.ndjson: the file does not exist or cannot be read: check the path',
    );
  });

  it('rejects a line over the line limit', async () => {
    const path = inputFile('long.ndjson', `{"id":"${'x'.repeat(300)}"}\n`);
    const error = await inputErrorOf(
      collect(readCleverNdjson(path, 'long.ndjson', { limits: { maxLineBytes: 100 } })),
    );
    expect(error.message).toMatch(/^long\.ndjson:1: this line is longer than the 100 bytes limit/);
  });
});
