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
import { evaluateSample } from '../../src/rules/evaluate.js';
import type { AuditEvent } from '../../src/report/output.js';
import { plural } from '../../src/words.js';
import {
  deriveSeed,
  drawSample,
  redrawAround,
  replaceDropped,
  swapOptions,
  topUpReserves,
} from '../../src/solver/index.js';
import { EXIT } from '../errors.js';
import { countFor, problemFor, problemKey, type ReviewEnv } from './env.js';
import { redo, undo } from './history.js';
import { refilter } from './search.js';
import { excludedIds, isDirty, pinnedIds, snapshotKey } from './selectors.js';
import type { Action, Dropped, Notice, ReviewState, Snapshot, SwapView } from './types.js';

// ---------------------------------------------------------------------------------------------
// Starting

/** A fresh session: the same draw `draw --seed` makes, with the command line's picks pinned. */
export function initialState(env: ReviewEnv, at: string): ReviewState {
  const problem = problemFor(env, env.pins, env.excludes);
  const result = drawSample(problem, { seed: env.seed, reserves: env.reserveCount, fair: env.fair });
  env.cache.counts.set(problemKey(env.pins, env.excludes), result.validSamples);
  const sample: Snapshot = {
    picks: result.picks.map((p) => p.case),
    pinned: result.picks.filter((p) => p.pinned).map((p) => p.case.case_id),
    dropped: [],
    reserves: result.reserves.map((r) => r.case),
  };
  const detail = result.feasible
    ? `drew ${sample.picks.length} picks with seed ${env.seed} from ${result.validSamples} valid samples${env.fair ? ' by fair selection' : ''}`
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
    firstCount: result.validSamples,
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
// The reducer

export function reviewReducer(state: ReviewState, action: Action): ReviewState {
  if (state.exit !== null) return state;
  switch (action.type) {
    case 'keys':
      // Each press is read in the mode the one before it left (never a stale one).
      return action.presses.reduce((s, press) => {
        const command = press(s.mode);
        return command ? reviewReducer(s, { ...command, at: action.at } as Action) : s;
      }, state);
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
    case 'pin':
      return togglePin(state, action.at);
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
        exit: quit ? EXIT.ok : null,
        notice: { text: `Wrote ${action.files.join(' and ')}.`, tone: 'done' },
      };
    }
    case 'writeFailed':
      return { ...state, request: null, mode: 'table', notice: { text: `Not written: ${action.message}`, tone: 'error' } };
    case 'quit':
      if (isDirty(state) && state.status === 'ready') return { ...state, mode: 'quit', notice: null };
      return { ...state, exit: state.status === 'ready' ? EXIT.ok : EXIT.noSample };
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

/** The reserves after a change, topped up from a seed of its own. */
function reservesAfter(state: ReviewState, picks: readonly Case[], current: readonly Case[], dropped: readonly Dropped[]): Case[] {
  const { env } = state;
  const seed = deriveSeed(env.seed, 'reserves', state.nonce);
  return topUpReserves(env.base, picks, current, dropped.map((d) => d.case_id), env.reserveCount, seed);
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
  if (state.sample.pinned.includes(pick.case_id)) {
    return { ...state, notice: { text: `${pick.case_id} is pinned: press p to unpin it before swapping it.`, tone: 'warn' } };
  }
  const seed = deriveSeed(state.env.seed, 'swap', state.nonce, pick.case_id);
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
  const reserves = reservesAfter(state, picks, remaining, s.dropped);
  const broken = brokenRules(picks, state);
  const detail = `swapped ${out.case_id} for ${incoming.case_id}${broken.length ? `; not met: ${broken.join(', ')} (inspector's choice)` : ''}`;
  return commit(
    { ...state, selected: index },
    { ...s, picks, pinned: s.pinned.filter((id) => id !== out.case_id), reserves },
    detail,
    { at, action: 'swap', case_id: out.case_id, with: incoming.case_id, detail },
    broken.length
      ? { text: `Swapped ${out.case_id} for ${incoming.case_id}: ${broken.join(', ')} not met.`, tone: 'warn' }
      : { text: `Swapped ${out.case_id} for ${incoming.case_id}: every rule still met.`, tone: 'done' },
  );
}

// Pin ---------------------------------------------------------------------------------------

function togglePin(state: ReviewState, at: string): ReviewState {
  const blocked = notReady(state);
  if (blocked) return blocked;
  const s = state.sample;
  const id = s.picks[state.selected]!.case_id;
  const unpin = s.pinned.includes(id);
  const detail = unpin ? `unpinned ${id}` : `pinned ${id}`;
  return commit(
    state,
    { ...s, pinned: unpin ? s.pinned.filter((k) => k !== id) : [...s.pinned, id] },
    detail,
    { at, action: unpin ? 'unpin' : 'pin', case_id: id, detail },
    { text: unpin ? `${id} is no longer pinned: a redraw may replace it.` : `${id} is pinned: redraws leave it in place.`, tone: 'done' },
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
  const excluded = [...env.excludes, ...dropped.map((d) => d.case_id)];
  const restIds = s.picks.filter((_, i) => i !== index).map((c) => c.case_id);
  const { incoming, how } = replaceDropped({
    picks: s.picks,
    index,
    reserves: s.reserves,
    pool: env.base,
    gone: new Set(dropped.map((d) => d.case_id)),
    completion: () => ({ problem: problemFor(env, restIds, excluded), count: countFor(env, restIds, excluded) }),
    seed: deriveSeed(env.seed, 'drop', state.nonce),
  });

  const picks = incoming.length ? [...replaceAt(s.picks, index, incoming[0]!), ...incoming.slice(1)] : s.picks.filter((_, i) => i !== index);
  const taken = new Set(incoming.map((c) => c.case_id));
  const remaining = s.reserves.filter((c) => !taken.has(c.case_id));
  const reserves = reservesAfter(state, picks, remaining, dropped);
  const broken = brokenRules(picks, state);
  const withId = incoming[0]?.case_id;
  const because = reason ? ` (${reason})` : '';
  const detail = `dropped ${out.case_id}${because}; ${withId ? `replaced by ${withId}, ` : ''}${how}${broken.length ? `; not met: ${broken.join(', ')}` : ''}`;
  return commit(
    { ...state, selected: Math.min(index, picks.length - 1) },
    { picks, pinned: s.pinned.filter((id) => id !== out.case_id), dropped, reserves },
    `dropped ${out.case_id}`,
    { at, action: 'drop', case_id: out.case_id, ...(withId && { with: withId }), ...(reason && { reason }), detail },
    {
      text: `Dropped ${out.case_id}${because}${withId ? `; ${withId} takes its place` : ''}${broken.length ? `: ${broken.join(', ')} not met` : ''}.`,
      tone: broken.length ? 'warn' : 'done',
    },
  );
}

// Redraw -------------------------------------------------------------------------------------

/** A new draw for every pick not pinned, from a seed derived for it; pinned picks stay in their rows. */
function redraw(state: ReviewState, at: string): ReviewState {
  if (state.status !== 'ready') return notReady(state) ?? state;
  const { env } = state;
  const s = state.sample;
  const pinned = pinnedIds(state);
  const excluded = excludedIds(state);
  const count = countFor(env, pinned, excluded);
  if (count === 0n) {
    const text = pinned.length
      ? `No valid sample holds ${pinned.join(', ')}: unpin one (p) and redraw.`
      : 'No valid sample is left without the dropped cases: undo a drop (u).';
    return { ...state, notice: { text, tone: 'error' } };
  }
  const seed = deriveSeed(env.seed, 'redraw', state.nonce);
  const drawn = redrawAround(problemFor(env, pinned, excluded), count, s.picks, new Set(pinned), env.reserveCount, seed);
  const { picks, reserves } = drawn;
  const redrew = plural(drawn.fresh, 'pick');
  const withPinned = pinned.length ? `, keeping pinned ${pinned.join(', ')}` : '';
  const detail = `redrew ${redrew} with seed ${seed} from ${count} valid samples${withPinned}`;
  return commit(
    state,
    { ...s, picks, reserves },
    `redrew with seed ${seed}`,
    { at, action: 'redraw', seed, detail },
    { text: `Redrew ${redrew} (seed ${seed})${withPinned}.`, tone: 'done' },
  );
}
