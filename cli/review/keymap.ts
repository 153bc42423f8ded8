/**
 * Every key of the review screen in one table (after gemini-cli's `keyBindings.ts`): each
 * command with the mode it works in, its keys, what it does and its footer label. The key
 * handling (`commandFor`), the footer, the help panel and the README's key table are all read
 * from this table, so the keys shown are the keys that work.
 */
import type { Key } from 'ink';
import { EXIT } from '../errors.js';
import type { Action, Command, Mode } from './types.js';

/**
 * A key as the table names it: `up`, `down`, `pageup`, `pagedown`, `home`, `end`, `enter`,
 * `tab`, `escape`, `erase` (Backspace or Delete), `digit` (1 to 9), `text` (anything typed),
 * `ctrl-<letter>`, or a single character.
 */
export type KeyName = string;

/** What a key press is, for a binding's command: the text typed and the swap list's page. */
export interface Press {
  input: string;
  /** The printable text of the press (empty for Enter, Tab, ctrl-keys…). */
  text: string;
  /** A page of the swap list: the number of rows it shows. */
  page: number;
}

export interface Binding {
  keys: readonly KeyName[];
  command: (press: Press) => Command | null;
}

export interface KeyCommand {
  /** Where it works: a mode of the screen, or every mode. */
  mode: Mode | 'any';
  /** Keys and what each does, tried in order; shown in this order too. */
  bindings: readonly Binding[];
  /** One line of the help panel (and the README unless `readme` says more). */
  does: string;
  /** A few words in the footer; without, the command is only in the help. */
  footer?: string;
  /** The README's fuller description, where the help panel's line is too short for it. */
  readme?: string;
}

const bind = (keys: readonly KeyName[], command: (press: Press) => Command | null): Binding => ({ keys, command });
const always = (command: Command) => () => command;

export const KEY_COMMANDS: readonly KeyCommand[] = [
  {
    mode: 'any',
    bindings: [bind(['ctrl-c'], always({ type: 'quitNow', code: EXIT.interrupted }))],
    does: 'quit at once (the session is saved: review --resume brings it back)',
  },
  // The picks
  {
    mode: 'table',
    bindings: [
      bind(['up'], always({ type: 'move', by: -1 })),
      bind(['down'], always({ type: 'move', by: 1 })),
      bind(['j'], always({ type: 'move', by: 1 })),
      bind(['k'], always({ type: 'move', by: -1 })),
      bind(['digit'], ({ input }) => ({ type: 'select', index: Number(input) - 1 })),
    ],
    does: 'move between picks; a digit jumps to that pick',
    footer: '↑↓ move',
  },
  { mode: 'table', bindings: [bind(['g', 'home', 'pageup'], always({ type: 'move', by: -1000 }))], does: 'the first pick' },
  { mode: 'table', bindings: [bind(['G', 'end', 'pagedown'], always({ type: 'move', by: 1000 }))], does: 'the last pick' },
  {
    mode: 'table',
    bindings: [bind(['s', 'enter'], always({ type: 'openSwap' }))],
    does: 'swap: list the cases that can replace the pick',
    footer: 's swap',
    readme:
      'swap the selected pick: the cases that keep every rule met, how many, in a fair seeded order; ' +
      'type to filter (need code or area, setting, stage, locality, `case_id`); Tab also shows the cases ' +
      'that would break a rule, marked ✗ with it (taking one is allowed, and the broken rule shows in red)',
  },
  {
    mode: 'table',
    bindings: [bind(['p'], always({ type: 'pin' }))],
    does: 'pin the pick (or unpin it): redraws leave pinned picks in place, as --pin does',
    footer: 'p pin',
  },
  {
    mode: 'table',
    bindings: [bind(['x'], always({ type: 'openDrop' }))],
    does: 'drop the pick for the rest of the session, with an optional reason',
    footer: 'x drop',
    readme:
      'drop the pick, with an optional reason (e.g. "family declined"): excluded for the session and ' +
      'replaced by the first reserve that keeps the rules met, or else a fresh completion',
  },
  {
    mode: 'table',
    bindings: [bind(['r'], always({ type: 'redraw' }))],
    does: 'redraw every pick that is not pinned, with a new seed',
    footer: 'r redraw',
  },
  {
    mode: 'table',
    bindings: [bind(['u'], always({ type: 'undo' })), bind(['U', 'ctrl-r'], always({ type: 'redo' }))],
    does: 'undo the last change; redo it',
    footer: 'u undo',
  },
  {
    mode: 'table',
    bindings: [bind(['w'], always({ type: 'write' }))],
    does: "write the sample CSV and its audit record (until then: 'unwritten')",
    footer: 'w write',
    readme: 'write the sample CSV and its audit record (every swap, pin, drop with its reason, and redraw, in order)',
  },
  { mode: 'table', bindings: [bind(['?'], always({ type: 'help' }))], does: 'this help', footer: '? help' },
  {
    mode: 'table',
    bindings: [bind(['q'], always({ type: 'quit' }))],
    does: 'quit (asks first if there are unwritten changes)',
    footer: 'q quit',
    readme: 'quit (asks first if there are unwritten changes: `w` write and quit, `y` quit, `n` stay)',
  },
  { mode: 'table', bindings: [bind(['escape'], always({ type: 'back' }))], does: 'clear the message' },
  // The swap list
  {
    mode: 'swap',
    bindings: [bind(['escape'], always({ type: 'back' }))],
    does: 'back',
    footer: 'Esc back',
  },
  {
    mode: 'swap',
    bindings: [
      bind(['up'], always({ type: 'swapMove', by: -1 })),
      bind(['down'], always({ type: 'swapMove', by: 1 })),
      bind(['pageup'], ({ page }) => ({ type: 'swapMove', by: -page })),
      bind(['pagedown'], ({ page }) => ({ type: 'swapMove', by: page })),
      bind(['home'], always({ type: 'swapMove', by: -Infinity })),
      bind(['end'], always({ type: 'swapMove', by: Infinity })),
    ],
    does: 'move',
    footer: '↑↓ move',
  },
  { mode: 'swap', bindings: [bind(['enter'], always({ type: 'takeSwap' }))], does: 'take the case', footer: 'Enter take' },
  {
    mode: 'swap',
    bindings: [bind(['tab'], always({ type: 'toggleBreaking' }))],
    does: 'show or hide cases that break a rule',
    footer: 'Tab rule-breakers',
  },
  { mode: 'swap', bindings: [bind(['erase'], always({ type: 'swapErase' }))], does: 'erase' },
  {
    mode: 'swap',
    bindings: [bind(['text'], ({ text }) => ({ type: 'swapType', text }))],
    does: 'filter',
    footer: 'type to filter',
    readme: 'filter by need code or area, setting, stage, locality or `case_id`',
  },
  // The drop prompt
  { mode: 'drop', bindings: [bind(['escape'], always({ type: 'back' }))], does: 'cancel', footer: 'Esc cancel' },
  { mode: 'drop', bindings: [bind(['enter'], always({ type: 'drop' }))], does: 'drop', footer: 'Enter drop' },
  { mode: 'drop', bindings: [bind(['erase'], always({ type: 'reasonErase' }))], does: 'erase' },
  {
    mode: 'drop',
    bindings: [bind(['text'], ({ text }) => ({ type: 'reasonType', text }))],
    does: 'a reason',
    footer: 'type a reason',
    readme: 'the reason, if any (e.g. "family declined")',
  },
  // The question before quitting with unwritten changes
  {
    mode: 'quit',
    bindings: [bind(['w'], always({ type: 'write', quitAfter: true }))],
    does: 'write, then quit',
    footer: 'w write and quit',
  },
  {
    mode: 'quit',
    bindings: [bind(['y', 'Y'], always({ type: 'quitNow', code: EXIT.ok }))],
    does: 'quit without writing',
    footer: 'y quit without writing',
  },
  { mode: 'quit', bindings: [bind(['n', 'N', 'escape'], always({ type: 'back' }))], does: 'stay', footer: 'n stay' },
  // The help panel
  {
    mode: 'help',
    bindings: [bind(['?', 'escape', 'q', 'enter'], always({ type: 'help' }))],
    does: 'close the help',
    footer: '? Esc close help',
  },
];

