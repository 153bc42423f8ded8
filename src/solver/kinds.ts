import { CODED_KEYS, codedKeyOf, type Case } from '../cohort/case.js';
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
 *
 * `coded`: how many of the first keys read only a case's coded fields other than the secondary
 * need (age, SEN status, primary need, setting, stage, social care; see codedKeyOf). Cases the
 * reader built share their walk through those keys whenever those fields are the same: the
 * keys then cost one array lookup in all instead of a map lookup by string each (on a national
 * file, a tenth of the reading thread's time).
 */
export function kindIndexer(keys: readonly ((c: Case) => string)[], coded = 0): (c: Case) => number {
  const n = keys.length;
  if (n === 0) return () => 0;
  const ids = keys.map(() => new Map<string, number>());
  const lastValue: (string | undefined)[] = keys.map(() => undefined);
  const lastId: number[] = keys.map(() => 0);
  const root: Node = [];
  let kinds = 0;
  /** From `node`, at key `from`, through the keys before `to`: the node there, or past the last key the kind. */
  const walk = (c: Case, from: number, to: number, start: Node): Node | number => {
    let node = start;
    for (let j = from; j < to; j++) {
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
    return node;
  };
  const through = Math.min(coded, n);
  if (through === 0) return (c) => walk(c, 0, n, root) as number;
  // Coded key → 1 + the index in `ends` of where the walk through the coded keys ends (the
  // kind itself when every key is coded); 0 for a key not seen yet.
  const endAt = new Int32Array(CODED_KEYS);
  const ends: (Node | number)[] = [];
  return (c) => {
    const key = codedKeyOf(c);
    if (key === undefined) return walk(c, 0, n, root) as number;
    let at = endAt[key]! - 1;
    if (at < 0) {
      at = ends.length;
      ends.push(walk(c, 0, through, root));
      endAt[key] = at + 1;
    }
    const reached = ends[at]!;
    return through === n ? (reached as number) : (walk(c, through, n, reached as Node) as number);
  };
}
