/**
 * What `check` finds out about a cohort: the file, its problems, its coverage, and whether it
 * (or each group of it, with `--by`) can meet the rules. Groups are judged exactly as a file
 * holding only that group would be, so a verdict per la_code is the verdict for that area.
 */
import type { Case } from '../cohort/case.js';
import type { CohortSummary } from '../cohort/read.js';
import { caseValues } from '../rules/columns.js';
import type { Rules } from '../rules/schema.js';
import { countValidSamples } from '../solver/count.js';
import { explainInfeasible, sameCohort, type Explanation } from '../solver/explain.js';
import { notRelaxed, relax, type Relaxation } from '../solver/relax.js';
import type { Problem } from '../solver/problem.js';
import { countTallies, createTally, type Tally } from '../solver/tally.js';
import { CoverageAccumulator, type Coverage } from './coverage.js';

export interface Verdict {
  /** Whether a sample meets every rule as given. */
  feasible: boolean;
  /** The exact number of valid samples: under the eased rules when --relax eased them. */
  valid_samples: bigint;
  /** Why no sample meets the rules as given. */
  explanation: Explanation | null;
  /** What --relax did for this cohort or group; null without --relax. */
  relaxation: Relaxation | null;
}

/** Whether a sample can be drawn: under the rules as given, or under this verdict's easing. */
export function canDraw(v: Verdict): boolean {
  return v.feasible || (v.relaxation?.relaxed ?? false);
}

export interface GroupVerdict extends Verdict {
  /** The group's value in the --by column; `null` for cases with none. */
  key: string | null;
  cases: number;
  coverage: Coverage;
}

export interface CheckReport {
  summary: CohortSummary;
  rules: Rules;
  rulesSource: string;
  coverage: Coverage;
  /**
   * The file has invalid rows and --skip-invalid was not given: no verdict, since one on the
   * rows that happen to be valid would answer a question nobody asked.
   */
  refused: boolean;
  /** The verdict on the whole cohort; `null` when refused or with --by. */
  verdict: Verdict | null;
  /** With --by: one verdict per value, in order of first appearance in the file. */
  by: { column: string; groups: GroupVerdict[] } | null;
}

/**
 * Whether a cohort (or a tally of it) can make a sample that meets the rules; why not when not;
 * and with `relaxOn`, the smallest easing that lets it and the count under that easing.
 */
export function judge(problem: Problem, relaxOn = false): Verdict {
  return judgeCounted(problem, countValidSamples(problem), relaxOn);
}

/** As judge, with the count under the rules as given already made (check --by counts all groups at once). */
function judgeCounted(problem: Problem, count: bigint, relaxOn: boolean): Verdict {
  if (count > 0n) return { feasible: true, valid_samples: count, explanation: null, relaxation: relaxOn ? notRelaxed(problem.rules, true) : null };
  const explanation = explainInfeasible(problem);
  if (!relaxOn) return { feasible: false, valid_samples: 0n, explanation, relaxation: null };
  const relaxation = relax(problem);
  const valid_samples = relaxation.relaxed ? countValidSamples(sameCohort(problem, relaxation.rules)) : 0n;
  return { feasible: false, valid_samples, explanation, relaxation };
}

/** The --by value of a case: its first value in that column (the primary need's, for need_area). */
export function groupKey(c: Case, column: string, rules: Rules): string | null {
  return caseValues(c, column, rules)[0] ?? null;
}

/**
 * Cases split by a column as they stream past, each group with its own coverage and tally, so
 * `check` reads the file once whether or not `--by` is given, and keeps kinds of case, not rows.
 */
export class GroupAccumulator {
  private readonly groups = new Map<string | null, { tally: Tally; coverage: CoverageAccumulator }>();

  constructor(
    readonly column: string,
    private readonly rules: Rules,
    /** --relax: each group that cannot meet the rules gets its own smallest easing. */
    private readonly relaxOn = false,
  ) {}

  add(c: Case): void {
    const key = groupKey(c, this.column, this.rules);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { tally: createTally(this.rules), coverage: new CoverageAccumulator(this.rules) };
      this.groups.set(key, group);
    }
    group.tally.add(c);
    group.coverage.add(c);
  }

  get size(): number {
    return this.groups.size;
  }

  /**
   * Judges every group: all are counted together over one shared graph (each exactly as if
   * it were a file of its own), and only a group that cannot meet the rules is prepared on
   * its own, for its explanation. `onGroup` reports progress for long files.
   */
  judgeAll(onGroup?: (done: number, total: number) => void): GroupVerdict[] {
    const groups = [...this.groups];
    const counts = countTallies(groups.map(([, g]) => g.tally), this.rules);
    return groups.map(([key, group], i) => {
      const count = counts[i]!;
      // Only a group that cannot meet the rules is prepared on its own (to explain and relax it).
      const verdict: Verdict =
        count > 0n
          ? { feasible: true, valid_samples: count, explanation: null, relaxation: this.relaxOn ? notRelaxed(this.rules, true) : null }
          : judgeCounted(group.tally.problem(), count, this.relaxOn);
      onGroup?.(i + 1, groups.length);
      return { key, cases: group.tally.rows, coverage: group.coverage.result(), ...verdict };
    });
  }
}
