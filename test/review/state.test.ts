import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { createEnv } from '../../cli/review/env.js';
import { sampleRecord } from '../../cli/review/record.js';
import { fromSession, toSession } from '../../cli/review/session.js';
import { keyAction } from '../../cli/review/keymap.js';
import { filterOptions } from '../../cli/review/search.js';
import { isDirty, reserveRows, ruleResults, snapshotKey } from '../../cli/review/selectors.js';
import { initialState, reviewReducer } from '../../cli/review/state.js';
import type { Action, ReviewState } from '../../cli/review/types.js';
import { HANDBOOK_RULES } from '../../src/rules/defaults.js';
import { meetsRules } from '../../src/rules/evaluate.js';
import { drawSample, prepareProblem } from '../../src/solver/index.js';
import { reviewContext, smallCohort } from './fixtures.js';

const cases = smallCohort();
const at = '2025-06-01T10:00:00.000Z';

function start(seed = 'test-seed', options: { pins?: string[]; reserves?: number } = {}): ReviewState {
  const env = createEnv({ cases, rules: HANDBOOK_RULES, seed, pins: options.pins ?? [], excludes: [], reserves: options.reserves ?? 4 });
  return initialState(env, at);
}

function run(state: ReviewState, ...actions: Action[]): ReviewState {
  return actions.reduce(reviewReducer, state);
}

const ids = (s: ReviewState) => s.sample.picks.map((c) => c.case_id);
const allMet = (s: ReviewState) => ruleResults(s).every((r) => r.satisfied);

/** Selects the first pick that has at least `n` cases able to replace it. */
function selectSwappable(state: ReviewState, n = 2): ReviewState {
  for (let i = 0; i < state.sample.picks.length; i++) {
    const opened = run(state, { type: 'select', index: i }, { type: 'openSwap' });
    if (opened.swap && opened.swap.fits.length >= n) return run(opened, { type: 'back' });
  }
  throw new Error('no pick with enough swap options in the fixture');
}

function key(partial: Partial<Key> = {}): Key {
  return {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
    return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
    super: false, hyper: false, capsLock: false, numLock: false, ...partial,
  };
}

describe('the first draw', () => {
  it('is the draw `draw --seed` makes, with every rule met and nothing unwritten', () => {
    const s = start();
    const expected = drawSample(prepareProblem({ cases, rules: HANDBOOK_RULES }), { seed: 'test-seed', reserves: 4 });
    expect(ids(s)).toEqual(expected.picks.map((p) => p.case.case_id));
    expect(s.sample.reserves.map((c) => c.case_id)).toEqual(expected.reserves.map((r) => r.case.case_id));
    expect(s.firstCount).toBe(expected.validSamples);
    expect(allMet(s)).toBe(true);
    expect(s.events).toEqual([expect.objectContaining({ action: 'draw', seed: 'test-seed' })]);
    expect(isDirty(s)).toBe(false);
  });

  it('keeps the command line pins', () => {
    const s = start('test-seed', { pins: ['C010'] });
    expect(ids(s)).toContain('C010');
    expect(s.sample.pinned).toEqual(['C010']);
  });
});

