import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { writeSampleFiles } from '../../src/report/output.js';
import type { ReviewContext } from './context.js';
import { CoverageGrid, GRID_WIDTH, gridRows } from './CoverageGrid.js';
import { Footer } from './Footer.js';
import { INFEASIBLE_COMMANDS, commandsFor, keyAction } from './keymap.js';
import { fit } from './format.js';
import { Header, headerLines, type HeaderProps } from './Header.js';
import { HelpPanel } from './HelpPanel.js';
import { PickDetail, PickTable } from './PickTable.js';
import { sampleRecord } from './record.js';
import { Reserves } from './Reserves.js';
import { ruleChipLines, RuleChips } from './RuleChips.js';
import { toSession, type SessionSaver } from './session.js';
import { StatusLine, statusLines, type StatusProps } from './StatusLine.js';
import { prepareSearch } from './search.js';
import { countKey, countValid, isDirty, pickRows, reserveRows, ruleResults, validSamples } from './selectors.js';
import { reviewReducer } from './state.js';
import { SwapList, swapListProps, swapRowsRoom } from './SwapList.js';
import type { ReviewState } from './types.js';

export interface AppProps {
  initial: ReviewState;
  ctx: ReviewContext;
  /** Saves the session after every change; none in tests that do not need it. */
  saver?: SessionSaver | null;
  /** Told the exit code, and whether changes were left unwritten, before the app unmounts. */
  onExit?: (code: number, unwritten: boolean) => void;
  /** Fixed sizes for tests; otherwise the terminal's, following resizes. */
  columns?: number;
  rows?: number;
  now?: () => Date;
}

function useTerminalSize(columns?: number, rows?: number): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return { columns: columns ?? size.columns, rows: rows ?? size.rows };
}

/** Below these the screen cannot lay itself out; it says so instead of drawing a broken table. */
const MIN_COLUMNS = 60;
const MIN_ROWS = 16;
/** Cases whose search text is built per slice: a few milliseconds, so keys are never kept waiting. */
const SEARCH_SLICE = 2_000;

