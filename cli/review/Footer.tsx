import { Text } from 'ink';
import { fit } from './format.js';
import type { KeyHelp } from './keymap.js';

/** The keys that work right now, from the keymap. */
export function footerText(keys: readonly KeyHelp[]): string {
  return keys
    .filter((k) => k.footer)
    .map((k) => k.footer)
    .join('  ');
}

export function Footer({ keys, width }: { keys: readonly KeyHelp[]; width: number }) {
  return (
    <Text dimColor wrap="truncate">
      {fit(footerText(keys), width)}
    </Text>
  );
}
