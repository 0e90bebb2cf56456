import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type AppTable, readAppTable, readAppTableFromStream } from '../../../lib/csv/read-app-table.ts';
import { chunkedStream, inputErrorOf, inputFile } from './input-files.ts';

const rowsOf = (table: AppTable) =>
  Array.from({ length: table.rowCount }, (_, row) => table.columns.map((column) => column[row]));

describe('readAppTable on valid files', () => {
  it('reads headers, columns, row count and the line where each row starts', async () => {
    const path = inputFile('basic.csv', 'app_id,first_name,last_name\n1,Ana,Lee\n2,Bo,Kim\n');
    const table = await readAppTable(path);
    expect(table.file).toBe('basic.csv');
    expect(table.headers).toEqual(['app_id', 'first_name', 'last_name']);
    expect(table.idColumn).toBe(0);
    expect(table.rowCount).toBe(2);
    expect(table.columns).toEqual([
      ['1', '2'],
      ['Ana', 'Bo'],
      ['Lee', 'Kim'],
    ]);
    expect([...table.lines]).toEqual([2, 3]);
  });

  it('strips a UTF-8 byte-order mark so the first header keeps its name', async () => {
    const table = await readAppTable(inputFile('bom.csv', '\uFEFFid,name\r\n7,Zoë\r\n'));
    expect(table.headers).toEqual(['id', 'name']);
    expect(rowsOf(table)).toEqual([['7', 'Zoë']]);
  });

  it('accepts CRLF, LF and a mix of both line endings', async () => {
    for (const [name, text] of [
      ['crlf.csv', 'id,name\r\n1,a\r\n2,b\r\n'],
      ['lf.csv', 'id,name\n1,a\n2,b\n'],
      ['mixed.csv', 'id,name\r\n1,a\n2,b\r\n'],
    ]) {
      const table = await readAppTable(inputFile(name, text));
      expect(rowsOf(table), name).toEqual([
        ['1', 'a'],
        ['2', 'b'],
      ]);
      expect([...table.lines], name).toEqual([2, 3]);
    }
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells, and counts physical lines past them', async () => {
    const text =
      'id,note,city\r\n1,"Smith, Jr.","say ""hi"""\r\n2,"two\r\nlines","and\nmore\nlines"\r\n3,x,y\r\n';
    const table = await readAppTable(inputFile('quoted.csv', text));
    expect(rowsOf(table)).toEqual([
      ['1', 'Smith, Jr.', 'say "hi"'],
      ['2', 'two\r\nlines', 'and\nmore\nlines'],
      ['3', 'x', 'y'],
    ]);
    expect([...table.lines]).toEqual([2, 3, 7]);
  });

  it('accepts a file without a final line break and trims trailing empty lines', async () => {
    expect(rowsOf(await readAppTable(inputFile('no-eol.csv', 'id,name\n1,a')))).toEqual([['1', 'a']]);
    expect(rowsOf(await readAppTable(inputFile('trailing.csv', 'id,name\n1,a\n\n\r\n')))).toEqual([
      ['1', 'a'],
    ]);
    expect(rowsOf(await readAppTable(inputFile('one-column.csv', 'id\n1\n2\n\n')))).toEqual([['1'], ['2']]);
  });

  it('reads non-ASCII names intact, including characters split across stream chunks', async () => {
    const text = 'id,first,last\n1,José,Núñez\n2,Zoë,Đặng\n3,李,😀\n';
    for (const size of [1, 2, 3, 5]) {
      const table = await readAppTableFromStream(chunkedStream(text, size), 'names.csv');
      expect(rowsOf(table), `chunks of ${size}`).toEqual([
        ['1', 'José', 'Núñez'],
        ['2', 'Zoë', 'Đặng'],
        ['3', '李', '😀'],
      ]);
    }
  });

  it('parses identically wherever the stream splits the bytes', async () => {
    const text = '\uFEFFapp_id,name,note\r\n1,"Ann ""A"" Lee","a,b"\r\n2,José,"x\r\ny"\n3,,"\n"\r\n';
    const expected = await readAppTableFromStream(Readable.from([Buffer.from(text)]), 'split.csv');
    const bytes = Buffer.from(text);
    for (let at = 1; at < bytes.length; at++) {
      const split = Readable.from([bytes.subarray(0, at), bytes.subarray(at)]);
      const table = await readAppTableFromStream(split, 'split.csv');
      expect(rowsOf(table), `split at byte ${at}`).toEqual(rowsOf(expected));
      expect([...table.lines], `split at byte ${at}`).toEqual([...expected.lines]);
    }
  });

  it('keeps every value of low- and high-cardinality columns (repeated values are stored once)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [String(i), `grade ${i % 13}`, `name ${i % 2000}`]);
    const text = `id,grade,name\n${rows.map((row) => row.join(',')).join('\n')}\n`;
    const table = await readAppTable(inputFile('cardinality.csv', text));
    expect(rowsOf(table)).toEqual(rows);
  });

  it('trims header names but keeps cell values as written', async () => {
    const table = await readAppTable(inputFile('spaces.csv', ' id , name \n 1 , a \n'));
    expect(table.headers).toEqual(['id', 'name']);
    expect(rowsOf(table)).toEqual([[' 1 ', ' a ']]);
  });
});

