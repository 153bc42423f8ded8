/**
 * Undo and redo: they move the sample between snapshots and log the move, and (unlike other
 * changes) never clear what lies the other way.
 */
import type { ReviewState } from './types.js';

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, i));
}

export function undo(state: ReviewState, at: string): ReviewState {
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

export function redo(state: ReviewState, at: string): ReviewState {
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
