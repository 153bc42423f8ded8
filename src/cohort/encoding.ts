/**
 * Checks the raw bytes before csv-parse sees them: the file must be UTF-8 text. Excel's plain
 * "CSV (Comma delimited)" writes Windows-1252, where "é" and "£" are single bytes that are not
 * UTF-8; csv-parse would read them silently as U+FFFD. A workbook or other binary file is
 * refused outright rather than parsed into nonsense columns.
 */
import { isUtf8 } from 'node:buffer';
import { CohortError, makeProblem } from './problems.js';

const RESAVE = "save it as 'CSV UTF-8 (Comma delimited)' in Excel (or convert it to UTF-8) and try again";

const NEWLINE = 0x0a;

/**
 * How many leading bytes end on a whole character: a multi-byte character whose lead byte is
 * among the last three and whose continuation bytes are not all there is left for later.
 */
function completeLength(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  while (i >= 0 && i >= bytes.length - 4 && ((bytes[i] ?? 0) & 0xc0) === 0x80) i--;
  if (i < 0) return bytes.length;
  const lead = bytes[i] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - i < need ? i : bytes.length;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  let at = -1;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  while ((at = buffer.indexOf(NEWLINE, at + 1)) !== -1) count++;
  return count;
}

/**
 * Feed every chunk, in order, to {@link ByteGuard.check}, then call {@link ByteGuard.end}. Each
 * throws a CohortError of kind 'encoding' saying which line holds the first bad byte.
 */
export class ByteGuard {
  /** The bytes of a character cut by the end of the previous chunk, checked with the next. */
  private carry: Uint8Array = new Uint8Array(0);
  /** Newlines in the chunks already checked, for the line of a bad byte. */
  private newlines = 0;
  private started = false;
  /** The end of the previous chunk: a character split across chunks starts there. */
  private tail: Uint8Array = new Uint8Array(0);

  constructor(private readonly file: string) {}

  check(chunk: Uint8Array): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      this.checkSignature(chunk);
    }
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      const line = this.lineAt(chunk, nul);
      this.fail(line, `is not a CSV text file: it holds binary data (a NUL byte on line ${line})`);
    }
    // node:buffer's isUtf8 validates without building a string (TextDecoder made one per chunk
    // only to throw it away); a character cut by the chunk's end waits for the next chunk.
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = completeLength(bytes);
    if (!isUtf8(bytes.subarray(0, whole))) this.notUtf8(chunk);
    this.carry = Uint8Array.from(bytes.subarray(whole));
    this.newlines += countNewlines(chunk);
    this.tail = chunk.subarray(Math.max(0, chunk.length - 3));
  }

  end(): void {
    if (this.carry.length > 0) {
      const line = this.newlines + 1;
      this.fail(line, `ends in the middle of a UTF-8 character (line ${line}); it may be cut short or not be UTF-8: ${RESAVE}`);
    }
  }

  private checkSignature(head: Uint8Array): void {
    const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
    if (starts(0x50, 0x4b, 0x03, 0x04)) {
      this.fail(null, `looks like an Excel workbook (.xlsx), not a CSV text file: ${RESAVE}`);
    }
    if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
      this.fail(null, `looks like an old Excel workbook (.xls), not a CSV text file: ${RESAVE}`);
    }
    if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
      this.fail(null, `is UTF-16 text (Excel's 'Unicode Text'), not UTF-8: ${RESAVE}`);
    }
  }

  /**
   * Finds the first byte that is not UTF-8. Validity of a prefix (allowing an unfinished
   * character at its end) only ever goes from true to false as the prefix grows, so a binary
   * search with TextDecoder itself finds it without a hand-written UTF-8 decoder.
   */
  private notUtf8(chunk: Uint8Array): never {
    // Re-check from the start of a character that may have begun in the previous chunk.
    let skip = 0;
    while (skip < this.tail.length && ((this.tail[skip] ?? 0) & 0xc0) === 0x80) skip++;
    const carried = this.tail.subarray(skip);
    const bytes = new Uint8Array(carried.length + chunk.length);
    bytes.set(carried);
    bytes.set(chunk, carried.length);
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1;
      if (validPrefix(bytes, mid)) good = mid;
      else bad = mid;
    }
    // `bad` is the shortest invalid prefix: decoding fails on its last byte. The byte to blame
    // is that one, unless it broke off a character begun just before (Windows-1252 "é" is a
    // lone 0xE9, which UTF-8 reads as the start of a three-byte character).
    let culprit = bad - 1;
    for (let back = culprit - 1; back >= Math.max(0, culprit - 3); back--) {
      const byte = bytes[back] ?? 0;
      if ((byte & 0xc0) === 0x80) continue;
      if (byte >= 0xc0) culprit = back;
      break;
    }
    const at = Math.max(0, culprit - carried.length);
    const byte = bytes[culprit] ?? 0;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const guess = windows1252(byte);
    const seen = guess === null ? `the byte ${hex}` : `the byte ${hex} ('${guess}' in Windows-1252)`;
    const line = this.lineAt(chunk, at);
    this.fail(
      line,
      `is not UTF-8 text: line ${line} has ${seen}, so it was probably saved as Windows-1252 (Excel's plain 'CSV (Comma delimited)'); ${RESAVE}`,
    );
  }

  private lineAt(chunk: Uint8Array, at: number): number {
    return this.newlines + countNewlines(chunk, at) + 1;
  }

  /** "cohort.csv is not UTF-8 text: line 4 has …": the line goes in the reason, read naturally. */
  private fail(line: number | null, reason: string): never {
    throw CohortError.of(makeProblem({ kind: 'encoding', file: this.file, line, reason, subject: this.file }));
  }
}

function validPrefix(bytes: Uint8Array, length: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** What a byte would be in Windows-1252, when that is a printable character. */
function windows1252(byte: number): string | null {
  if (byte < 0x80) return null;
  try {
    const char = new TextDecoder('windows-1252').decode(Uint8Array.of(byte));
    return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(char) ? char : null;
  } catch {
    return null;
  }
}
