import type { Case } from '../cohort/case.js';
import { columnKey } from '../rules/columns.js';
import type { Rules } from '../rules/schema.js';

/**
 * A key saying what some columns of a case read, equal for cases that read alike: the kinds
 * are numbered 0, 1, 2, … in the order they are first seen, so a caller can index an array by
 * the key. See {@link kindIndexer}.
 */
export function kindKeyer(columns: readonly string[], rules: Rules): (c: Case) => number {
  return kindIndexer(columns.map((col) => columnKey(col, rules)));
}

/** A trie level: per value id of one column, the next level, or at the last column the kind. */
type Node = (Node | number | undefined)[];

/**
 * The kind of a case by the values of some keys (each a column's value as one string), numbered
 * densely in order of first appearance. Built per case over whole cohorts (two million rows), so
 * it allocates nothing per case: each key's value becomes a small id by one map lookup (none
 * when it repeats the value before it, as sorted exports do), and the ids walk a trie of arrays
 * to the kind's number. No string is built and no limit on the number of values applies.
 */
export function kindIndexer(keys: readonly ((c: Case) => string)[]): (c: Case) => number {
  const n = keys.length;
  if (n === 0) return () => 0;
  const ids = keys.map(() => new Map<string, number>());
  const lastValue: (string | undefined)[] = keys.map(() => undefined);
  const lastId: number[] = keys.map(() => 0);
  const root: Node = [];
  let kinds = 0;
  return (c) => {
    let node = root;
    for (let j = 0; ; j++) {
      const value = keys[j]!(c);
      let id: number;
      if (value === lastValue[j]) id = lastId[j]!;
      else {
        const map = ids[j]!;
        const known = map.get(value);
        if (known === undefined) {
          id = map.size;
          map.set(value, id);
        } else id = known;
        lastValue[j] = value;
        lastId[j] = id;
      }
      const next = node[id];
      if (j === n - 1) {
        if (next !== undefined) return next as number;
        node[id] = kinds;
        return kinds++;
      }
      if (next === undefined) {
        const fresh: Node = [];
        node[id] = fresh;
        node = fresh;
      } else node = next as Node;
    }
  };
}
