import { Box, Text } from 'ink';
import { fit } from './format.js';
import { TABLE_KEYS } from './keymap.js';

/** Every key and what the marks mean. */
export function helpLines(): { text: string; bold?: boolean }[] {
  return [
    { text: 'Keys', bold: true },
    ...TABLE_KEYS.map((k) => ({ text: `${fit(k.keys, 10)} ${k.does}` })),
    { text: 'In the swap list', bold: true },
    { text: `${fit('type', 10)} filter by need code, setting, stage, locality or case_id` },
    { text: `${fit('Tab', 10)} show or hide the cases that break a rule (marked ✗ with the rule)` },
    { text: `${fit('Enter', 10)} take the case · ↑↓ PgUp PgDn move · Esc back` },
    { text: 'Drop prompt: type a reason (optional) · Enter drop · Esc cancel' },
    { text: 'Marks', bold: true },
    { text: '✓ rule met  ✗ rule not met  › selected row  [n] the selected pick in the grid' },
  ];
}

/** Shown in place of the picks; lines are cut to the width, and to the height from the end. */
export function HelpPanel({ width, height }: { width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {helpLines()
        .slice(0, height)
        .map((l, i) => (
          <Text key={i} bold={l.bold} wrap="truncate">
            {fit(l.text, width)}
          </Text>
        ))}
    </Box>
  );
}
