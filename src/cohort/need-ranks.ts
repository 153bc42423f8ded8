/**
 * A SEN2 table with a row per need of a person (`sentyperank`, 1 the primary need), read as
 * one case per person. The rows of one person are together, rank 1 first (the return's own
 * order): the rank-1 row is the case; a rank-2 row of the same case_id right after it gives its
 * secondary need (unless a secondary-need column already did); ranks 3 and beyond are counted
 * but not used. Each case is held back until the rows after it have had their say, so that
 * whoever counts cases as they come (check) sees it whole.
 */
import type { Case } from './case.js';
import { parseSenType } from './codes.js';
import { NEED_RANK_HEADERS } from './columns.js';
import { makeProblem, type CohortProblem } from './problems.js';
import { REASONS } from './row-schema.js';
import { foldHeader } from '../spelling.js';

/** Where the file's need-rank column is, or -1. */
export function needRankColumn(headers: readonly string[]): number {
  const names = new Set(NEED_RANK_HEADERS.map(foldHeader));
  return headers.findIndex((h) => names.has(foldHeader(h)));
}

/** What a row is: a case like any other, folded into the case above, or a problem of its own. */
export type RankedRow = { kind: 'case' } | { kind: 'folded' } | { kind: 'problem'; problem: CohortProblem };

export interface RankColumns {
  /** Positions in the record of the rank, the case_id and the need (`sentype`). */
  rank: number;
  caseId: number;
  need: number;
  /** The rank's header as written, and the need column as messages name it. */
  rankHeader: string;
  needLabel: string;
}

export class NeedRanks {
  private pending: Case | null = null;
  /** The case_id of the last rank-1 row, as written (never shown). */
  private lastPerson: string | undefined;
  private folded = 0;

  constructor(
    private readonly columns: RankColumns,
    private readonly file: string,
    private readonly sheet: string | undefined,
    private readonly onCase: (c: Case) => void,
  ) {}

  /** Says what a row is, folding a further need into the case held back. */
  row(record: readonly string[], line: number): RankedRow {
    const { rank: rankAt, caseId, need: needAt, rankHeader, needLabel } = this.columns;
    const rank = (record[rankAt] ?? '').trim();
    const id = (record[caseId] ?? '').trim();
    if (rank === '' || /^0*1$/.test(rank)) {
      this.flush();
      this.lastPerson = id;
      return { kind: 'case' };
    }
    const label = this.sheet === undefined ? rankHeader : `column "${rankHeader}"`;
    const problem = (reason: string, column = rankHeader, columnLabel = label, value: string | null = rank): RankedRow => ({
      kind: 'problem',
      problem: makeProblem({ kind: 'value', file: this.file, line, column, columnLabel, value, reason, sheet: this.sheet ?? null }),
    });
    if (!/^\d{1,3}$/.test(rank)) return problem('is not a need rank: expected 1 for the primary need, 2 for the secondary, and so on');
    if (id === '' || id !== this.lastPerson) {
      this.lastPerson = undefined;
      return problem(
        `is a further need of a case, but the row above is not the rank-1 row of the same case_id: a table with ${rankHeader} must keep each person's rows together, rank 1 first`,
      );
    }
    const held = this.pending;
    if (Number(rank) === 2 && held !== null && held.secondary_need === null) {
      const need = (record[needAt] ?? '').trim();
      const code = parseSenType(need);
      if (code === undefined) return problem(need === '' ? REASONS.missing : REASONS.need, 'primary_need', needLabel, need === '' ? null : need);
      // In place: the case may be held elsewhere too (ten-digit-ids.ts may rename it).
      // (Its secondary_need_area follows: case.ts derives it from the code.)
      held.secondary_need = code;
    }
    this.folded++;
    return { kind: 'folded' };
  }

  /** A case read from a rank-1 row: held until the rows after it are seen. */
  hold(c: Case): void {
    this.flush();
    this.pending = c;
  }

  /** Passes on the case held back; at the end of the file, and before each new person. */
  flush(): void {
    const held = this.pending;
    if (held === null) return;
    this.pending = null;
    this.onCase(held);
  }

  /** The warning that says how many rows were folded, if any were. */
  warning(): CohortProblem | null {
    if (this.folded === 0) return null;
    const { rankHeader } = this.columns;
    const rows = this.folded === 1 ? '1 row' : `${this.folded.toLocaleString('en-GB')} rows`;
    return makeProblem({
      kind: 'header',
      file: this.file,
      column: rankHeader,
      reason: `${rows} with a ${rankHeader} of 2 or more ${this.folded === 1 ? 'was' : 'were'} read as further needs of the case on the rank-1 row above (rank 2 as its secondary need; ranks 3 and beyond are not used), not as cases`,
    });
  }
}