/** The commands that work in a mode, in the table's order (those for every mode first). */
export function commandsFor(mode: Mode): KeyCommand[] {
  return KEY_COMMANDS.filter((c) => c.mode === 'any').concat(KEY_COMMANDS.filter((c) => c.mode === mode));
}

/** When no sample exists there is nothing to change: only quitting is offered. */
export const INFEASIBLE_COMMANDS: readonly KeyCommand[] = KEY_COMMANDS.filter(
  (c) => c.mode === 'table' && c.bindings.some((b) => b.keys.includes('q')),
);

const LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  tab: 'Tab',
  escape: 'Esc',
  erase: 'Backspace',
  digit: '1–9',
  text: 'type',
};

/** A key as people read it: `↑`, `PgUp`, `ctrl-r`, `j`. */
export function keyLabel(name: KeyName): string {
  return LABELS[name] ?? name;
}

/** Every key of a command, in the table's order: "↑ ↓ j k 1–9". */
export function commandKeys(command: KeyCommand, label: (name: KeyName) => string = keyLabel): string {
  return command.bindings.flatMap((b) => b.keys.map(label)).join(' ');
}

/** Text a user typed (or pasted), without control characters. */
function typed(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.return || key.tab || key.escape) return '';
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f]/g, '');
}

function matches(name: KeyName, input: string, key: Key): boolean {
  switch (name) {
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'pageup':
      return key.pageUp;
    case 'pagedown':
      return key.pageDown;
    case 'home':
      return key.home;
    case 'end':
      return key.end;
    case 'enter':
      return key.return;
    case 'tab':
      return key.tab;
    case 'escape':
      return key.escape;
    case 'erase':
      return key.backspace || key.delete;
    case 'digit':
      return !key.ctrl && /^[1-9]$/.test(input);
    case 'text':
      return typed(input, key) !== '';
  }
  if (name.startsWith('ctrl-')) return key.ctrl && input === name.slice('ctrl-'.length);
  return !key.ctrl && input === name;
}

/** What a key press does in a mode, from the table; null when the key does nothing there. */
export function commandFor(mode: Mode, input: string, key: Key, page = 10): Command | null {
  for (const command of commandsFor(mode)) {
    for (const binding of command.bindings) {
      if (binding.keys.some((name) => matches(name, input, key))) {
        return binding.command({ input, text: typed(input, key), page });
      }
    }
  }
  return null;
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

/**
 * The action for what Ink read: one press, or several when keys arrived together (typed fast,
 * sent by a script, pasted: "js", "1s"). Each is resolved in the mode the one before it left.
 */
export function keyAction(input: string, key: Key, at: string, page = 10): Action {
  const presses =
    [...input].length > 1 && !key.ctrl && !key.meta ? splitKeys(input) : [{ input, key }];
  return { type: 'keys', presses: presses.map((p) => (mode: Mode) => commandFor(mode, p.input, p.key, page)), at };
}
