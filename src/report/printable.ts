/**
 * The one sanitiser for text that reaches a terminal. A cohort cell, a header name, a rule
 * description or an error quoting any of them can hold escape codes: sent as they are, they
 * could set the window title, clear the screen, move the cursor or hide text. Every control
 * character (C0, DEL, C1) and every bidirectional override (which can make text read in another
 * order than it is stored) is shown as "?". Files (CSV, JSON, spreadsheets) keep values as they
 * are; only what is shown is made safe.
 *
 * It is applied where text is written, not where it is made: the command line's Io (cli/terminal.ts)
 * passes everything through terminalText, and the review screen's cells through printable, so a
 * new message cannot forget it.
 */
import { STYLE_CODES } from './style.js';
import { formatCount } from '../words.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of a cell: every control character, newlines and tabs included, becomes "?". */
export function printable(text: string): string {
  return text.replace(CONTROL, '?');
}

/** A value longer than this is cut in a message: a 900 KB header name is not worth printing. */
export const LONGEST_SHOWN = 200;

/**
 * Text for stdout or stderr: line breaks and tabs stay, the colour codes this tool makes itself
 * (style.ts) stay, every other control character becomes "?". With `cut`, a run of more than
 * LONGEST_SHOWN characters without a space is shortened, saying how much was left out.
 */
export function terminalText(text: string, cut = false): string {
  // eslint-disable-next-line no-control-regex
  let safe = text.replace(/\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (m) =>
    STYLE_CODES.has(m) ? m : '?',
  );
  return cut ? cutLongRuns(safe) : safe;
}

/**
 * Shortens every run of more than LONGEST_SHOWN characters without a space, saying how much
 * was left out. A table's rule (a run of "─") is not a value and is never cut; the quote or
 * bracket that closes a cut value is kept, so the message around it still reads.
 */
export function cutLongRuns(text: string): string {
  return text.replace(LONG_RUN, cutLong);
}

const LONG_RUN = new RegExp(`[^\\s\u2500]{${LONGEST_SHOWN + 1},}`, 'g');

function cutLong(run: string): string {
  const chars = [...run];
  if (chars.length <= LONGEST_SHOWN) return run;
  const closing = /['"’”)\]}.,;:]{0,4}$/.exec(run)?.[0] ?? '';
  const kept = chars.slice(0, LONGEST_SHOWN - 40).join('');
  const left = chars.length - (LONGEST_SHOWN - 40) - closing.length;
  return `${kept}… (${formatCount(left)} more characters not shown)${closing}`;
}
