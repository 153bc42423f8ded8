import { Box, Text } from 'ink';
import type { RuleResult } from '../../src/rules/evaluate.js';
import { truncate } from './format.js';
import { chipLines } from './layout.js';

/**
 * One chip per rule: "✓ sen-support 2 (at least 2)"; a rule --relax eased says so in
 * words as well as in its own colour: "✓ alternative-provision 0 (at least 0) eased".
 */
export function chipText(r: RuleResult, eased = false): string {
  return `${r.satisfied ? '✓' : '✗'} ${r.id} ${r.progress}${eased ? ' eased' : ''}`;
}

const NONE: ReadonlySet<string> = new Set();

export function ruleChipLines(results: readonly RuleResult[], width: number, eased: ReadonlySet<string> = NONE) {
  return chipLines(
    results.map((r) => ({ result: r, text: truncate(chipText(r, eased.has(r.id)), width) })),
    width,
  );
}

/** The rules as chips, wrapped chip by chip (never inside one); `eased`: ids --relax eased. */
export function RuleChips({ results, width, eased = NONE }: { results: RuleResult[]; width: number; eased?: ReadonlySet<string> }) {
  return (
    <Box flexDirection="column" width={width}>
      {ruleChipLines(results, width, eased).map((line, i) => (
        <Box key={i} gap={2}>
          {line.map(({ result, text }) => (
            <Text key={result.id} color={!result.satisfied ? 'red' : eased.has(result.id) ? 'yellow' : 'green'} bold={!result.satisfied} wrap="truncate">
              {text}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