describe('id column detection', () => {
  const idColumnOf = async (headers: string, idColumn?: string) => {
    const cells = headers
      .split(',')
      .map((_, i) => i)
      .join(',');
    const table = await readAppTable(inputFile('ids.csv', `${headers}\n${cells}\n`), { idColumn });
    return table.headers[table.idColumn];
  };

  it('finds the id column whatever its case, spacing or underscores', async () => {
    expect(await idColumnOf('first,ID,last')).toBe('ID');
    expect(await idColumnOf('first,App ID,last')).toBe('App ID');
    expect(await idColumnOf('Internal Id,first')).toBe('Internal Id');
    expect(await idColumnOf('first,USER_ID')).toBe('USER_ID');
    expect(await idColumnOf('record-id,first')).toBe('record-id');
  });

  it('prefers the most specific id name: app_id, then internal_id, then user_id, then id', async () => {
    expect(await idColumnOf('id,user_id,internal_id,app_id')).toBe('app_id');
    expect(await idColumnOf('id,user_id,internal id')).toBe('internal id');
    expect(await idColumnOf('id,user_id')).toBe('user_id');
  });

  it('never takes a district identifier such as SIS ID, Student ID or State ID for the internal id', async () => {
    expect(await idColumnOf('SIS ID,Student ID,State ID,id')).toBe('id');
    const error = await inputErrorOf(
      readAppTable(inputFile('district-ids.csv', 'SIS ID,Student ID,State ID\n1,2,3\n')),
    );
    expect(error.problems.map((p) => p.code)).toEqual(['CSV_NO_ID_COLUMN']);
  });

  it('uses the column named by --id-column, matching case-insensitively when there is no exact match', async () => {
    expect(await idColumnOf('id,Student Number', 'Student Number')).toBe('Student Number');
    expect(await idColumnOf('id,Student Number', 'student number')).toBe('Student Number');
  });
});

