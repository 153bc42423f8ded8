/**
 * The review screen's state and its one reducer. Every decision (does a sample meet the rules,
 * which cases can replace a pick, which sample to draw) is the library's: this file only holds
 * what the inspector did and asks `src/` about it. Random choices derive their seeds from the
 * session's seed and a counter that every change advances, so a saved session replays exactly.
 *
 * Pure apart from the memo tables in the env (a prepared problem or a count is the same whenever
 * it is computed); times come in with the actions.
 */
import seedrandom from 'seedrandom';
import type { Case } from '../../src/cohort/case.js';
import { NEED_AREA_SHORT } from '../../src/cohort/codes.js';
import { coveredBy, evaluateSample, meetsRules, type RuleResult } from '../../src/rules/evaluate.js';
import type { AuditEvent } from '../../src/report/output.js';
import {
  createSampler,
  drawSample,
  findReserves,
  swapOptions,
  type Reserve,
  type SwapOption,
} from '../../src/solver/index.js';
import { countFor, knownCount, problemFor, problemKey, type ReviewEnv } from './env.js';
import { commandFor, splitKeys } from './keymap.js';
import type { Action, Dropped, Matched, Notice, ReviewState, Snapshot, SwapView } from './types.js';

// ---------------------------------------------------------------------------------------------
// Starting

