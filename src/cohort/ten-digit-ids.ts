/**
 * Whether a file's 10-digit case_ids are NHS numbers. One id cannot say: an NHS number is 10
 * digits whose last is a check digit of the others, and about 1 in 11 arbitrary 10-digit
 * references pass that check too. So the file decides: when more than half of its 10-digit
 * case_ids pass (against about 9% by chance), they are NHS numbers, refused (or, with
 * --allow-identifiers, replaced like any identifier-shaped case_id); otherwise they are read
 * as references, and those that pass are counted in a warning naming their lines, never their
 * values.
 *
 * The first {@link DECIDING_IDS} 10-digit ids decide (all of them, in a file with fewer), so
 * that a national file is judged early and only the cases read before the verdict are held
 * back to be renamed.
 */
import type { Case } from './case.js';
import { hasNhsCheckDigit, isTenDigits } from './identifiers.js';

export const DECIDING_IDS = 100;
/** Lines kept to name in a message. */
const LINES_KEPT = 10;

export type TenDigitVerdict = 'undecided' | 'nhs' | 'references';

export class TenDigitIds {
  total = 0;
  passing = 0;
  verdict: TenDigitVerdict = 'undecided';
  /** The first lines whose case_id passes the check. */
  readonly lines: number[] = [];
  /** Cases read with a passing id before the verdict, to be renamed if it is 'nhs'. */
  private held: Case[] = [];

  /** Counts a case_id; true when it is 10 digits with a valid NHS check digit. */
  see(id: string, line: number): boolean {
    if (!isTenDigits(id)) return false;
    this.total++;
    const passes = hasNhsCheckDigit(id);
    if (passes) {
      this.passing++;
      if (this.lines.length < LINES_KEPT) this.lines.push(line);
    }
    if (this.verdict === 'undecided' && this.total >= DECIDING_IDS) this.decide();
    return passes;
  }

  /** A case read with a passing id: kept until the verdict, in case it must be renamed. */
  hold(c: Case): void {
    if (this.verdict === 'undecided') this.held.push(c);
  }

  /** Decides on what has been seen (at the end of a file with few 10-digit ids). */
  decide(): TenDigitVerdict {
    if (this.verdict === 'undecided' && this.total > 0) {
      this.verdict = this.passing * 2 > this.total ? 'nhs' : 'references';
      if (this.verdict === 'references') this.held = [];
    }
    return this.verdict;
  }

  /** The cases held back before an 'nhs' verdict, once. */
  takeHeld(): Case[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** "lines 4, 9 and 12", "lines 4, 9, … and 170 more". */
  whereLines(place: 'line' | 'row'): string {
    const more = this.passing - this.lines.length;
    const shown = this.lines.join(', ');
    if (this.passing === 1) return `${place} ${shown}`;
    return more > 0 ? `${place}s ${shown} and ${more.toLocaleString('en-GB')} more` : `${place}s ${shown.replace(/, (\d+)$/, ' and $1')}`;
  }
}
