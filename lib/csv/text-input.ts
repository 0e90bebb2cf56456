// Byte-level checks shared by every text file we ingest (the app CSV and the Clever NDJSON roster): they
// run on the raw bytes before any parser sees them, so a spreadsheet, a PDF, a UTF-16 export or a
// Windows-1252 file gets a message that names the actual problem and its fix instead of a parser error
// about quotes or columns on a line of garbage.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { InputError, type InputProblem } from '../errors.ts';

/**
 * Size limits for one input file. They bound memory and time for a single upload and catch files that are
 * not line-oriented text at all (one "line" of 50 MB is a binary or a broken quote, never a roster row).
 */
export interface InputLimits {
  /** Largest accepted file in bytes. */
  maxFileBytes: number;
  /** Longest accepted physical line in bytes (a CSV record spanning several lines is capped at the same size). */
  maxLineBytes: number;
}

/**
 * Defaults: 2 GiB per file (a 1,000,000-row × 12-column export is about 150 MB, so this leaves ample room
 * while keeping a whole file within a Lambda's memory and 15-minute budget) and 1 MiB per line (a roster row
 * is a few hundred bytes; a Clever section listing thousands of students is still well under 1 MiB).
 */
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxFileBytes: 2 * 1024 ** 3,
  maxLineBytes: 1024 ** 2,
});

/** What the file should be, so messages say "not a CSV file" or "not an NDJSON file". */
export type TextFormat = 'CSV' | 'NDJSON';

const FIX_HINT: Record<TextFormat, string> = {
  CSV: 'export it as "CSV UTF-8 (Comma delimited)" (Excel: File > Save As) and upload that file',
  NDJSON: 'provide the roster as UTF-8 text with one Clever JSON object per line',
};

/** Chunk size for reading input files: large chunks keep per-chunk overhead negligible at 100+ MB. */
const READ_CHUNK_BYTES = 1024 ** 2;

/**
 * Opens an input file for streaming after checking, with a message a user can act on, that it exists, is a
 * file and is within the size limit. Messages name the file by its base name, as every other input message does.
 */
export async function openInputFile(path: string, limits: InputLimits): Promise<Readable> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile())
      throw new InputError([
        { file: path, code: 'INPUT_NOT_A_FILE', message: 'this is a directory, not a file: check the path' },
      ]);
    size = stats.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([
      {
        file: path,
        code: 'INPUT_NOT_FOUND',
        message: 'the file does not exist or cannot be read: check the path',
      },
    ]);
  }
  if (size > limits.maxFileBytes)
    throw new InputError([
      {
        file: basename(path),
        code: 'INPUT_FILE_TOO_LARGE',
        message: `the file is larger than the ${formatBytes(limits.maxFileBytes)} limit: split it into smaller files`,
      },
    ]);
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

interface Signature {
  bytes: number[];
  what: string;
}

// Magic numbers of the files people most often upload by mistake instead of a CSV export.
const SIGNATURES: Signature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-format Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file (decompress it first)' },
];

const UTF16_OR_32_BOMS: Signature[] = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], what: 'UTF-32 (little-endian)' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], what: 'UTF-32 (big-endian)' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 (little-endian, "Unicode text" in Excel)' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 (big-endian)' },
];

/** Enough leading bytes to recognise every signature above. */
const HEAD_BYTES = 8;

function startsWith(head: Buffer, signature: Signature): boolean {
  return head.length >= signature.bytes.length && signature.bytes.every((byte, i) => head[i] === byte);
}

/** Recognises binary files and non-UTF-8 Unicode encodings from the first bytes of a file. */
export function checkFileSignature(head: Buffer, file: string, format: TextFormat): InputProblem | undefined {
  const binary = SIGNATURES.find((signature) => startsWith(head, signature));
  if (binary)
    return {
      file,
      code: 'INPUT_BINARY_FILE',
      message: `this is ${binary.what}, not a ${format} file: ${FIX_HINT[format]}`,
    };
  const unicode = UTF16_OR_32_BOMS.find((signature) => startsWith(head, signature));
  if (unicode)
    return {
      file,
      line: 1,
      code: 'INPUT_NOT_UTF8',
      message: `the file is encoded as ${unicode.what}, not UTF-8: ${FIX_HINT[format]}, or convert it with \`iconv -f UTF-16 -t UTF-8\``,
    };
  return undefined;
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Length(bytes: Buffer): number {
  const end = bytes.length;
  // A sequence is at most 4 bytes, so only the last 3 can belong to an unfinished one.
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back];
    if (byte < 0x80) return end;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? end - back : end;
    }
  }
  return end;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (the caller knows there is one). */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    if (byte < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) {
      needed = 1;
      min = 0x80;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      needed = 2;
      min = 0x800;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      needed = 3;
      min = 0x10000;
    } else return i;
    if (i + needed >= bytes.length) return i;
    let codePoint = byte & (0x3f >> needed);
    for (let k = 1; k <= needed; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += needed + 1;
  }
  return bytes.length;
}

