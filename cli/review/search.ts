/**
 * The swap list's search: each case's search text, built once (and ahead of time, in slices,
 * so the first key typed is quick), and the filter narrowed key by key from the matches of the
 * filter before it.
 */
import type { Case } from '../../src/cohort/case.js';
import { NEED_AREA_SHORT } from '../../src/cohort/codes.js';
import type { SwapOption } from '../../src/solver/index.js';
import type { Matched, SwapView } from './types.js';

const haystacks = new WeakMap<Case, string>();

/** What the swap filter searches: need codes and area, setting, stage, locality, case_id. */
function haystack(c: Case): string {
  let h = haystacks.get(c);
  if (h === undefined) {
    const area = c.need_area ? NEED_AREA_SHORT[c.need_area] : '';
    h = `${c.case_id} ${c.primary_need} ${c.secondary_need ?? ''} ${area} ${c.setting} ${c.service_stage} ${c.locality ?? ''} ${c.age_band} ${c.sen_status}`.toLowerCase();
    haystacks.set(c, h);
  }
  return h;
}

/**
 * Builds the filter's search text for cases[from, to) ahead of time. The first key typed in a
 * swap list would otherwise build it for the whole cohort at once (a few hundred milliseconds
 * on 100,000 rows); the app calls this in small slices while nothing else is happening.
 */
export function prepareSearch(cases: readonly Case[], from: number, to: number): void {
  for (let i = from; i < Math.min(to, cases.length); i++) haystack(cases[i]!);
}

function filterTerms(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Options matching every word of the filter, case-insensitively. */
export function filterOptions(options: readonly SwapOption[], filter: string): SwapOption[] {
  const terms = filterTerms(filter);
  if (terms.length === 0) return options as SwapOption[];
  return options.filter((o) => {
    const h = haystack(o.case);
    return terms.every((t) => h.includes(t));
  });
}

/**
 * The matches for the view's filter, from the longest earlier filter it extends (a longer
 * filter can only match fewer cases: each word is the same or longer, or a word is added).
 */
function matchesFor(v: SwapView): Matched[] {
  const stack = v.matched.filter((m) => v.filter.startsWith(m.filter));
  if (stack.length === 0) stack.push({ filter: '', fits: v.fits, breaking: v.breaking });
  const top = stack.at(-1)!;
  if (top.filter === v.filter) return stack;
  return [
    ...stack,
    {
      filter: v.filter,
      fits: filterOptions(top.fits, v.filter),
      breaking: top.breaking && filterOptions(top.breaking, v.filter),
    },
  ];
}

/** The view with its filter applied: fitting cases first, then (if shown) breaking ones. */
export function refilter(v: SwapView): SwapView {
  const matched = matchesFor(v);
  const { fits, breaking } = matched.at(-1)!;
  const visible = v.showBreaking && breaking?.length ? [...fits, ...breaking] : fits;
  return { ...v, matched, visible, visibleFits: fits.length, cursor: Math.max(0, Math.min(visible.length - 1, v.cursor)) };
}
