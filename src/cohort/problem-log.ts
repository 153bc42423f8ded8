/**
 * The invalid rows of one read, kept as the caller asked: with `skipInvalid`, one problem per
 * row left out, every row; without it, the first problems found (enough to show) and how many
 * there are in all, to be thrown together at the end.
 */
import { CohortError, PROBLEMS_SHOWN, type CohortProblem } from './problems.js';

export class ProblemLog {
  /** Rows with at least one problem. */
  invalidRows = 0;
  /** With `skipInvalid`: one problem per row left out (the first; the message names the rest). */
  readonly skipped: CohortProblem[] = [];
  /** Without `skipInvalid`: the first {@link PROBLEMS_SHOWN} problems, and how many in all. */
  private readonly shown: CohortProblem[] = [];
  private total = 0;

  constructor(private readonly skipInvalid: boolean) {}

  /** One invalid row's problems, in column order. */
  addRow(problems: readonly CohortProblem[]): void {
    this.invalidRows++;
    if (this.skipInvalid) {
      const [first, ...more] = problems;
      if (first === undefined) return;
      if (more.length === 0) {
        this.skipped.push(first);
      } else {
        const others = more.map((p) => p.column ?? p.kind).join(', ');
        const note = ` (and ${counted(more.length, 'more problem')} in this row: ${others})`;
        this.skipped.push({ ...first, message: first.message + note });
      }
      return;
    }
    this.total += problems.length;
    for (const problem of problems) {
      if (this.shown.length < PROBLEMS_SHOWN) this.shown.push(problem);
    }
  }

  /** Without `skipInvalid`, any invalid row fails the read: one error listing the problems. */
  throwIfAny(file: string): void {
    if (this.skipInvalid || this.total === 0) return;
    throw new CohortError(this.shown, {
      total: this.total,
      headline: `${file} has ${counted(this.total, 'problem')} in ${counted(this.invalidRows, 'row')}; fix them, or use --skip-invalid to leave those rows out:`,
    });
  }
}

/** "1 row", "1,204 rows": for the reader's messages. */
export function counted(n: number, noun: string): string {
  return `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}
