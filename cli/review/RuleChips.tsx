import { Box, Text } from 'ink';
import type { RuleResult } from '../../src/rules/evaluate.js';
import { truncate } from './format.js';
import { chipLines } from './layout.js';

/** One chip per rule: "✓ sen-support 2 (at least 2)". */
export function chipText(r: RuleResult): string {
  return `${r.satisfied ? '✓' : '✗'} ${r.id} ${r.progress}`;
}

export function ruleChipLines(results: readonly RuleResult[], width: number) {
  return chipLines(
    results.map((r) => ({ result: r, text: truncate(chipText(r), width) })),
    width,
  );
}

/** The rules as chips, wrapped chip by chip (never inside one). */
export function RuleChips({ results, width }: { results: RuleResult[]; width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      {ruleChipLines(results, width).map((line, i) => (
        <Box key={i} gap={2}>
          {line.map(({ result, text }) => (
            <Text key={result.id} color={result.satisfied ? 'green' : 'red'} bold={!result.satisfied} wrap="truncate">
              {text}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
