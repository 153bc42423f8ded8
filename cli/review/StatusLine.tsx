import { Box, Text } from 'ink';
import type { Case } from '../../src/cohort/case.js';
import { fit, truncateStart, visibleWidth, wrapText } from './format.js';
import type { Mode, Notice } from './types.js';

const MARK: Record<Notice['tone'], string> = { info: '', done: '✓ ', warn: '! ', error: '✗ ' };
const COLOR: Record<Notice['tone'], string | undefined> = { info: undefined, done: 'green', warn: 'yellow', error: 'red' };

export interface StatusProps {
  mode: Mode;
  notice: Notice | null;
  reason: string;
  pick: Case | undefined;
  number: number;
  width: number;
}

/** A long message (a write that failed, say) takes a second line rather than losing its end. */
export const STATUS_MAX_LINES = 2;

export function statusLines({ mode, notice, reason, pick, number, width }: StatusProps): { text: string; color?: string; bold?: boolean }[] {
  if (mode === 'drop' && pick) {
    // The end of what is being typed must stay in sight: cut from the left if need be.
    const prompt = `Drop #${number} ${pick.case_id} for the rest of the session? Reason (optional): `;
    const typed = `${reason}▏`;
    const room = Math.max(8, width - visibleWidth(prompt));
    const shown = truncateStart(typed, room);
    return [{ text: fit(prompt + shown, width), color: 'yellow' }];
  }
  if (mode === 'quit') return [{ text: fit('! Unwritten changes. Quit anyway?', width), color: 'yellow', bold: true }];
  if (!notice) return [{ text: fit('', width) }];
  return wrapText(MARK[notice.tone] + notice.text, width, STATUS_MAX_LINES).map((line) => ({
    text: fit(line, width),
    color: COLOR[notice.tone],
  }));
}

/** The drop prompt, the quit question, or what the last key did. */
export function StatusLine(props: StatusProps) {
  return (
    <Box flexDirection="column" width={props.width}>
      {statusLines(props).map((line, i) => (
        <Text key={i} color={line.color} bold={line.bold} wrap="truncate">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
