import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAppTable } from '../../../lib/csv/read-app-table.ts';
import { CsvWriter, escapeCsvCell } from '../../../lib/csv/write-csv.ts';
import { inputFile } from './input-files.ts';

/** A Writable that takes each chunk only after a delay and records what it received. */
class SlowWritable extends Writable {
  readonly chunks: string[] = [];
  maxBuffered = 0;

  constructor(highWaterMark: number) {
    super({ highWaterMark, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    setTimeout(() => {
      this.chunks.push(chunk);
      callback();
    }, 1);
  }
}

describe('escapeCsvCell', () => {
  it('leaves plain cells, including non-ASCII ones, as they are', () => {
    for (const plain of ['', 'Ana', 'José Núñez', '2014-03-05', "O'Neil", 'a b'])
      expect(escapeCsvCell(plain)).toBe(plain);
  });

  it('quotes cells holding a comma, quote, CR or LF and doubles inner quotes', () => {
    expect(escapeCsvCell('Smith, Jr.')).toBe('"Smith, Jr."');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(escapeCsvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(escapeCsvCell('a\rb')).toBe('"a\rb"');
  });

  it.each([
    ['=', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+', '+1+1', "'+1+1"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(1)', "'@SUM(1)"],
    ['TAB', '\t=1', "'\t=1"],
    ['CR', '\r=1', `"'\r=1"`],
    ['NUL', '\0=1', "'\0=1"],
  ])('neutralises a cell starting with %s by prefixing an apostrophe', (_trigger, cell, escaped) => {
    expect(escapeCsvCell(cell)).toBe(escaped);
  });

  it('neutralises the classic DDE payload and keeps it one quoted cell', () => {
    expect(escapeCsvCell("=cmd|' /c calc'!A1")).toBe("'=cmd|' /c calc'!A1");
  });

  it('does not touch trigger characters after the first position', () => {
    expect(escapeCsvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
  });
});

describe('CsvWriter', () => {
  it('writes a header and rows with CRLF line endings', async () => {
    const path = inputFile('out.csv', '');
    const writer = new CsvWriter(path);
    await writer.writeRow(['id', 'name']);
    await writer.writeRow(['1', 'Smith, Jr.']);
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe('id,name\r\n1,"Smith, Jr."\r\n');
  });

  it('writes rows that read back identically, with formula cells neutralised', async () => {
    const rows = [
      ['1', 'José', 'Smith, Jr.'],
      ['2', 'say "hi"', 'two\r\nlines'],
      ['3', '', 'a\nb'],
      ['4', '=1+1', '-5'],
      ['5', '@x', '+y'],
    ];
    const path = inputFile('round-trip.csv', '');
    const writer = new CsvWriter(path, { chunkChars: 16 });
    await writer.writeRow(['app_id', 'first', 'last']);
    for (const row of rows) await writer.writeRow(row);
    await writer.close();

    const table = await readAppTable(path);
    const neutralised = (cell: string) => (/^[=+\-@\t\r\0]/.test(cell) ? `'${cell}` : cell);
    expect(table.headers).toEqual(['app_id', 'first', 'last']);
    expect(Array.from({ length: table.rowCount }, (_, r) => table.columns.map((c) => c[r]))).toEqual(
      rows.map((row) => row.map(neutralised)),
    );
  });

  it('waits for the destination to drain instead of buffering without bound', async () => {
    const out = new SlowWritable(256);
    const writer = new CsvWriter(out, { chunkChars: 200 });
    const header = ['id', 'name', 'note'];
    const rows = Array.from({ length: 300 }, (_, i) => [String(i), `name ${i}`, 'x'.repeat(40)]);
    await writer.writeRow(header);
    let waits = 0;
    for (const row of rows) {
      const pending = writer.writeRow(row);
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      await Promise.resolve();
      if (!settled) waits++;
      await pending;
    }
    await writer.close();

    expect(waits).toBeGreaterThan(0);
    // Never more than one batched chunk queued beyond the destination's high-water mark.
    expect(out.maxBuffered).toBeLessThan(256 + 300);
    const expected = [header, ...rows].map((row) => `${row.join(',')}\r\n`).join('');
    expect(out.chunks.join('')).toBe(expected);
  });

  it('batches rows into large writes', async () => {
    const out = new SlowWritable(1 << 20);
    const writer = new CsvWriter(out, { chunkChars: 1000 });
    for (let i = 0; i < 500; i++) await writer.writeRow([String(i), 'abcdefghij']);
    await writer.close();
    expect(out.chunks.length).toBeLessThan(10);
    expect(out.chunks.join('').split('\r\n')).toHaveLength(501);
  });

  it('refuses a row whose cell count differs from the header', async () => {
    const writer = new CsvWriter(new SlowWritable(1024));
    await writer.writeRow(['a', 'b']);
    expect(() => writer.writeRow(['only one'])).toThrow('CsvWriter: row has 1 cells, the header has 2');
  });

  it('rejects close() when the destination fails', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const writer = new CsvWriter(failing);
    await writer.writeRow(['a']);
    await expect(writer.close()).rejects.toThrow('disk full');
  });
});