function countLineFeeds(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  let at = bytes.indexOf(0x0a, from);
  while (at !== -1 && at < to) {
    count++;
    at = bytes.indexOf(0x0a, at + 1);
  }
  return count;
}

/** NUL bytes on every other position of ASCII-looking text are the signature of UTF-16 without a BOM. */
function looksLikeUtf16WithoutBom(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  if (sample.length < 4) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  const half = sample.length / 2;
  return evenNuls >= half * 0.8 || oddNuls >= half * 0.8;
}

/**
 * A pass-through stream that rejects, with an InputError naming the file and line, anything that is not
 * UTF-8 text within the limits: known binary signatures, UTF-16/32, NUL bytes, invalid UTF-8 (with a hint
 * when the bytes look like Windows-1252), CR-only line endings, over-long lines and over-large files.
 * It passes the original chunks through unchanged, so parsers downstream still stream.
 */
export class TextInputGuard extends Transform {
  private head: Buffer | undefined = Buffer.alloc(0);
  /** Bytes read so far (all of the file once the stream has ended). */
  bytesSeen = 0;
  private lineFeedsSeen = 0;
  private currentLineStart = 0;
  private pendingUtf8 = Buffer.alloc(0);
  private lineEndingsChecked = false;
  private previousChunkEndedWithCr = false;

  constructor(
    private readonly file: string,
    private readonly format: TextFormat,
    private readonly limits: InputLimits,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(this.accept(chunk));
  }

  override _flush(callback: TransformCallback): void {
    callback(this.finish());
  }

