import { readFileSync } from 'node:fs';
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { footerText } from '../../cli/review/Footer.js';
import { helpLines } from '../../cli/review/HelpPanel.js';
import { keyTableMarkdown } from '../../cli/review/key-docs.js';
import { KEY_COMMANDS, commandFor, commandKeys, commandsFor, splitKeys, type KeyName } from '../../cli/review/keymap.js';
import type { Mode } from '../../cli/review/types.js';

const MODES: Mode[] = ['table', 'swap', 'drop', 'quit', 'help'];
const PLAIN: Key = splitKeys('a')[0]!.key;

/** A key press as Ink reports it, for a key the table names. */
function press(name: KeyName): { input: string; key: Key } {
  const named: Record<string, Partial<Key>> = {
    up: { upArrow: true },
    down: { downArrow: true },
    pageup: { pageUp: true },
    pagedown: { pageDown: true },
    home: { home: true },
    end: { end: true },
    enter: { return: true },
    tab: { tab: true },
    escape: { escape: true },
    erase: { backspace: true },
  };
  if (named[name]) return { input: '', key: { ...PLAIN, ...named[name] } };
  if (name === 'digit') return { input: '7', key: PLAIN };
  if (name === 'text') return { input: 'z', key: PLAIN };
  if (name.startsWith('ctrl-')) return { input: name.slice(5), key: { ...PLAIN, ctrl: true } };
  return splitKeys(name)[0]!;
}

describe('the keymap', () => {
  it('does what the table says for every key it lists, in every mode it lists it for', () => {
    for (const command of KEY_COMMANDS) {
      const modes = command.mode === 'any' ? MODES : [command.mode];
      for (const mode of modes) {
        for (const binding of command.bindings) {
          for (const name of binding.keys) {
            const { input, key } = press(name);
            const expected = binding.command({ input, text: name === 'text' ? input : '', page: 12 });
            expect(commandFor(mode, input, key, 12), `${name} in ${mode}`).toEqual(expected);
          }
        }
      }
    }
  });

  it('does nothing with a key the table does not list for the mode', () => {
    expect(commandFor('table', 'z', PLAIN)).toBeNull();
    expect(commandFor('quit', 'p', PLAIN)).toBeNull();
    expect(commandFor('table', 'p', { ...PLAIN, ctrl: true })).toBeNull();
    expect(commandFor('swap', 'p', PLAIN)).toEqual({ type: 'swapType', text: 'p' });
  });

  it('shows every command in the help (one a line for the picks), and the footer labels in their mode', () => {
    const lines = helpLines(80).map((l) => l.text);
    const prompts = lines.join(' ');
    for (const command of KEY_COMMANDS.filter((c) => c.mode !== 'help')) {
      const keys = commandKeys(command);
      if (command.mode === 'table' || command.mode === 'any') {
        expect(lines.some((l) => l.startsWith(`${keys} `) && l.includes(command.does.slice(0, 40))), keys).toBe(true);
      } else {
        expect(prompts, keys).toContain(`${keys} ${command.does}`);
      }
    }
    for (const mode of MODES) {
      const footer = footerText(commandsFor(mode));
      for (const c of commandsFor(mode)) if (c.footer) expect(footer).toContain(c.footer);
    }
  });

  it('is the README key table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = /<!-- keys:[^\n]*-->\n([\s\S]*?)\n<!-- \/keys -->/.exec(readme)?.[1];
    expect(table, 'README.md has the generated key table between its markers').toBeDefined();
    expect(table).toBe(keyTableMarkdown());
  });
});