describe('swap', () => {
  it('lists only cases that keep every rule met, and taking one keeps them met', () => {
    let s = selectSwappable(start());
    const index = s.selected;
    s = run(s, { type: 'openSwap' });
    expect(s.mode).toBe('swap');
    for (const option of s.swap!.fits) {
      const trial = s.sample.picks.map((c, i) => (i === index ? option.case : c));
      expect(meetsRules(trial, HANDBOOK_RULES)).toBe(true);
      expect(ids(s)).not.toContain(option.case.case_id);
    }
    const chosen = s.swap!.visible[1]!.case;
    const before = ids(s)[index];
    s = run(s, { type: 'swapMove', by: 1 }, { type: 'takeSwap', at });
    expect(s.mode).toBe('table');
    expect(ids(s)[index]).toBe(chosen.case_id);
    expect(allMet(s)).toBe(true);
    expect(s.events.at(-1)).toMatchObject({ action: 'swap', case_id: before, with: chosen.case_id });
    expect(isDirty(s)).toBe(true);
  });

  it('gives the same seeded order for the same state, and a filter narrows it', () => {
    const s = run(selectSwappable(start()), { type: 'openSwap' });
    const again = run(selectSwappable(start()), { type: 'openSwap' });
    expect(again.swap!.fits.map((o) => o.case.case_id)).toEqual(s.swap!.fits.map((o) => o.case.case_id));
    const first = s.swap!.fits[0]!.case;
    const filtered = run(s, { type: 'swapType', text: first.case_id.toLowerCase() });
    expect(filtered.swap!.visible.map((o) => o.case.case_id)).toEqual([first.case_id]);
    expect(run(filtered, { type: 'swapErase' }).swap!.filter).toBe(first.case_id.toLowerCase().slice(0, -1));
  });

  it('filters on need code, setting, stage and locality, every word', () => {
    const options = cases.map((c) => ({ case: c, breaks: [] }));
    const found = filterOptions(options, 'asd north');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((o) => o.case.primary_need === 'ASD' && o.case.locality === 'North')).toBe(true);
    expect(filterOptions(options, 'ap').every((o) => o.case.setting === 'ap')).toBe(true);
  });

  it('shows rule-breaking cases on request, marked with the rules they break, and taking one is allowed', () => {
    let s = run(start(), { type: 'openSwap' }, { type: 'toggleBreaking' });
    const v = s.swap!;
    expect(v.visible.length).toBeGreaterThan(v.visibleFits);
    const breaking = v.visible.slice(v.visibleFits);
    expect(breaking.every((o) => o.breaks.length > 0)).toBe(true);
    s = run(s, { type: 'swapMove', by: v.visibleFits }, { type: 'takeSwap', at });
    const broken = ruleResults(s).filter((r) => !r.satisfied).map((r) => r.id);
    expect(broken).toEqual(breaking[0]!.breaks);
    expect(s.notice?.tone).toBe('warn');
    expect(s.events.at(-1)!.detail).toContain(`not met: ${broken.join(', ')}`);
  });

  it('refuses to swap a pinned pick until it is unpinned', () => {
    const s = run(start(), { type: 'pin', at }, { type: 'openSwap' });
    expect(s.mode).toBe('table');
    expect(s.notice?.text).toMatch(/is pinned: press p to unpin it/);
  });
});

describe('keep and redraw', () => {
  it('redraw replaces every pick not pinned and leaves pinned picks in their rows', () => {
    let s = start();
    s = run(s, { type: 'select', index: 1 }, { type: 'pin', at }, { type: 'select', index: 4 }, { type: 'pin', at });
    expect(s.sample.pinned).toEqual([ids(s)[1], ids(s)[4]]);
    const before = ids(s);
    s = run(s, { type: 'redraw', at });
    const after = ids(s);
    expect(after[1]).toBe(before[1]);
    expect(after[4]).toBe(before[4]);
    expect(after).not.toEqual(before);
    expect(allMet(s)).toBe(true);
    expect(s.events.at(-1)).toMatchObject({ action: 'redraw', seed: expect.stringContaining('test-seed:redraw:') });
  });

  it('is repeatable: the same session gives the same redraw', () => {
    const a = run(start(), { type: 'pin', at }, { type: 'redraw', at });
    const b = run(start(), { type: 'pin', at }, { type: 'redraw', at });
    expect(ids(a)).toEqual(ids(b));
  });

  it('pin toggles, recording pin and unpin', () => {
    const s = run(start(), { type: 'pin', at }, { type: 'pin', at });
    expect(s.sample.pinned).toEqual([]);
    expect(s.events.map((e) => e.action)).toEqual(['draw', 'pin', 'unpin']);
  });
});

