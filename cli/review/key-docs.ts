/**
 * The README's table of review keys, written from the keymap so that the two cannot disagree
 * (test/review/keymap.test.ts checks the README holds exactly this table).
 */
import { KEY_COMMANDS, commandKeys, keyLabel, type KeyCommand, type KeyName } from './keymap.js';
import type { Mode } from './types.js';

const SECTIONS: [Mode | 'any', string | null][] = [
  ['table', null],
  ['any', null],
  ['swap', 'in the swap list'],
  ['drop', 'at the drop prompt'],
  ['quit', 'asked before quitting'],
  ['help', 'in the help'],
];

/** Keys typed as they are (`j`, `ctrl-r`) in code spans; named keys (↑, Enter, PgUp) plain. */
function markdownKey(name: KeyName): string {
  if (name === 'digit') return '`1`–`9`';
  return name.length === 1 || name.startsWith('ctrl-') ? `\`${keyLabel(name)}\`` : keyLabel(name);
}

const row = (c: KeyCommand) => `| ${commandKeys(c, markdownKey)} | ${c.readme ?? c.does} |`;

/** The markdown table, one row per command, the prompts' keys under their own headings. */
export function keyTableMarkdown(): string {
  const lines = ['| key | does |', '| --- | --- |'];
  for (const [mode, heading] of SECTIONS) {
    if (heading) lines.push(`| **${heading}** | |`);
    lines.push(...KEY_COMMANDS.filter((c) => c.mode === mode).map(row));
  }
  return lines.join('\n');
}
