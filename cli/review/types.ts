/**
 * The review screen's state and the actions that change it, as types only: the reducer
 * (state.ts), the keymap (keymap.ts), the session file and the views all speak these, and
 * none of them needs another's code to do so.
 */
import type { Case } from '../../src/cohort/case.js';
import type { AuditEvent } from '../../src/report/output.js';
import type { SwapOption } from '../../src/solver/index.js';
import type { ReviewEnv } from './env.js';

export type Mode = 'table' | 'swap' | 'drop' | 'help' | 'quit';

/** A case taken out by the inspector, with the reason they gave (if any). */
export interface Dropped {
  case_id: string;
  reason: string | null;
}

/** What undo and redo move between: the sample as the inspector sees it. */
export interface Snapshot {
  picks: Case[];
  /** case_ids of the pinned picks, left in place by redraws. */
  pinned: string[];
  /** Excluded for the rest of the session (on top of the command line's exclusions). */
  dropped: Dropped[];
  reserves: Case[];
}

export interface Step {
  snapshot: Snapshot;
  /** What the change did, for "undid …" messages and audit events. */
  label: string;
}

/** The list of replacements for one pick. */
export interface SwapView {
  index: number;
  case_id: string;
  /** The seed its order came from. */
  seed: string;
  /** Cases that keep every rule met, in seeded random order. */
  fits: SwapOption[];
  /** Cases that would break a rule; computed only when asked for. */
  breaking: SwapOption[] | null;
  showBreaking: boolean;
  filter: string;
  /**
   * Filter results for each prefix of the filter typed so far: typing more only narrows, so
   * each key press searches the previous matches rather than the whole cohort.
   */
  matched: Matched[];
  /** The filtered list: fitting cases first, then (if shown) breaking ones. */
  visible: SwapOption[];
  /** How many of `visible` keep every rule. */
  visibleFits: number;
  cursor: number;
}

export interface Matched {
  filter: string;
  fits: SwapOption[];
  breaking: SwapOption[] | null;
}

export interface Notice {
  text: string;
  tone: 'info' | 'done' | 'warn' | 'error';
}

/** Side effects the reducer asks the app for (it cannot do I/O itself). */
export interface WriteRequest {
  id: number;
  quitAfter: boolean;
  /** The sample being written, so the right one is marked written when the files land. */
  key: string;
}

export interface ReviewState {
  env: ReviewEnv;
  status: 'ready' | 'infeasible';
  /** Why no sample could be drawn (status 'infeasible'). */
  explanation: string | null;
  sample: Snapshot;
  past: Step[];
  future: Step[];
  /** Every change, in order, for the audit record; undo and redo add events, never remove them. */
  events: AuditEvent[];
  /** Advances with every change; per-action seeds are derived from it. */
  nonce: number;
  /** Valid samples of the first draw: the count the record's seed and options reproduce. */
  firstCount: bigint;
  /** snapshotKey of the sample last written (or first drawn): anything else is unwritten. */
  written: string | null;
  mode: Mode;
  selected: number;
  swap: SwapView | null;
  /** The drop prompt's text. */
  reason: string;
  notice: Notice | null;
  request: WriteRequest | null;
  /** Set when the app should exit, with the exit code. */
  exit: number | null;
}

export type Action =
  /**
   * Key presses, each resolved by the keymap against the mode the state is in when it is read
   * (never a stale one): see `keyAction` in keymap.ts.
   */
  | { type: 'keys'; presses: readonly ((mode: Mode) => Command | null)[]; at: string }
  | { type: 'move'; by: number }
  | { type: 'select'; index: number }
  | { type: 'openSwap' }
  | { type: 'swapType'; text: string }
  | { type: 'swapErase' }
  | { type: 'swapMove'; by: number }
  | { type: 'toggleBreaking' }
  | { type: 'takeSwap'; at: string }
  | { type: 'pin'; at: string }
  | { type: 'openDrop' }
  | { type: 'reasonType'; text: string }
  | { type: 'reasonErase' }
  | { type: 'drop'; at: string; reason?: string }
  | { type: 'redraw'; at: string }
  | { type: 'undo'; at: string }
  | { type: 'redo'; at: string }
  | { type: 'write'; quitAfter?: boolean }
  | { type: 'written'; files: string[] }
  | { type: 'writeFailed'; message: string }
  | { type: 'quit' }
  | { type: 'quitNow'; code: number }
  | { type: 'help' }
  | { type: 'back' }
  | { type: 'counted'; key: string; count: bigint }
  | { type: 'notice'; notice: Notice };

/** An action before the app stamps it with the time: what a key binding produces. */
export type Command = Exclude<Action, { type: 'keys' }> extends infer A ? (A extends { at: string } ? Omit<A, 'at'> : A) : never;