/** A fresh session: the same draw `draw --seed` makes, with the command line's pins kept. */
export function initialState(env: ReviewEnv, at: string): ReviewState {
  const problem = problemFor(env, env.pins, env.excludes);
  const result = drawSample(problem, { seed: env.seed, reserves: env.reserveCount });
  env.cache.counts.set(problemKey(env.pins, env.excludes), result.valid_samples);
  const sample: Snapshot = {
    picks: result.picks.map((p) => p.case),
    kept: result.picks.filter((p) => p.pinned).map((p) => p.case.case_id),
    dropped: [],
    reserves: result.reserves.map((r) => r.case),
  };
  const detail = result.feasible
    ? `drew ${sample.picks.length} picks with seed ${env.seed} from ${result.valid_samples} valid samples`
    : `no valid sample exists: ${result.explanation?.summary ?? 'the rules cannot be met'}`;
  return {
    env,
    status: result.feasible ? 'ready' : 'infeasible',
    explanation: result.feasible ? null : (result.explanation?.summary ?? 'No sample meets every rule.'),
    sample,
    past: [],
    future: [],
    events: [{ at, action: 'draw', seed: env.seed, detail }],
    nonce: 1,
    firstCount: result.valid_samples,
    written: snapshotKey(sample),
    mode: 'table',
    selected: 0,
    swap: null,
    reason: '',
    notice: result.feasible
      ? { text: `Ready: ${sample.picks.length} picks drawn with seed ${env.seed}. Press ? for help.`, tone: 'info' }
      : { text: 'No valid sample exists: press q to quit.', tone: 'error' },
    request: null,
    exit: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Selectors: what the views show, always computed by the library

/** Identifies a sample's content, to tell whether it has been written. */
export function snapshotKey(s: Snapshot): string {
  return JSON.stringify([
    s.picks.map((c) => c.case_id),
    [...s.kept].sort(),
    s.dropped.map((d) => [d.case_id, d.reason]),
    s.reserves.map((c) => c.case_id),
  ]);
}

export function isDirty(state: ReviewState): boolean {
  return state.written !== snapshotKey(state.sample);
}

/** The command line's exclusions and the session's drops. */
export function excludedIds(state: ReviewState): string[] {
  return [...state.env.excludes, ...state.sample.dropped.map((d) => d.case_id)];
}

export function keptIds(state: ReviewState): string[] {
  const kept = new Set(state.sample.kept);
  return state.sample.picks.filter((c) => kept.has(c.case_id)).map((c) => c.case_id);
}

const resultsMemo = new WeakMap<Case[], RuleResult[]>();

/** The rules against the current picks, `size` first. */
export function ruleResults(state: ReviewState): RuleResult[] {
  const picks = state.sample.picks;
  let results = resultsMemo.get(picks);
  if (!results) resultsMemo.set(picks, (results = evaluateSample(picks, state.env.rules)));
  return results;
}

export interface PickRow {
  case: Case;
  /** Rule ids the pick helps meet. */
  covers: string[];
  kept: boolean;
}

export function pickRows(state: ReviewState): PickRow[] {
  const { picks, kept } = state.sample;
  const keptSet = new Set(kept);
  return picks.map((c) => ({ case: c, covers: coveredBy(c, picks, state.env.rules), kept: keptSet.has(c.case_id) }));
}

/** Each reserve with the picks it could replace now, every rule still met. */
export function reserveRows(state: ReviewState): Reserve[] {
  const { picks, reserves } = state.sample;
  return reserves.map((r) => ({
    case: r,
    replaces: picks.filter((_, i) => meetsRules(replaceAt(picks, i, r), state.env.rules)).map((c) => c.case_id),
  }));
}

/** Pins and exclusions the header's count is for: the kept picks and everything excluded. */
export function countKey(state: ReviewState): string {
  return problemKey(keptIds(state), excludedIds(state));
}

/** Valid samples that keep the kept picks and avoid the excluded cases, if counted yet. */
export function validSamples(state: ReviewState): bigint | undefined {
  return knownCount(state.env, keptIds(state), excludedIds(state));
}

/** Counts now (slow on a large cohort with nothing kept: the app calls it after rendering). */
export function countValid(state: ReviewState): bigint {
  return countFor(state.env, keptIds(state), excludedIds(state));
}

// ---------------------------------------------------------------------------------------------
// The reducer

export function reviewReducer(state: ReviewState, action: Action): ReviewState {
  if (state.exit !== null) return state;
  switch (action.type) {
    case 'key': {
      // Keys typed faster than they are read arrive together ("js", or "1s" from a script):
      // each is its own key press, and each may change the mode the next one is read in.
      if ([...action.input].length > 1 && !action.key.ctrl && !action.key.meta) {
        return splitKeys(action.input).reduce((s, k) => reviewReducer(s, { ...action, ...k }), state);
      }
      const command = commandFor(state.mode, action.input, action.key, action.page);
      return command ? reviewReducer(state, { ...command, at: action.at } as Action) : state;
    }
    case 'move':
      return { ...state, selected: clamp(state.selected + action.by, state.sample.picks.length) };
    case 'select':
      if (action.index < 0 || action.index >= state.sample.picks.length) return state;
      return { ...state, selected: action.index };
    case 'openSwap':
      return openSwap(state);
    case 'swapType':
      return withSwap(state, (v) => refilter({ ...v, filter: v.filter + action.text, cursor: 0 }));
    case 'swapErase':
      return withSwap(state, (v) => refilter({ ...v, filter: [...v.filter].slice(0, -1).join(''), cursor: 0 }));
    case 'swapMove':
      return withSwap(state, (v) => ({ ...v, cursor: clamp(v.cursor + action.by, v.visible.length) }));
    case 'toggleBreaking':
      return withSwap(state, (v) => toggleBreaking(state, v));
    case 'takeSwap': {
      const v = state.swap;
      const option = v?.visible[v.cursor];
      if (!v || !option) return state;
      return applySwap(state, v.index, option.case, action.at);
    }
    case 'swap': {
      const incoming = state.env.byId.get(action.case_id);
      if (!incoming || !state.sample.picks[action.index]) return state;
      return applySwap(state, action.index, incoming, action.at);
    }
    case 'keep':
      return keep(state, action.at);
    case 'openDrop':
      if (state.status !== 'ready' || !state.sample.picks[state.selected]) return state;
      return { ...state, mode: 'drop', reason: '', notice: null };
    case 'reasonType':
      return state.mode === 'drop' ? { ...state, reason: state.reason + action.text } : state;
    case 'reasonErase':
      return state.mode === 'drop' ? { ...state, reason: [...state.reason].slice(0, -1).join('') } : state;
    case 'drop':
      return drop(state, (action.reason ?? state.reason).trim() || null, action.at);
    case 'redraw':
      return redraw(state, action.at);
    case 'undo':
      return undo(state, action.at);
    case 'redo':
      return redo(state, action.at);
    case 'write':
      if (state.status !== 'ready') return state;
      if (state.request) return state;
      return {
        ...state,
        mode: 'table',
        request: { id: state.nonce, quitAfter: action.quitAfter ?? false, key: snapshotKey(state.sample) },
        notice: { text: 'Writing…', tone: 'info' },
      };
    case 'written': {
      const quit = state.request?.quitAfter ?? false;
      return {
        ...state,
        written: state.request?.key ?? state.written,
        request: null,
        exit: quit ? 0 : null,
        notice: { text: `Wrote ${action.files.join(' and ')}.`, tone: 'done' },
      };
    }
    case 'writeFailed':
      return { ...state, request: null, mode: 'table', notice: { text: `Not written: ${action.message}`, tone: 'error' } };
    case 'quit':
      if (isDirty(state) && state.status === 'ready') return { ...state, mode: 'quit', notice: null };
      return { ...state, exit: state.status === 'ready' ? 0 : 1 };
    case 'quitNow':
      return { ...state, exit: action.code };
    case 'help':
      if (state.status !== 'ready') return state;
      return { ...state, mode: state.mode === 'help' ? 'table' : 'help' };
    case 'back':
      return { ...state, mode: 'table', swap: null, reason: '', notice: state.mode === 'table' ? null : state.notice };
    case 'counted':
      state.env.cache.counts.set(action.key, action.count);
      return { ...state };
    case 'notice':
      return { ...state, notice: action.notice };
  }
}

// ---------------------------------------------------------------------------------------------
// Changes

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, i));
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