  private accept(chunk: Buffer): InputError | undefined {
    if (this.head === undefined) return this.inspect(chunk);
    // Hold back the first bytes until the file signature can be recognised.
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < HEAD_BYTES) return undefined;
    return this.inspectHead();
  }

  private finish(): InputError | undefined {
    if (this.head !== undefined && this.head.length > 0) {
      const error = this.inspectHead();
      if (error) return error;
    }
    if (this.pendingUtf8.length > 0) return this.notUtf8(this.pendingUtf8, 0, this.lineFeedsSeen + 1);
    return undefined;
  }

  private inspectHead(): InputError | undefined {
    const head = this.head ?? Buffer.alloc(0);
    this.head = undefined;
    const problem = checkFileSignature(head, this.file, this.format);
    return problem ? new InputError([problem]) : this.inspect(head);
  }

  /** Checks one chunk and pushes it on; returns the error that stops the stream, if any. */
  private inspect(chunk: Buffer): InputError | undefined {
    const chunkStart = this.bytesSeen;
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.limits.maxFileBytes)
      return this.fail({
        code: 'INPUT_FILE_TOO_LARGE',
        message: `the file is larger than the ${formatBytes(this.limits.maxFileBytes)} limit: split it into smaller files`,
      });

    const nul = chunk.indexOf(0);
    if (nul !== -1) return this.binaryContent(chunk, nul);

    const utf8Error = this.checkUtf8(chunk);
    if (utf8Error) return utf8Error;

    if (!this.lineEndingsChecked) {
      const lineEndingError = this.checkLineEndings(chunk);
      if (lineEndingError) return lineEndingError;
    }

    let lineFeed = chunk.indexOf(0x0a);
    while (lineFeed !== -1) {
      const lineEnd = chunkStart + lineFeed;
      if (lineEnd - this.currentLineStart > this.limits.maxLineBytes) return this.lineTooLong();
      this.lineFeedsSeen++;
      this.currentLineStart = lineEnd + 1;
      lineFeed = chunk.indexOf(0x0a, lineFeed + 1);
    }
    if (this.bytesSeen - this.currentLineStart > this.limits.maxLineBytes) return this.lineTooLong();

    this.push(chunk);
    return undefined;
  }

  private checkUtf8(chunk: Buffer): InputError | undefined {
    const carried = this.pendingUtf8.length;
    const bytes = carried > 0 ? Buffer.concat([this.pendingUtf8, chunk]) : chunk;
    const complete = completeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, complete))) {
      const offset = firstInvalidUtf8Offset(bytes.subarray(0, complete));
      // The carried bytes hold no line feed, so lines are counted in the chunk itself.
      const line = this.lineFeedsSeen + 1 + countLineFeeds(chunk, 0, Math.max(0, offset - carried));
      return this.notUtf8(bytes, offset, line);
    }
    // Copy the few trailing bytes so the pending sequence does not pin the whole chunk in memory.
    this.pendingUtf8 = Buffer.from(bytes.subarray(complete));
    return undefined;
  }

  private checkLineEndings(chunk: Buffer): InputError | undefined {
    if (this.previousChunkEndedWithCr) {
      if (chunk[0] !== 0x0a) return this.crOnlyLineEndings();
      this.lineEndingsChecked = true;
      return undefined;
    }
    const lineFeed = chunk.indexOf(0x0a);
    const carriageReturn = chunk.indexOf(0x0d);
    if (carriageReturn === -1 || (lineFeed !== -1 && lineFeed < carriageReturn)) {
      this.lineEndingsChecked = lineFeed !== -1;
      return undefined;
    }
    if (carriageReturn === chunk.length - 1) {
      this.previousChunkEndedWithCr = true;
      return undefined;
    }
    if (chunk[carriageReturn + 1] !== 0x0a) return this.crOnlyLineEndings();
    this.lineEndingsChecked = true;
    return undefined;
  }

  private fail(problem: Omit<InputProblem, 'file'>): InputError {
    return new InputError([{ file: this.file, ...problem }]);
  }

  private lineTooLong(): InputError {
    return this.fail({
      line: this.lineFeedsSeen + 1,
      code: 'INPUT_LINE_TOO_LONG',
      message:
        `this line is longer than the ${formatBytes(this.limits.maxLineBytes)} limit. ` +
        `A ${this.format} row is normally a few hundred bytes, so the file is probably not a ${this.format} export ` +
        'or has line breaks missing: check the file and export it again',
    });
  }

  private crOnlyLineEndings(): InputError {
    return this.fail({
      line: 1,
      code: 'INPUT_CR_LINE_ENDINGS',
      message:
        'lines end with a lone carriage return (old Mac format), which is not supported: ' +
        're-save the file with Windows (CRLF) or Unix (LF) line endings',
    });
  }

  private binaryContent(chunk: Buffer, nulOffset: number): InputError {
    const line = this.lineFeedsSeen + 1 + countLineFeeds(chunk, 0, nulOffset);
    if (this.bytesSeen === chunk.length && looksLikeUtf16WithoutBom(chunk))
      return this.fail({
        line,
        code: 'INPUT_NOT_UTF8',
        message: `the file looks like UTF-16 text without a byte-order mark, not UTF-8: ${FIX_HINT[this.format]}`,
      });
    return this.fail({
      line,
      code: 'INPUT_BINARY_FILE',
      message: `the file contains NUL bytes, so it is a binary file rather than ${this.format} text: ${FIX_HINT[this.format]}`,
    });
  }

  private notUtf8(bytes: Buffer, offset: number, line: number): InputError {
    const isHigh = (at: number) => at >= 0 && at < bytes.length && bytes[at] >= 0x80;
    // Windows-1252 / ISO-8859-1 write each accented letter as one byte >= 0x80 between ASCII bytes;
    // anything else (runs of high bytes) is more likely some other encoding or binary data.
    const single = isHigh(offset) && !isHigh(offset - 1) && !isHigh(offset + 1);
    const byte = bytes[offset];
    const byteText =
      byte === undefined ? '' : ` (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')})`;
    const message = single
      ? `the file is not valid UTF-8${byteText}; it looks like Windows-1252 or ISO-8859-1 (what Excel writes for plain "CSV"). ` +
        `Re-save it as "CSV UTF-8 (Comma delimited)", or convert it with \`iconv -f WINDOWS-1252 -t UTF-8 input > output\``
      : `the file is not valid UTF-8 text${byteText}: ${FIX_HINT[this.format]}`;
    return this.fail({ line, code: 'INPUT_NOT_UTF8', message });
  }
}