describe('drop', () => {
  it('replaces the pick with the first reserve that keeps every rule met, and records the reason', () => {
    let s = start();
    const index = 2;
    s = run(s, { type: 'select', index });
    const out = ids(s)[index]!;
    const fitting = s.sample.reserves.find((r) => meetsRules(s.sample.picks.map((c, i) => (i === index ? r : c)), HANDBOOK_RULES));
    expect(fitting).toBeDefined();
    s = run(s, { type: 'openDrop' }, { type: 'reasonType', text: 'family declined' }, { type: 'drop', at });
    expect(ids(s)[index]).toBe(fitting!.case_id);
    expect(allMet(s)).toBe(true);
    expect(s.sample.dropped).toEqual([{ case_id: out, reason: 'family declined' }]);
    expect(s.sample.reserves.map((c) => c.case_id)).not.toContain(fitting!.case_id);
    expect(s.sample.reserves).toHaveLength(4);
    expect(s.events.at(-1)).toMatchObject({ action: 'drop', case_id: out, with: fitting!.case_id, reason: 'family declined' });
  });

  it('without a fitting reserve, draws a completion with the other picks pinned', () => {
    let s = start();
    s = { ...s, sample: { ...s.sample, reserves: [] } };
    const others = ids(s).slice(1);
    s = run(s, { type: 'drop', at, reason: 'practitioner away' });
    expect(ids(s).slice(1)).toEqual(others);
    expect(allMet(s)).toBe(true);
    expect(s.events.at(-1)!.detail).toMatch(/drawn by the solver/);
  });

  it('keeps a dropped case out of swaps, reserves and redraws for the rest of the session', () => {
    let s = start();
    const out = ids(s)[0]!;
    s = run(s, { type: 'drop', at });
    for (let i = 0; i < 5; i++) {
      s = run(s, { type: 'redraw', at });
      expect(ids(s)).not.toContain(out);
      expect(s.sample.reserves.map((c) => c.case_id)).not.toContain(out);
    }
    for (let i = 0; i < 6; i++) {
      const opened = run(s, { type: 'select', index: i }, { type: 'openSwap' }, { type: 'toggleBreaking' });
      expect(opened.swap?.visible.map((o) => o.case.case_id) ?? []).not.toContain(out);
    }
  });

  it('Esc cancels the prompt without a change', () => {
    const s = run(start(), { type: 'openDrop' }, { type: 'reasonType', text: 'x' }, { type: 'back' });
    expect(s.mode).toBe('table');
    expect(s.events).toHaveLength(1);
  });
});

describe('undo and redo', () => {
  it('step back and forward through every kind of change, recording each in order', () => {
    const s0 = start();
    const s1 = run(s0, { type: 'pin', at });
    const s2 = run(s1, { type: 'select', index: 3 }, { type: 'drop', at, reason: 'family declined' });
    const s3 = run(s2, { type: 'redraw', at });
    let s = run(s3, { type: 'undo', at });
    expect(snapshotKey(s.sample)).toBe(snapshotKey(s2.sample));
    s = run(s, { type: 'undo', at }, { type: 'undo', at });
    expect(snapshotKey(s.sample)).toBe(snapshotKey(s0.sample));
    expect(isDirty(s)).toBe(false);
    expect(run(s, { type: 'undo', at }).notice?.text).toBe('Nothing to undo.');
    s = run(s, { type: 'redo', at }, { type: 'redo', at }, { type: 'redo', at });
    expect(snapshotKey(s.sample)).toBe(snapshotKey(s3.sample));
    expect(s.events.map((e) => e.action)).toEqual(['draw', 'pin', 'drop', 'redraw', 'undo', 'undo', 'undo', 'redo', 'redo', 'redo']);
    expect(s.events[2]).toMatchObject({ reason: 'family declined' });
  });

  it('a new change after undo clears redo', () => {
    const s = run(start(), { type: 'pin', at }, { type: 'undo', at }, { type: 'move', by: 1 }, { type: 'pin', at });
    expect(s.future).toEqual([]);
    expect(run(s, { type: 'redo', at }).notice?.text).toBe('Nothing to redo.');
  });
});

describe('keys', () => {
  it('resolve against the current mode: s opens the swap list, where letters type into the filter', () => {
    let s = run(start(), keyAction('s', key(), at));
    expect(s.mode).toBe('swap');
    s = run(s, keyAction('p', key(), at), keyAction('x', key(), at));
    expect(s.swap!.filter).toBe('px');
    expect(s.events).toHaveLength(1);
    s = run(s, keyAction('', key({ escape: true }), at), keyAction('p', key(), at));
    expect(s.sample.pinned).toHaveLength(1);
    s = run(s, keyAction('r', key({ ctrl: true }), at));
    expect(s.notice?.text).toBe('Nothing to redo.');
  });

  it('handles keys that arrive together one by one, each in the mode the last one left', () => {
    expect(run(start(), keyAction('jj', key(), at)).selected).toBe(2);
    const s = run(start(), keyAction('2sab', key(), at));
    expect(s.mode).toBe('swap');
    expect(s.swap?.index).toBe(1);
    expect(s.swap?.filter).toBe('ab');
    expect(run(start(), keyAction('pU', key(), at)).notice?.text).toBe('Nothing to redo.');
    const tabbed = run(start(), keyAction('s\t', key(), at));
    expect(tabbed.swap?.showBreaking).toBe(true);
    const taken = run(start(), keyAction('2s\r', key(), at));
    expect(taken.events.at(-1)?.action).toBe('swap');
    const dropped = run(start(), keyAction('xno\u007fo\r', key(), at));
    expect(dropped.sample.dropped[0]?.reason).toBe('no');
  });
});