/** Records a change: the old sample goes on the undo stack, redo is cleared, the event is logged. */
function commit(state: ReviewState, sample: Snapshot, label: string, event: AuditEvent, notice: Notice): ReviewState {
  return {
    ...state,
    sample,
    past: [...state.past, { snapshot: state.sample, label }],
    future: [],
    events: [...state.events, event],
    nonce: state.nonce + 1,
    mode: 'table',
    swap: null,
    reason: '',
    selected: clamp(state.selected, sample.picks.length),
    notice,
  };
}

function notReady(state: ReviewState): ReviewState | null {
  if (state.status !== 'ready') return { ...state, notice: { text: 'There is no sample to change.', tone: 'warn' } };
  if (!state.sample.picks[state.selected]) return state;
  return null;
}

/**
 * New reserves to make up the number asked for, drawn fairly from the cases that can replace a
 * pick. Asking for as many more as there are cases to skip keeps the draw uniform: the first n
 * of a uniform order that are not skipped are a uniform choice among the rest.
 */
function topUpReserves(state: ReviewState, picks: readonly Case[], current: Case[], dropped: readonly Dropped[]): Case[] {
  // A reserve that can no longer stand in for any pick (the picks changed under it) is no
  // reserve: let it go, keeping the others in their order.
  const reserves = current.filter((r) => picks.some((_, i) => meetsRules(replaceAt(picks, i, r), state.env.rules)));
  const need = state.env.reserveCount - reserves.length;
  if (need <= 0 || picks.length === 0) return reserves;
  const skip = new Set([...reserves.map((c) => c.case_id), ...dropped.map((d) => d.case_id)]);
  const random = seedrandom(`${state.env.seed}:reserves:${state.nonce}`);
  const drawn = findReserves(state.env.base, picks, need + skip.size, random)
    .map((r) => r.case)
    .filter((c) => !skip.has(c.case_id))
    .slice(0, need);
  return [...reserves, ...drawn];
}

function brokenRules(picks: readonly Case[], state: ReviewState): string[] {
  return evaluateSample(picks, state.env.rules)
    .filter((r) => !r.satisfied)
    .map((r) => r.id);
}

// Swap ---------------------------------------------------------------------------------------

