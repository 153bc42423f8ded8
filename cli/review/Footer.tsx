import { Text } from 'ink';
import { fit } from './format.js';
import type { KeyCommand } from './keymap.js';

/** The keys that work right now, from the keymap. */
export function footerText(commands: readonly KeyCommand[]): string {
  return commands
    .filter((c) => c.footer)
    .map((c) => c.footer)
    .join('  ');
}

export function Footer({ commands, width }: { commands: readonly KeyCommand[]; width: number }) {
  return (
    <Text dimColor wrap="truncate">
      {fit(footerText(commands), width)}
    </Text>
  );
}