describe('readAppTable on invalid files', () => {
  it('rejects an empty file', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('empty.csv', '')));
    expect(error.code).toBe('CSV_EMPTY_FILE');
    expect(error.message).toMatch(
      /^empty\.csv: the file is empty: export the records again, with a header row/,
    );
  });

  it('rejects a file of blank lines, and a blank line above the header, with distinct messages', async () => {
    const blank = await inputErrorOf(readAppTable(inputFile('blank.csv', '\n\r\n\n')));
    expect(blank.code).toBe('CSV_ONLY_BLANK_LINES');
    expect(blank.message).toMatch(/^blank\.csv: the file contains only blank lines/);
    const above = await inputErrorOf(readAppTable(inputFile('above.csv', '\nid,name\n1,a\n')));
    expect(above.code).toBe('CSV_BLANK_HEADER_ROW');
    expect(above.message).toMatch(
      /^above\.csv:1: the first line is blank.*delete the blank lines above the header/,
    );
  });

  it('rejects a file whose first line is data, without echoing its values', async () => {
    for (const [name, text, column] of [
      ['numbers.csv', 'Ana,Lee,100234,3/5/2014\nBo,Kim,100235,4/6/2014\n', 3],
      ['emails.csv', 'Ana,ana.lee@example.org\n', 2],
    ] as const) {
      const error = await inputErrorOf(readAppTable(inputFile(name, text)));
      expect(error.code).toBe('CSV_NO_HEADER_ROW');
      expect(error.message).toBe(
        `${name}:1:${column}: the first line looks like a data row (column ${column} holds a number, date or email address), ` +
          'not a header row: add a first line that names each column, e.g. app_id,first_name,last_name,...',
      );
      expect(error.message).not.toMatch(/Ana|Lee|100234|example\.org/);
    }
  });

  it('rejects a header with no data rows', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('header-only.csv', 'id,name\r\n')));
    expect(error.code).toBe('CSV_NO_DATA_ROWS');
    expect(error.message).toMatch(
      /^header-only\.csv:2: the file has a header row but no data rows: export it again/,
    );
  });

  it('reports each ragged row with expected and found column counts', async () => {
    const path = inputFile('ragged.csv', 'id,first,last\n1,a,b\n2,a\n3,a,b,c\n4,a,b\n');
    const error = await inputErrorOf(readAppTable(path));
    expect(error.problems).toEqual([
      expect.objectContaining({ file: 'ragged.csv', line: 3, code: 'CSV_RAGGED_ROW' }),
      expect.objectContaining({ file: 'ragged.csv', line: 4, code: 'CSV_RAGGED_ROW' }),
    ]);
    expect(error.message).toMatch(
      /ragged\.csv:3: this row has 2 columns but the header has 3: add the missing cells/,
    );
    expect(error.message).toMatch(
      /ragged\.csv:4: this row has 4 columns but the header has 3: quote cells that contain commas/,
    );
  });

  it('lists the first 20 ragged rows and counts the rest', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i},only-two`).join('\n');
    const error = await inputErrorOf(readAppTable(inputFile('many-ragged.csv', `id,a,b\n${rows}\n`)));
    expect(error.problems).toHaveLength(21);
    expect(error.problems[19].line).toBe(21);
    expect(error.problems[20].message).toBe('and 5 more rows have the wrong number of columns');
  });

  it('rejects a blank line between rows, naming its line', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('gap.csv', 'id,name\n1,a\n\n2,b\n')));
    expect(error.code).toBe('CSV_BLANK_LINE');
    expect(error.message).toBe('gap.csv:3: this line is blank but rows follow it: delete the blank line');
  });

  it('rejects an unclosed quote, naming the line where the quoted cell starts and its column', async () => {
    const path = inputFile('unclosed.csv', 'id,first,last\n1,a,b\n2,"Ann,Lee\n3,c,d\n');
    const error = await inputErrorOf(readAppTable(path));
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'first', code: 'CSV_UNCLOSED_QUOTE' }),
    ]);
    expect(error.message).toMatch(
      /^unclosed\.csv:3 \(column "first"\): a quoted cell that starts on this line is never closed/,
    );
    expect(error.message).toMatch(/add the missing closing double quote/);
  });

  it('rejects a stray quote inside an unquoted cell, saying how to quote it', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('stray.csv', 'id,height\n1,5\'10"\n')));
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 2, column: 'height', code: 'CSV_STRAY_QUOTE' }),
    ]);
    expect(error.message).toMatch(
      /stray\.csv:2 \(column "height"\): a double quote appears inside a cell that is not quoted/,
    );
    expect(error.message).toMatch(/wrap the whole cell in double quotes and double every quote inside it/);
  });

  it('rejects text after a closing quote, on the physical line where it occurs', async () => {
    const path = inputFile('after-quote.csv', 'id,note\n1,"two\nlines"x\n');
    const error = await inputErrorOf(readAppTable(path));
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'note', code: 'CSV_TEXT_AFTER_QUOTE' }),
    ]);
    expect(error.message).toMatch(/after-quote\.csv:3 \(column "note"\): text follows the closing quote/);
  });

  it('rejects duplicate header names, naming both columns', async () => {
    const error = await inputErrorOf(
      readAppTable(inputFile('dup-header.csv', 'id,Email,name,email \n1,a,b,c\n')),
    );
    expect(error.code).toBe('CSV_DUPLICATE_HEADER');
    expect(error.message).toBe(
      'dup-header.csv:1:4: columns 2 ("Email") and 4 ("email") have the same name: rename one of them, or delete the duplicate column',
    );
  });

  it('rejects a blank header name, naming its column number', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('blank-header.csv', 'id,,name\n1,x,y\n')));
    expect(error.code).toBe('CSV_BLANK_HEADER');
    expect(error.message).toBe(
      'blank-header.csv:1:2: column 2 has no name in the header row: give it a name, or delete the column if it is empty',
    );
  });

  it('rejects a file with no recognisable id column, listing the headers and pointing at --id-column', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('no-id.csv', 'First Name,SIS ID\nAna,123\n')));
    expect(error.code).toBe('CSV_NO_ID_COLUMN');
    expect(error.message).toMatch(/^no-id\.csv:1: no column holds the app's internal id/);
    expect(error.message).toMatch(/The header row has: "First Name", "SIS ID"\. Pass --id-column/);
  });

  it('rejects two equally likely id columns instead of guessing', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('two-ids.csv', 'App ID,app_id\n1,2\n')));
    expect(error.code).toBe('CSV_AMBIGUOUS_ID_COLUMN');
    expect(error.message).toMatch(/"App ID", "app_id".*pass --id-column/);
  });

  it('rejects an --id-column that is not in the header, listing the headers', async () => {
    const path = inputFile('wrong-id.csv', 'id,name\n1,a\n');
    const error = await inputErrorOf(readAppTable(path, { idColumn: 'Student Key' }));
    expect(error.code).toBe('CSV_ID_COLUMN_NOT_FOUND');
    expect(error.message).toBe(
      'wrong-id.csv:1: there is no column named "Student Key" (the id column you asked for). The header row has: "id", "name". Pass one of these names as --id-column',
    );
  });

  it('rejects empty id cells, naming each line', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('empty-id.csv', 'id,name\n1,a\n,b\n  ,c\n')));
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'id', code: 'CSV_EMPTY_ID' }),
      expect.objectContaining({ line: 4, column: 'id', code: 'CSV_EMPTY_ID' }),
    ]);
    expect(error.message).toMatch(
      /empty-id\.csv:3 \(column "id"\): the id cell is empty: every row needs the internal id/,
    );
  });

  it('rejects duplicate ids, listing the lines of each duplicate without echoing the id', async () => {
    const rows = ['1,a', '2,b', '1,c', '3,d', '2,e', '1,f'].join('\n');
    const error = await inputErrorOf(readAppTable(inputFile('dup-ids.csv', `id,name\n${rows}\n`)));
    expect(error.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'CSV_DUPLICATE_ID'],
      [3, 'CSV_DUPLICATE_ID'],
    ]);
    expect(error.message).toMatch(
      /dup-ids\.csv:2 \(column "id"\): the id on this line is also used on lines 4, 7: ids must be unique/,
    );
    expect(error.message).toMatch(
      /dup-ids\.csv:3 \(column "id"\): the id on this line is also used on line 6:/,
    );
  });

  it('caps the lines listed for one duplicated id with "and N more"', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => `42,n${i}`).join('\n');
    const error = await inputErrorOf(readAppTable(inputFile('many-dups.csv', `id,name\n${rows}\n`)));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(/also used on lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 3 more:/);
  });

  it('reports ragged rows and id problems of the same file together', async () => {
    const error = await inputErrorOf(readAppTable(inputFile('several.csv', 'id,name\n1,a\n1,b\n2\n,c\n')));
    expect(error.problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'CSV_RAGGED_ROW'],
      [5, 'CSV_EMPTY_ID'],
      [2, 'CSV_DUPLICATE_ID'],
    ]);
  });

  it('rejects a semicolon- or tab-separated export, saying to export with commas', async () => {
    for (const [name, text, what] of [
      ['semicolons.csv', 'id;name\n1;a\n', 'semicolons'],
      ['tabs.csv', 'id\tname\n1\ta\n', 'tabs'],
    ]) {
      const error = await inputErrorOf(readAppTable(inputFile(name, text)));
      expect(error.code).toBe('CSV_WRONG_DELIMITER');
      expect(error.message).toMatch(
        new RegExp(`^${name.replace('.', '\\.')}:1: .*separated by ${what}.*Comma delimited`),
      );
    }
  });

  it('rejects a missing file with a message naming the path', async () => {
    const error = await inputErrorOf(readAppTable('/nonexistent/dir/roster.csv'));
    expect(error.code).toBe('INPUT_NOT_FOUND');
    expect(error.message).toBe(
      '/nonexistent/dir/roster.csv: the file does not exist or cannot be read: check the path',
    );
  });

  it('rejects a file larger than the size limit before reading it, and while streaming it', async () => {
    const text = `id,name\n${'1,abcdefgh\n'.repeat(20)}`;
    const fromDisk = await inputErrorOf(
      readAppTable(inputFile('big.csv', text), { limits: { maxFileBytes: 100 } }),
    );
    expect(fromDisk.message).toBe(
      'big.csv: the file is larger than the 100 bytes limit: split it into smaller files',
    );
    const fromStream = await inputErrorOf(
      readAppTableFromStream(chunkedStream(text, 16), 'big.csv', { limits: { maxFileBytes: 100 } }),
    );
    expect(fromStream.code).toBe('INPUT_FILE_TOO_LARGE');
  });

  it('rejects a line longer than the line limit, naming the line', async () => {
    const text = `id,name\n1,a\n2,${'x'.repeat(200)}\n`;
    const error = await inputErrorOf(
      readAppTable(inputFile('long.csv', text), { limits: { maxLineBytes: 100 } }),
    );
    expect(error.code).toBe('INPUT_LINE_TOO_LONG');
    expect(error.message).toMatch(/^long\.csv:3: this line is longer than the 100 bytes limit/);
  });

  it('rejects a multi-line quoted row longer than the limit as a probable unclosed quote', async () => {
    const text = `id,note\n1,"${'x\n'.repeat(80)}\n`;
    const error = await inputErrorOf(
      readAppTable(inputFile('runaway.csv', text), { limits: { maxLineBytes: 100 } }),
    );
    expect(error.code).toBe('CSV_RECORD_TOO_LONG');
    expect(error.message).toMatch(
      /^runaway\.csv:2: the row starting on this line is longer than the 100 bytes limit.*never closed/,
    );
  });

  it('applies the shared encoding and binary checks (details in text-input.test.ts)', async () => {
    const latin1 = Buffer.from('id,name\n1,Jos\xe9\n', 'latin1');
    const error = await inputErrorOf(readAppTable(inputFile('latin1.csv', latin1)));
    expect(error.message).toMatch(/^latin1\.csv:2: the file is not valid UTF-8.*Windows-1252/);
  });
});