function droppedSet(state: ReviewState): Set<string> {
  return new Set(state.sample.dropped.map((d) => d.case_id));
}

function openSwap(state: ReviewState): ReviewState {
  const blocked = notReady(state);
  if (blocked) return blocked;
  const pick = state.sample.picks[state.selected]!;
  if (state.sample.kept.includes(pick.case_id)) {
    return { ...state, notice: { text: `${pick.case_id} is pinned: press p to unpin it before swapping it.`, tone: 'warn' } };
  }
  const seed = `${state.env.seed}:swap:${state.nonce}:${pick.case_id}`;
  const { fits } = swapOptions(state.env.base, state.sample.picks, state.selected, seedrandom(seed), false);
  const dropped = droppedSet(state);
  const view: SwapView = {
    index: state.selected,
    case_id: pick.case_id,
    seed,
    fits: dropped.size ? fits.filter((o) => !dropped.has(o.case.case_id)) : fits,
    breaking: null,
    showBreaking: false,
    filter: '',
    matched: [],
    visible: [],
    visibleFits: 0,
    cursor: 0,
  };
  return { ...state, mode: 'swap', swap: refilter(view), notice: null };
}

function withSwap(state: ReviewState, change: (v: SwapView) => SwapView): ReviewState {
  if (state.mode !== 'swap' || !state.swap) return state;
  return { ...state, swap: change(state.swap) };
}

function toggleBreaking(state: ReviewState, v: SwapView): SwapView {
  let breaking = v.breaking;
  if (breaking === null) {
    // The same seed gives the fitting cases the same order, so the list does not jump.
    const all = swapOptions(state.env.base, state.sample.picks, v.index, seedrandom(v.seed), true);
    const dropped = droppedSet(state);
    breaking = dropped.size ? all.breaking.filter((o) => !dropped.has(o.case.case_id)) : all.breaking;
  }
  const chosen = v.visible[v.cursor];
  const next = refilter({ ...v, breaking, matched: v.breaking === null ? [] : v.matched, showBreaking: !v.showBreaking });
  const at = chosen ? next.visible.indexOf(chosen) : -1;
  return { ...next, cursor: at >= 0 ? at : clamp(v.cursor, next.visible.length) };
}

const haystacks = new WeakMap<Case, string>();

