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
import { hasNhsCheckDigit, isTenDigits, maskedId } from './identifier-values.js';
import { ANONYMISED, identifierProblem } from './identifiers.js';
import { CohortError, makeProblem, type CohortProblem } from './problems.js';

export const DECIDING_IDS = 100;
/** Lines kept to name in a message. */
const LINES_KEPT = 10;

/** The shape of a case_id replaced under an 'nhs' verdict. */
export const NHS_SHAPE = "an NHS number (most of the file's 10-digit case_ids have a valid NHS check digit)";

export type TenDigitVerdict = 'undecided' | 'nhs' | 'references';

export class TenDigitIds {
  total = 0;
  passing = 0;
  verdict: TenDigitVerdict = 'undecided';
  /** The first lines whose case_id passes the check. */
  private readonly lines: number[] = [];
  /** The line of the last passing case_id seen, for `hold`. */
  private lastPassing = -1;
  /** Cases read with a passing id before the verdict, to be renamed if it is 'nhs'. */
  private held: Case[] = [];
  private settled = false;
  private renamed = 0;

  constructor(
    private readonly file: string,
    private readonly allowIdentifiers: boolean,
  ) {}

  /**
   * Counts a case_id and returns its shape when it must be withheld: 10 digits with a valid
   * check digit in a file judged to hold NHS numbers. The row that brings the verdict settles
   * it (see `settle`): without --allow-identifiers, that throws.
   */
  shape(id: string, line: number, sheet: string | undefined): string | null {
    if (!isTenDigits(id)) return null;
    this.total++;
    const passes = hasNhsCheckDigit(id);
    if (passes) {
      this.passing++;
      this.lastPassing = line;
      if (this.lines.length < LINES_KEPT) this.lines.push(line);
    }
    if (this.verdict === 'undecided' && this.total >= DECIDING_IDS) this.decide();
    if (this.verdict !== 'nhs') return null;
    this.settle(sheet);
    return passes ? NHS_SHAPE : null;
  }

  /** Every case read: one whose id passed is kept until the verdict, in case it must be renamed. */
  hold(c: Case): void {
    if (this.verdict === 'undecided' && c.line === this.lastPassing) this.held.push(c);
  }

  /** After the last row: decides on all the file's 10-digit ids if they were fewer than enough. */
  finish(sheet: string | undefined): number {
    if (this.decide() === 'nhs') this.settle(sheet);
    return this.renamed;
  }

  private decide(): TenDigitVerdict {
    if (this.verdict === 'undecided' && this.total > 0) {
      this.verdict = this.passing * 2 > this.total ? 'nhs' : 'references';
      if (this.verdict === 'references') this.held = [];
    }
    return this.verdict;
  }

  /**
   * Once the verdict is 'nhs': refuses the file, or with --allow-identifiers renames the cases
   * read before the verdict (later ones are replaced as they are read, by the caller). Does
   * its work once; `sheet` names rows rather than lines in a workbook.
   */
  private settle(sheet: string | undefined): void {
    if (this.settled) return;
    this.settled = true;
    if (!this.allowIdentifiers) {
      const first = this.total >= DECIDING_IDS ? 'read first ' : '';
      throw new CohortError([
        identifierProblem(
          this.file,
          'case_id',
          `${count(this.passing)} of the ${count(this.total)} case_ids of 10 digits ${first}have a valid NHS number check digit (${this.whereLines(sheet)}), where about 1 in 11 references would: they look like NHS numbers, not opaque references; ${ANONYMISED}. Replace such ids with references, or use --allow-identifiers to read the file with them replaced by line numbers`,
        ),
      ]);
    }
    for (const c of this.held) c.case_id = maskedId(c.line);
    this.renamed = this.held.length;
    this.held = [];
  }

  /** Under a 'references' verdict, the ids that pass all the same: where they are, never what. */
  warnings(sheet: string | undefined): CohortProblem[] {
    const n = this.passing;
    if (this.verdict !== 'references' || n === 0) return [];
    const ids = n === 1 ? '1 case_id of 10 digits' : `${count(n)} case_ids of 10 digits`;
    const reason = `${ids} (${this.whereLines(sheet)}) ${n === 1 ? 'has' : 'have'} a valid NHS number check digit; most of the file's ${count(this.total)} 10-digit case_ids do not, so they were read as references. Check that they are not NHS numbers`;
    return [makeProblem({ kind: 'identifier', file: this.file, column: 'case_id', reason })];
  }

  /** "lines 4, 9 and 12", "lines 4, 9, … and 170 more". */
  private whereLines(sheet: string | undefined): string {
    const place = sheet === undefined ? 'line' : 'row';
    const more = this.passing - this.lines.length;
    const shown = this.lines.join(', ');
    if (this.passing === 1) return `${place} ${shown}`;
    return more > 0 ? `${place}s ${shown} and ${more.toLocaleString('en-GB')} more` : `${place}s ${shown.replace(/, (\d+)$/, ' and $1')}`;
  }
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}