describe('readAppTable on randomly corrupted files', () => {
  it('either reads the file or rejects it with at least one located problem, never anything else', async () => {
    const valid = Buffer.from(
      'app_id,first,last,note\r\n1,Ana,Lee,"a, b"\r\n2,José,Kim,"say ""hi"""\r\n3,Bo,Li,x\r\n',
    );
    const noise = [0x22, 0x2c, 0x0a, 0x0d, 0x00, 0xe9, 0xff, 0xef, 0x3b, 0x20];
    // A fixed-seed generator, so any failure reproduces.
    let seed = 42;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    let rejected = 0;
    for (let trial = 0; trial < 300; trial++) {
      const bytes = [...valid];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(bytes.length + 1);
        if (random(2) === 0) bytes.splice(at, 1);
        else bytes.splice(at, 0, noise[random(noise.length)]);
      }
      const input = Buffer.from(bytes);
      const outcome = await readAppTableFromStream(chunkedStream(input, 1 + random(16)), 'fuzz.csv').then(
        (table) => table,
        (error: unknown) => error,
      );
      if ('rowCount' in (outcome as object)) continue;
      rejected++;
      const error = await inputErrorOf(Promise.reject(outcome));
      expect(
        error.problems.length,
        `trial ${trial}: ${JSON.stringify(input.toString('latin1'))}`,
      ).toBeGreaterThan(0);
      for (const problem of error.problems) expect(problem.file).toBe('fuzz.csv');
    }
    expect(rejected).toBeGreaterThan(100);
  });
});