/** What the swap filter searches: need codes and area, setting, stage, locality, case_id. */
function haystack(c: Case): string {
  let h = haystacks.get(c);
  if (h === undefined) {
    const area = c.primary_need_area ? NEED_AREA_SHORT[c.primary_need_area] : '';
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

function refilter(v: SwapView): SwapView {
  const matched = matchesFor(v);
  const { fits, breaking } = matched.at(-1)!;
  const visible = v.showBreaking && breaking?.length ? [...fits, ...breaking] : fits;
  return { ...v, matched, visible, visibleFits: fits.length, cursor: clamp(v.cursor, visible.length) };
}

function applySwap(state: ReviewState, index: number, incoming: Case, at: string): ReviewState {
  if (state.status !== 'ready') return state;
  const s = state.sample;
  const out = s.picks[index]!;
  if (s.picks.some((c) => c.case_id === incoming.case_id)) {
    return { ...state, notice: { text: `${incoming.case_id} is already a pick.`, tone: 'warn' } };
  }
  if (s.dropped.some((d) => d.case_id === incoming.case_id) || state.env.excludes.includes(incoming.case_id)) {
    return { ...state, notice: { text: `${incoming.case_id} is excluded.`, tone: 'warn' } };
  }
  const picks = replaceAt(s.picks, index, incoming);
  const remaining = s.reserves.filter((c) => c.case_id !== incoming.case_id);
  const reserves = topUpReserves(state, picks, remaining, s.dropped);
  const broken = brokenRules(picks, state);
  const detail = `swapped ${out.case_id} for ${incoming.case_id}${broken.length ? `; not met: ${broken.join(', ')} (inspector's choice)` : ''}`;
  return commit(
    { ...state, selected: index },
    { ...s, picks, kept: s.kept.filter((id) => id !== out.case_id), reserves },
    detail,
    { at, action: 'swap', case_id: out.case_id, with: incoming.case_id, detail },
    broken.length
      ? { text: `Swapped ${out.case_id} for ${incoming.case_id}: ${broken.join(', ')} not met.`, tone: 'warn' }
      : { text: `Swapped ${out.case_id} for ${incoming.case_id}: every rule still met.`, tone: 'done' },
  );
}

// Keep ---------------------------------------------------------------------------------------

function keep(state: ReviewState, at: string): ReviewState {
  const blocked = notReady(state);
  if (blocked) return blocked;
  const s = state.sample;
  const id = s.picks[state.selected]!.case_id;
  const unkeep = s.kept.includes(id);
  const detail = unkeep ? `unpinned ${id}` : `pinned ${id}`;
  return commit(
    state,
    { ...s, kept: unkeep ? s.kept.filter((k) => k !== id) : [...s.kept, id] },
    detail,
    { at, action: unkeep ? 'unpin' : 'pin', case_id: id, detail },
    { text: unkeep ? `${id} is no longer pinned: a redraw may replace it.` : `${id} is pinned: redraws leave it in place.`, tone: 'done' },
  );
}

// Drop ---------------------------------------------------------------------------------------

/**
 * Takes the selected pick out for the rest of the session and fills its place: with the first
 * reserve that keeps every rule met, else with a completion the solver draws with the other
 * picks pinned, else (no case keeps the rules) with the case that breaks fewest rules.
 */
function drop(state: ReviewState, reason: string | null, at: string): ReviewState {
  const blocked = notReady(state);
  if (blocked) return { ...blocked, mode: 'table' };
  const { env } = state;
  const s = state.sample;
  const index = state.selected;
  const out = s.picks[index]!;
  const dropped = [...s.dropped, { case_id: out.case_id, reason }];
  const rest = s.picks.filter((_, i) => i !== index);
  const restIds = rest.map((c) => c.case_id);
  const seed = `${env.seed}:drop:${state.nonce}`;

  let incoming: Case[] = [];
  let how: string;
  const reserve = s.reserves.find((r) => meetsRules(replaceAt(s.picks, index, r), env.rules));
  if (reserve) {
    incoming = [reserve];
    how = 'the first reserve that keeps every rule met';
  } else {
    const excluded = [...env.excludes, ...dropped.map((d) => d.case_id)];
    const count = countFor(env, restIds, excluded);
    if (count > 0n) {
      const sample = createSampler(problemFor(env, restIds, excluded), count).draw(seedrandom(seed))!;
      const restSet = new Set(restIds);
      incoming = sample.filter((c) => !restSet.has(c.case_id));
      how = `drawn by the solver with the other picks pinned (seed ${seed}), as no reserve keeps every rule met`;
    } else {
      const gone = new Set(dropped.map((d) => d.case_id));
      const options = swapOptions(env.base, s.picks, index, seedrandom(seed), true);
      const best = [...options.fits, ...options.breaking]
        .filter((o) => !gone.has(o.case.case_id))
        .sort((a, b) => a.breaks.length - b.breaks.length)[0];
      incoming = best ? [best.case] : [];
      how = best ? 'the case breaking fewest rules, as no case keeps every rule met' : 'nothing: no case is left to take its place';
    }
  }

  const picks = incoming.length ? [...replaceAt(s.picks, index, incoming[0]!), ...incoming.slice(1)] : rest;
  const taken = new Set(incoming.map((c) => c.case_id));
  const remaining = s.reserves.filter((c) => !taken.has(c.case_id));
  const reserves = topUpReserves(state, picks, remaining, dropped);
  const broken = brokenRules(picks, state);
  const withId = incoming[0]?.case_id;
  const because = reason ? ` (${reason})` : '';
  const detail = `dropped ${out.case_id}${because}; ${withId ? `replaced by ${withId}, ` : ''}${how}${broken.length ? `; not met: ${broken.join(', ')}` : ''}`;
  return commit(
    { ...state, selected: Math.min(index, picks.length - 1) },
    { picks, kept: s.kept.filter((id) => id !== out.case_id), dropped, reserves },
    `dropped ${out.case_id}`,
    { at, action: 'drop', case_id: out.case_id, ...(withId && { with: withId }), ...(reason && { reason }), detail },
    {
      text: `Dropped ${out.case_id}${because}${withId ? `; ${withId} takes its place` : ''}${broken.length ? `: ${broken.join(', ')} not met` : ''}.`,
      tone: broken.length ? 'warn' : 'done',
    },
  );
}

// Redraw -------------------------------------------------------------------------------------

/** A new draw for every pick not kept, from a seed derived for it; kept picks stay in their rows. */
function redraw(state: ReviewState, at: string): ReviewState {
  if (state.status !== 'ready') return notReady(state) ?? state;
  const { env } = state;
  const s = state.sample;
  const kept = keptIds(state);
  const excluded = excludedIds(state);
  const count = countFor(env, kept, excluded);
  if (count === 0n) {
    const text = kept.length
      ? `No valid sample holds ${kept.join(', ')}: unpin one (p) and redraw.`
      : 'No valid sample is left without the dropped cases: undo a drop (u).';
    return { ...state, notice: { text, tone: 'error' } };
  }
  const seed = `${env.seed}:redraw:${state.nonce}`;
  const problem = problemFor(env, kept, excluded);
  const random = seedrandom(seed);
  // As drawSample does: the draw, then the reserves from the same stream.
  const sample = createSampler(problem, count).draw(random)!;
  const reserves = findReserves(problem, sample, env.reserveCount, random).map((r) => r.case);
  const keptSet = new Set(kept);
  const fresh = sample.filter((c) => !keptSet.has(c.case_id));
  const picks: Case[] = [];
  let next = 0;
  for (const c of s.picks) {
    if (keptSet.has(c.case_id)) picks.push(c);
    else if (next < fresh.length) picks.push(fresh[next++]!);
  }
  picks.push(...fresh.slice(next));
  const keeping = kept.length ? `, keeping pinned ${kept.join(', ')}` : '';
  const detail = `redrew ${fresh.length} pick${fresh.length === 1 ? '' : 's'} with seed ${seed} from ${count} valid samples${keeping}`;
  return commit(
    state,
    { ...s, picks, reserves },
    `redrew with seed ${seed}`,
    { at, action: 'redraw', seed, detail },
    { text: `Redrew ${fresh.length} pick${fresh.length === 1 ? '' : 's'} (seed ${seed})${keeping}.`, tone: 'done' },
  );
}

// Undo and redo ------------------------------------------------------------------------------

function undo(state: ReviewState, at: string): ReviewState {
  const step = state.past.at(-1);
  if (!step) return { ...state, notice: { text: 'Nothing to undo.', tone: 'info' } };
  const detail = `undid: ${step.label}`;
  return {
    ...state,
    sample: step.snapshot,
    past: state.past.slice(0, -1),
    future: [{ snapshot: state.sample, label: step.label }, ...state.future],
    events: [...state.events, { at, action: 'undo', detail }],
    nonce: state.nonce + 1,
    mode: 'table',
    swap: null,
    selected: clamp(state.selected, step.snapshot.picks.length),
    notice: { text: `Undid: ${step.label}. (U or ctrl-r redoes it.)`, tone: 'done' },
  };
}

function redo(state: ReviewState, at: string): ReviewState {
  const step = state.future[0];
  if (!step) return { ...state, notice: { text: 'Nothing to redo.', tone: 'info' } };
  const detail = `redid: ${step.label}`;
  return {
    ...state,
    sample: step.snapshot,
    past: [...state.past, { snapshot: state.sample, label: step.label }],
    future: state.future.slice(1),
    events: [...state.events, { at, action: 'redo', detail }],
    nonce: state.nonce + 1,
    mode: 'table',
    swap: null,
    selected: clamp(state.selected, step.snapshot.picks.length),
    notice: { text: `Redid: ${step.label}.`, tone: 'done' },
  };
}
