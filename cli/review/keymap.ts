/**
 * Every key of the review screen, in one place: what each mode does with a key press, and the
 * lists the footer and the help panel print, so that the keys shown are the keys that work.
 */
import type { Key } from 'ink';
import type { Action, Mode } from './state.js';

/** An action before the app stamps it with the time. */
export type Command = Exclude<Action, { type: 'key' }> extends infer A ? (A extends { at: string } ? Omit<A, 'at'> : A) : never;

export interface KeyHelp {
  keys: string;
  does: string;
  /** Shown in the footer (the help panel shows all). */
  footer?: string;
}

export const TABLE_KEYS: KeyHelp[] = [
  { keys: '↑ ↓  j k', does: 'move between picks (1–9 jump to a pick)', footer: '↑↓ move' },
  { keys: 's  Enter', does: 'swap: list the cases that can replace the pick', footer: 's swap' },
  { keys: 'p', does: 'pin the pick (or unpin it): redraws leave pinned picks in place', footer: 'p pin' },
  { keys: 'x', does: 'drop the pick for the rest of the session, with an optional reason', footer: 'x drop' },
  { keys: 'r', does: 'redraw every pick that is not pinned, with a new seed', footer: 'r redraw' },
  { keys: 'u  U', does: 'undo the last change; redo it (ctrl-r redoes too)', footer: 'u undo' },
  { keys: 'w', does: "write the sample CSV and its audit record (until then: 'unwritten')", footer: 'w write' },
  { keys: '?', does: 'this help', footer: '? help' },
  { keys: 'q', does: 'quit (asks first if there are unwritten changes)', footer: 'q quit' },
  { keys: 'ctrl-c', does: 'quit at once (the session is saved: review --resume brings it back)' },
];

export const SWAP_KEYS: KeyHelp[] = [
  { keys: 'type', does: 'filter by need code, setting, stage, locality or case_id', footer: 'type to filter' },
  { keys: '↑ ↓  PgUp PgDn', does: 'move', footer: '↑↓ move' },
  { keys: 'Enter', does: 'take the case in place of the pick', footer: 'Enter take' },
  { keys: 'Tab', does: 'show or hide cases that break a rule', footer: 'Tab rule-breakers' },
  { keys: 'Esc', does: 'back to the picks', footer: 'Esc back' },
];

export const DROP_KEYS: KeyHelp[] = [
  { keys: 'type', does: 'the reason (optional)', footer: 'type a reason' },
  { keys: 'Enter', does: 'drop the pick', footer: 'Enter drop' },
  { keys: 'Esc', does: 'cancel', footer: 'Esc cancel' },
];

export const QUIT_KEYS: KeyHelp[] = [
  { keys: 'w', does: 'write, then quit', footer: 'w write and quit' },
  { keys: 'y', does: 'quit without writing', footer: 'y quit without writing' },
  { keys: 'n  Esc', does: 'stay', footer: 'n stay' },
];

/** When no sample exists there is nothing to change. */
export const INFEASIBLE_KEYS: KeyHelp[] = [{ keys: 'q', does: 'quit', footer: 'q quit' }];

export const HELP_KEYS: KeyHelp[] = [{ keys: '?  Esc  q', does: 'close the help', footer: '? Esc close help' }];

export function keysFor(mode: Mode): KeyHelp[] {
  switch (mode) {
    case 'table':
      return TABLE_KEYS;
    case 'swap':
      return SWAP_KEYS;
    case 'drop':
      return DROP_KEYS;
    case 'quit':
      return QUIT_KEYS;
    case 'help':
      return HELP_KEYS;
  }
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Ink hands over keys that arrive in one read (typed fast, sent by a script, pasted) as one
 * string, splitting off only escape sequences. This splits the rest into single key presses
 * as Ink would have reported them one by one: Enter, Tab, Backspace and ctrl-letters included.
 */
export function splitKeys(input: string): { input: string; key: Key }[] {
  return [...input].map((ch) => {
    const code = ch.codePointAt(0)!;
    if (ch === '\r' || ch === '\n') return { input: '', key: { ...NO_KEY, return: true } };
    if (ch === '\t') return { input: '', key: { ...NO_KEY, tab: true } };
    if (ch === '\u007f') return { input: '', key: { ...NO_KEY, delete: true } };
    if (ch === '\b') return { input: '', key: { ...NO_KEY, backspace: true } };
    if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } };
    return { input: ch, key: { ...NO_KEY, shift: ch !== ch.toLowerCase() } };
  });
}

/** Text a user typed (or pasted), without control characters. */
function typed(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.return || key.tab || key.escape) return '';
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** A page of the swap list: the number of rows it shows. */
export function commandFor(mode: Mode, input: string, key: Key, page = 10): Command | null {
  if (key.ctrl && input === 'c') return { type: 'quitNow', code: 130 };
  switch (mode) {
    case 'table':
      if (key.upArrow || input === 'k') return { type: 'move', by: -1 };
      if (key.downArrow || input === 'j') return { type: 'move', by: 1 };
      if (key.pageUp || key.home || input === 'g') return { type: 'move', by: -1000 };
      if (key.pageDown || key.end || input === 'G') return { type: 'move', by: 1000 };
      if (/^[1-9]$/.test(input)) return { type: 'select', index: Number(input) - 1 };
      if (key.return || input === 's') return { type: 'openSwap' };
      if (key.ctrl && input === 'r') return { type: 'redo' };
      if (key.ctrl) return null;
      switch (input) {
        case 'p':
          return { type: 'keep' };
        case 'x':
          return { type: 'openDrop' };
        case 'r':
          return { type: 'redraw' };
        case 'u':
          return { type: 'undo' };
        case 'U':
          return { type: 'redo' };
        case 'w':
          return { type: 'write' };
        case '?':
          return { type: 'help' };
        case 'q':
          return { type: 'quit' };
      }
      if (key.escape) return { type: 'back' };
      return null;
    case 'swap':
      if (key.escape) return { type: 'back' };
      if (key.upArrow) return { type: 'swapMove', by: -1 };
      if (key.downArrow) return { type: 'swapMove', by: 1 };
      if (key.pageUp) return { type: 'swapMove', by: -page };
      if (key.pageDown) return { type: 'swapMove', by: page };
      if (key.home) return { type: 'swapMove', by: -Infinity };
      if (key.end) return { type: 'swapMove', by: Infinity };
      if (key.return) return { type: 'takeSwap' };
      if (key.tab) return { type: 'toggleBreaking' };
      if (key.backspace || key.delete) return { type: 'swapErase' };
      return typed(input, key) ? { type: 'swapType', text: typed(input, key) } : null;
    case 'drop':
      if (key.escape) return { type: 'back' };
      if (key.return) return { type: 'drop' };
      if (key.backspace || key.delete) return { type: 'reasonErase' };
      return typed(input, key) ? { type: 'reasonType', text: typed(input, key) } : null;
    case 'quit':
      if (input === 'y' || input === 'Y') return { type: 'quitNow', code: 0 };
      if (input === 'w') return { type: 'write', quitAfter: true };
      if (input === 'n' || input === 'N' || key.escape) return { type: 'back' };
      return null;
    case 'help':
      if (input === '?' || input === 'q' || key.escape || key.return) return { type: 'help' };
      return null;
  }
}
