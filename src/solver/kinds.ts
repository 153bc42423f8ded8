import type { Case } from '../cohort/case.js';
import { columnKey } from '../rules/columns.js';
import type { Rules } from '../rules/schema.js';

/**
 * A key saying what some columns of a case read, equal for cases that read alike. Built per
 * case over whole cohorts, so it is a number made of small per-column ids while that fits
 * (five columns of up to 1,024 values each), and a string once it does not (a free-text
 * column, say). Two keys of one kind of case may then differ, one number and one string;
 * callers only group by key, so that costs a duplicate group, never a wrong one.
 */
export function kindKeyer(columns: readonly string[], rules: Rules): (c: Case) => number | string {
  const keys = columns.map((col) => columnKey(col, rules));
  const ids = columns.map(() => new Map<string, number>());
  let numeric = columns.length <= 5;
  const asString = (c: Case) => {
    let parts = '';
    for (const k of keys) parts += k(c) + '\u0001';
    return parts;
  };
  return (c) => {
    if (!numeric) return asString(c);
    let key = 0;
    for (let j = 0; j < keys.length; j++) {
      const value = keys[j]!(c);
      let id = ids[j]!.get(value);
      if (id === undefined) {
        id = ids[j]!.size;
        if (id >= 1024) {
          numeric = false;
          return asString(c);
        }
        ids[j]!.set(value, id);
      }
      key = key * 1024 + id;
    }
    return key;
  };
}
