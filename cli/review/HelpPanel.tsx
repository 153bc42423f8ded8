import { Box, Text } from 'ink';
import { fit, wrapText } from './format.js';
import { KEY_COMMANDS, commandKeys, type KeyCommand } from './keymap.js';
import type { Mode } from './types.js';

const KEYS_WIDTH = 14;

/** The other modes, each said on a line or two: "In the swap list: type filter · …". */
const PROMPTS: [Mode, string][] = [
  ['swap', 'In the swap list:'],
  ['drop', 'Drop prompt:'],
  ['quit', 'Quit prompt:'],
];

const commandsIn = (mode: Mode | 'any'): KeyCommand[] => KEY_COMMANDS.filter((c) => c.mode === mode);

/** Every key from the keymap (the picks' keys one a line, the prompts' keys run together) and the marks. */
export function helpLines(width = 80): { text: string; bold?: boolean }[] {
  const keyLine = (c: KeyCommand) => ({ text: `${fit(commandKeys(c), KEYS_WIDTH)} ${c.does}` });
  const lines: { text: string; bold?: boolean }[] = [
    { text: 'Keys', bold: true },
    ...commandsIn('table').map(keyLine),
    ...commandsIn('any').map(keyLine),
  ];
  for (const [mode, title] of PROMPTS) {
    const keys = commandsIn(mode).map((c) => `${commandKeys(c)} ${c.does}`);
    lines.push(...wrapText(`${title} ${keys.join(' · ')}`, width, 3).map((text) => ({ text })));
  }
  lines.push({ text: 'Marks: ✓ rule met  ✗ rule not met  › selected row  [n] the selected pick in the grid' });
  return lines;
}

/** Shown in place of the picks; lines are cut to the width, and to the height from the end. */
export function HelpPanel({ width, height }: { width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {helpLines(width)
        .slice(0, height)
        .map((l, i) => (
          <Text key={i} bold={l.bold} wrap="truncate">
            {fit(l.text, width)}
          </Text>
        ))}
    </Box>
  );
}