export function App({ initial, ctx, saver = null, onExit, columns, rows, now = () => new Date() }: AppProps) {
  const [state, dispatch] = useReducer(reviewReducer, initial);
  const { exit } = useApp();
  const size = useTerminalSize(columns, rows);
  const nowRef = useRef(now);
  nowRef.current = now;

  const stateRef = useRef(state);
  stateRef.current = state;

  // Rows the swap list shows per page (PgUp/PgDn), known from the last layout.
  const pageRef = useRef(10);
  const onKey = useCallback((input: string, key: Key) => {
    dispatch(keyAction(input, key, nowRef.current().toISOString(), pageRef.current));
  }, []);
  useInput(onKey, { isActive: state.exit === null });

  useEffect(() => saver?.onError((text) => dispatch({ type: 'notice', notice: { text, tone: 'error' } })), [saver]);

  // Saved after every change (and on the first render, so a new session is on disk at once).
  useEffect(() => {
    saver?.save(toSession(state, { file: ctx.summary.file, sha256: ctx.summary.sha256, rows: ctx.summary.rows }, nowRef.current().toISOString()));
  }, [saver, state.events, state.written, ctx]);

  // The header's count can take a second on a large cohort with nothing pinned: counted after
  // the screen has been drawn, so a key press shows its effect first.
  const key = state.status === 'ready' ? countKey(state) : null;
  useEffect(() => {
    if (key === null || validSamples(stateRef.current) !== undefined) return;
    const timer = setTimeout(() => {
      const latest = stateRef.current;
      dispatch({ type: 'counted', key: countKey(latest), count: countValid(latest) });
    }, 20);
    return () => clearTimeout(timer);
  }, [key]);

  // Search text for the swap filter, built in slices once the screen is up.
  useEffect(() => {
    const cases = initial.env.cases;
    let from = 0;
    let timer: NodeJS.Timeout;
    const slice = () => {
      prepareSearch(cases, from, from + SEARCH_SLICE);
      from += SEARCH_SLICE;
      if (from < cases.length) timer = setTimeout(slice, 5);
    };
    timer = setTimeout(slice, 300);
    return () => clearTimeout(timer);
  }, [initial]);

  useEffect(() => {
    const request = state.request;
    if (!request) return;
    const record = sampleRecord(state, ctx, nowRef.current().toISOString());
    writeSampleFiles(ctx.out, record, { inputs: [...(ctx.inputs ?? [ctx.cohortFile]), ctx.sessionFile] }).then(
      (files) => dispatch({ type: 'written', files: [files.csv, files.audit] }),
      (error: unknown) => dispatch({ type: 'writeFailed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, [state.request?.id]);

  useEffect(() => {
    if (state.exit === null) return;
    const code = state.exit;
    void (async () => {
      await saver?.flush();
      onExit?.(code, stateRef.current.status === 'ready' && isDirty(stateRef.current));
      exit();
    })();
  }, [state.exit]);

  const width = size.columns;
  const height = Math.max(1, size.rows - 1);
  if (width < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return (
      <Box flexDirection="column" width={width}>
        <Text wrap="truncate">{fit(`Too small: ${width}×${size.rows}.`, width)}</Text>
        <Text wrap="truncate">{fit(`The review needs ${MIN_COLUMNS}×${MIN_ROWS}.`, width)}</Text>
        <Text wrap="truncate">{fit('Enlarge the window, or press q.', width)}</Text>
      </Box>
    );
  }

  const results = ruleResults(state);
  const eased = new Set(ctx.relaxation?.easings.map((e) => e.id));
  const picks = state.sample.picks;
  const rowsOfPicks = pickRows(state);
  const headerProps: HeaderProps = {
    file: ctx.summary.file,
    rows: ctx.summary.rows,
    seed: state.env.seed,
    validSamples: validSamples(state),
    ruleResults: results,
    pinned: state.sample.pinned.length,
    dropped: state.sample.dropped.length,
    dirty: isDirty(state),
    width,
  };
  const header = <Header {...headerProps} />;
  const statusProps: StatusProps = {
    mode: state.mode,
    notice: state.notice,
    reason: state.reason,
    pick: picks[state.selected],
    number: state.selected + 1,
    width,
  };
  // Lines left for the body once the header, the status line and the footer are drawn.
  const bodyHeight = Math.max(0, height - headerLines(headerProps).length - statusLines(statusProps).length - 1);
  const bottom = (
    <>
      <StatusLine {...statusProps} />
      <Footer commands={state.status === 'ready' ? commandsFor(state.mode) : INFEASIBLE_COMMANDS} width={width} />
    </>
  );

  let body: ReactNode;
  if (state.status === 'infeasible') {
    body = (
      <Box flexDirection="column" width={width} height={bodyHeight} overflow="hidden">
        <Text color="red" bold>
          ✗ No valid sample exists.
        </Text>
        <Text>{state.explanation}</Text>
      </Box>
    );
  } else if (state.mode === 'help') {
    body = <HelpPanel width={width} height={bodyHeight} />;
  } else {
    const chipRows = ruleChipLines(results, width, eased).length;
    const fixed = chipRows + 1 + picks.length + 1;
    const lower = Math.max(0, bodyHeight - fixed - 1);
    pageRef.current = swapRowsRoom(lower);
    let below: ReactNode;
    if (state.mode === 'swap' && state.swap && picks[state.swap.index]) {
      below = <SwapList {...swapListProps(state.swap, picks[state.swap.index]!, width, lower)} />;
    } else {
      const side = width - GRID_WIDTH - 3;
      const gridHeight = gridRows(picks).length + 2;
      below = (
        <Box width={width} height={lower} overflow="hidden" gap={3}>
          {lower >= gridHeight ? <CoverageGrid picks={picks} selected={state.selected} /> : null}
          {side >= 28 ? <Reserves reserves={reserveRows(state)} picks={picks} width={lower >= gridHeight ? side : width} height={lower} /> : null}
        </Box>
      );
    }
    body = (
      <Box flexDirection="column" width={width} height={bodyHeight}>
        <RuleChips results={results} width={width} eased={eased} />
        <PickTable rows={rowsOfPicks} selected={state.selected} width={width} />
        <PickDetail row={rowsOfPicks[state.selected]} number={state.selected + 1} width={width} />
        <Box height={1} />
        {below}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      {header}
      {body}
      {bottom}
    </Box>
  );
}