describe('write and quit', () => {
  it('asks before quitting with unwritten changes, and not after writing', () => {
    let s = run(start(), { type: 'pin', at }, { type: 'quit' });
    expect(s.mode).toBe('quit');
    expect(s.exit).toBeNull();
    s = run(s, { type: 'back' }, { type: 'write' });
    expect(s.request).not.toBeNull();
    s = run(s, { type: 'written', files: ['a.csv', 'a.audit.json'] }, { type: 'quit' });
    expect(s.exit).toBe(0);
  });

  it('quits at once when nothing changed', () => {
    expect(run(start(), { type: 'quit' }).exit).toBe(0);
  });

  it('builds the record draw --out writes: picks with covers, reserves with what they replace, every event', () => {
    const s = run(start(), { type: 'pin', at }, { type: 'select', index: 2 }, { type: 'drop', at, reason: 'family declined' });
    const record = sampleRecord(s, reviewContext(cases), at);
    expect(record.picks.map((p) => p.case.case_id)).toEqual(ids(s));
    expect(record.picks[0]!.pinned).toBe(true);
    expect(record.reserves).toEqual(reserveRows(s));
    expect(record.ruleResults.every((r) => r.satisfied)).toBe(true);
    expect(record.events.map((e) => e.action)).toEqual(['draw', 'pin', 'drop']);
    expect(record.seed).toBe('test-seed');
    expect(record.validSamples).toBe(s.firstCount);
  });
});

describe('resume', () => {
  it('brings back the same state, and the session goes on exactly as it would have', () => {
    const s = run(
      start(),
      { type: 'pin', at },
      { type: 'select', index: 2 },
      { type: 'drop', at, reason: 'family declined' },
      { type: 'redraw', at },
      { type: 'undo', at },
    );
    const json = JSON.parse(JSON.stringify(toSession(s, { file: 'cohort.csv', sha256: 'f'.repeat(64), rows: cases.length }, at)));
    const env = createEnv({ cases, rules: HANDBOOK_RULES, seed: json.seed, pins: json.pins, excludes: json.excludes, reserves: json.reserves });
    const back = fromSession(json, env);
    expect(snapshotKey(back.sample)).toBe(snapshotKey(s.sample));
    expect(back.past.map((p) => snapshotKey(p.snapshot))).toEqual(s.past.map((p) => snapshotKey(p.snapshot)));
    expect(back.future.map((p) => snapshotKey(p.snapshot))).toEqual(s.future.map((p) => snapshotKey(p.snapshot)));
    expect(back.events).toEqual(s.events);
    expect(back.selected).toBe(s.selected);
    expect(back.firstCount).toBe(s.firstCount);
    expect(isDirty(back)).toBe(isDirty(s));
    const next = (x: ReviewState) => run(x, { type: 'redo', at }, { type: 'redraw', at }, { type: 'openSwap' });
    expect(ids(next(back))).toEqual(ids(next(s)));
    expect(next(back).swap?.fits.map((o) => o.case.case_id)).toEqual(next(s).swap?.fits.map((o) => o.case.case_id));
  });
});

describe('reserves after changes', () => {
  it('after every swap and drop, each reserve can still replace a pick with every rule met', () => {
    let s = start('reserve-seed', { reserves: 6 });
    for (let i = 0; i < s.sample.picks.length; i++) {
      s = run(s, { type: 'select', index: i }, { type: 'openSwap' });
      if (!s.swap || s.swap.fits.length === 0) {
        s = run(s, { type: 'back' });
        continue;
      }
      s = run(s, { type: 'takeSwap', at });
      if (!allMet(s)) continue;
      for (const row of reserveRows(s)) expect(row.replaces.length).toBeGreaterThan(0);
    }
    s = run(s, { type: 'select', index: 0 }, { type: 'drop', at, reason: 'family declined' });
    if (allMet(s)) for (const row of reserveRows(s)) expect(row.replaces.length).toBeGreaterThan(0);
  });
});
