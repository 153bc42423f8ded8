import { Box, Text } from 'ink';
import { basename } from 'node:path';
import type { RuleResult } from '../../src/rules/evaluate.js';
import { agree, formatCount, plural } from '../../src/words.js';
import { fit, truncate, visibleWidth } from './format.js';

export interface HeaderProps {
  file: string;
  rows: number;
  seed: string;
  /** Valid samples holding the pinned picks; undefined while being counted. */
  validSamples: bigint | undefined;
  ruleResults: RuleResult[];
  pinned: number;
  dropped: number;
  dirty: boolean;
  width: number;
}

interface HeaderLine {
  left: string;
  right: string;
  broken: number;
}

/**
 * One line when it fits, else two: the cohort and seed with the verdict, then the count. The
 * file name gives way first; the count and the verdict always show.
 */
export function headerLines({ file, rows, seed, validSamples, ruleResults, pinned, dropped, dirty, width }: HeaderProps): HeaderLine[] {
  const broken = ruleResults.filter((r) => !r.satisfied).length;
  const count =
    validSamples === undefined
      ? 'counting valid samples…'
      : `${formatCount(validSamples, true)} ${agree(validSamples, 'valid sample')}${pinned ? ` ${agree(validSamples, 'holds', 'hold')} the ${plural(pinned, 'pinned pick')}` : ''}`;
  const counts = [count, ...(dropped ? [`${dropped} dropped`] : [])].join(' · ');
  const verdict = broken === 0 ? '✓ all rules met' : `✗ ${plural(broken, 'rule')} not met`;
  const right = dirty ? `${verdict} · unwritten` : verdict;
  const cohort = (room: number) => {
    const rest = ` (${plural(rows, 'row')}) · seed ${seed}`;
    return truncate(`${truncate(basename(file), Math.max(8, room - visibleWidth(rest)))}${rest}`, room);
  };
  const room = width - visibleWidth(right) - 2;
  const one = `${basename(file)} (${plural(rows, 'row')}) · seed ${seed} · ${counts}`;
  if (visibleWidth(one) <= room) return [{ left: one, right, broken }];
  return [
    { left: cohort(room), right, broken },
    { left: truncate(counts, width), right: '', broken },
  ];
}

export function Header(props: HeaderProps) {
  return (
    <Box flexDirection="column" width={props.width}>
      {headerLines(props).map((line, i) => (
        <Box key={i} width={props.width}>
          <Text bold={i === 0} wrap="truncate">
            {line.right ? line.left : fit(line.left, props.width)}
          </Text>
          <Box flexGrow={1} />
          {line.right ? (
            <Text color={line.broken === 0 ? 'green' : 'red'} bold={line.broken > 0} wrap="truncate">
              {line.right}
            </Text>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}
