import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAppTableFromStream } from '../../../lib/csv/read-app-table.ts';
import { readCleverNdjson } from '../../../lib/csv/read-ndjson.ts';
import { checkFileSignature, formatBytes } from '../../../lib/csv/text-input.ts';
import { chunkedStream, inputErrorOf, inputFile } from './input-files.ts';

const readCsv = (content: string | Buffer, name = 'input.csv', chunkSize = 1 << 20) =>
  readAppTableFromStream(chunkedStream(content, chunkSize), name);

async function readAllNdjson(path: string): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const { record } of readCleverNdjson(path, 'roster.ndjson')) records.push(record);
  return records;
}

describe('binary files', () => {
  const cases: [string, Buffer, RegExp][] = [
    [
      'book.xlsx',
      Buffer.from('PK\x03\x04\x14\x00\x06\x00rest-of-zip', 'latin1'),
      /Excel workbook \(\.xlsx\)/,
    ],
    [
      'old.xls',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      /old-format Excel workbook/,
    ],
    ['scan.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), /a PDF document/],
    [
      'export.csv.gz',
      Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]),
      /gzip-compressed file \(decompress it first\)/,
    ],
  ];

  it.each(cases)('recognises %s by its signature and says to export CSV UTF-8', async (name, bytes, what) => {
    const error = await inputErrorOf(readCsv(bytes, name));
    expect(error.code).toBe('INPUT_BINARY_FILE');
    expect(error.message).toMatch(what);
    expect(error.message).toMatch(
      new RegExp(`^${name.replaceAll('.', '\\.')}: this is .*not a CSV file: export it as "CSV UTF-8`),
    );
  });

  it('recognises a signature delivered one byte at a time', async () => {
    const error = await inputErrorOf(readCsv(cases[0][1], 'book.xlsx', 1));
    expect(error.code).toBe('INPUT_BINARY_FILE');
  });

  it('rejects NUL bytes as binary content, naming the line', async () => {
    const error = await inputErrorOf(readCsv('id,name\n1,a\n2,b\0c\n', 'nul.csv'));
    expect(error.code).toBe('INPUT_BINARY_FILE');
    expect(error.message).toMatch(
      /^nul\.csv:3: the file contains NUL bytes, so it is a binary file rather than CSV text/,
    );
  });

  it('words the fix for the roster format when the NDJSON reader gets a workbook', async () => {
    const error = await inputErrorOf(readAllNdjson(inputFile('roster.xlsx', cases[0][1])));
    expect(error.message).toMatch(
      /not a NDJSON file: provide the roster as UTF-8 text with one Clever JSON object per line/,
    );
  });

  it('leaves ordinary text alone', () => {
    expect(checkFileSignature(Buffer.from('id,name\n'), 'ok.csv', 'CSV')).toBeUndefined();
  });
});

describe('text that is not UTF-8', () => {
  it('rejects UTF-16 with a byte-order mark, little- or big-endian', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,a\n', 'utf16le')]);
    const be = Buffer.from(le).swap16();
    for (const [bytes, endian] of [
      [le, 'little-endian'],
      [be, 'big-endian'],
    ] as const) {
      const error = await inputErrorOf(readCsv(bytes, 'unicode.csv'));
      expect(error.code).toBe('INPUT_NOT_UTF8');
      expect(error.message).toMatch(
        new RegExp(`^unicode\\.csv:1: the file is encoded as UTF-16 \\(${endian}`),
      );
      expect(error.message).toMatch(/export it as "CSV UTF-8 \(Comma delimited\)"/);
    }
  });

  it('rejects UTF-16 without a byte-order mark instead of calling it binary', async () => {
    const error = await inputErrorOf(readCsv(Buffer.from('id,name\n1,a\n', 'utf16le'), 'nobom.csv'));
    expect(error.code).toBe('INPUT_NOT_UTF8');
    expect(error.message).toMatch(/^nobom\.csv:1: the file looks like UTF-16 text without a byte-order mark/);
  });

  it('names the line of a Windows-1252 accented letter and gives both fixes', async () => {
    const bytes = Buffer.from('id,first\n1,Ana\n2,Jos\xe9\n3,Zo\xeb\n', 'latin1');
    for (const chunkSize of [1, 4, 1 << 20]) {
      const error = await inputErrorOf(readCsv(bytes, 'excel.csv', chunkSize));
      expect(error.code).toBe('INPUT_NOT_UTF8');
      expect(error.message).toBe(
        'excel.csv:3: the file is not valid UTF-8 (byte 0xE9); it looks like Windows-1252 or ISO-8859-1 (what Excel writes for plain "CSV"). ' +
          'Re-save it as "CSV UTF-8 (Comma delimited)", or convert it with `iconv -f WINDOWS-1252 -t UTF-8 input > output`',
      );
    }
  });

  it('does not claim Windows-1252 for runs of invalid bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,x\n1,'),
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from('\n'),
    ]);
    const error = await inputErrorOf(readCsv(bytes, 'junk.csv'));
    expect(error.message).toBe(
      'junk.csv:2: the file is not valid UTF-8 text (byte 0xFF): export it as "CSV UTF-8 (Comma delimited)" (Excel: File > Save As) and upload that file',
    );
  });

  it('rejects a file that ends in the middle of a multi-byte character', async () => {
    const bytes = Buffer.concat([Buffer.from('id,x\n1,a\n2,'), Buffer.from('é').subarray(0, 1)]);
    const error = await inputErrorOf(readCsv(bytes, 'cut.csv', 3));
    expect(error.code).toBe('INPUT_NOT_UTF8');
    expect(error.problems[0].line).toBe(3);
  });

  it('rejects overlong encodings and UTF-16 surrogates written as UTF-8', async () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ]) {
      const bytes = Buffer.concat([Buffer.from('id\n1\n'), Buffer.from(bad), Buffer.from('\n')]);
      const error = await inputErrorOf(readCsv(bytes, 'bad.csv'));
      expect(error.problems[0]).toMatchObject({ line: 3, code: 'INPUT_NOT_UTF8' });
    }
  });
});

describe('line endings and limits', () => {
  it('rejects old-Mac CR-only line endings', async () => {
    const error = await inputErrorOf(readCsv('id,name\r1,a\r2,b\r', 'mac.csv'));
    expect(error.code).toBe('INPUT_CR_LINE_ENDINGS');
    expect(error.message).toMatch(
      /^mac\.csv:1: lines end with a lone carriage return.*re-save the file with Windows \(CRLF\)/,
    );
  });

  it('accepts CRLF split between two chunks', async () => {
    const table = await readAppTableFromStream(
      Readable.from([Buffer.from('id,name\r'), Buffer.from('\n1,a\r\n')]),
      'split.csv',
    );
    expect(table.rowCount).toBe(1);
  });

  it('rejects a line without any line break once it passes the limit, without waiting for the end', async () => {
    const error = await inputErrorOf(
      readAppTableFromStream(chunkedStream(`id,${'x'.repeat(5000)}`, 64), 'one-line.csv', {
        limits: { maxLineBytes: 1000 },
      }),
    );
    expect(error.message).toMatch(/^one-line\.csv:1: this line is longer than the 1000 bytes limit/);
  });

  it('formats limits in the units people read', () => {
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(1024 ** 2)).toBe('1 MiB');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});
