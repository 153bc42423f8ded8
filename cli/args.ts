/**
 * The command line, parsed with node:util parseArgs and checked once, so that every command
 * gets typed options and a wrong flag is one clear line before any file is read.
 */
import { parseArgs } from 'node:util';
import { SELECTIONS, type Selection } from '../src/solver/selection.js';
import { DEFAULT_RESERVES } from '../src/solver/review.js';
import { resolveAgeOn } from '../src/cohort/dates.js';
import { SIZE_BOUNDS } from '../src/rules/schema.js';
import { UsageError } from './errors.js';

export const COMMANDS = ['draw', 'review', 'check', 'odds', 'rules', 'completion'] as const;
export type Command = (typeof COMMANDS)[number];

/** The shells `completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Every option, as parseArgs reads it. `value` says what an option's value is, for shell
 * completion (completion.ts): a file name, a rule column, free text, or one of a few words.
 * parseArgs ignores it.
 */
export const OPTIONS = {
  map: { type: 'string', value: 'file' },
  'skip-invalid': { type: 'boolean' },
  'allow-identifiers': { type: 'boolean' },
  sheet: { type: 'string', value: 'text' },
  'header-row': { type: 'string', value: 'text' },
  'age-on': { type: 'string', value: 'text' },
  rules: { type: 'string', value: 'file' },
  size: { type: 'string', value: 'text' },
  seed: { type: 'string', value: 'text' },
  pin: { type: 'string', multiple: true, value: 'text' },
  exclude: { type: 'string', multiple: true, value: 'text' },
  'exclude-file': { type: 'string', value: 'file' },
  relax: { type: 'boolean' },
  selection: { type: 'string', value: SELECTIONS },
  reserves: { type: 'string', value: 'text' },
  out: { type: 'string', value: 'file' },
  json: { type: 'boolean' },
  by: { type: 'string', value: 'column' },
  html: { type: 'string', value: 'file' },
  quiet: { type: 'boolean', short: 'q' },
  session: { type: 'string', value: 'file' },
  resume: { type: 'boolean' },
  'new-session': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;
export type OptionName = keyof typeof OPTIONS;

const READING: OptionName[] = ['map', 'skip-invalid', 'allow-identifiers', 'sheet', 'header-row', 'age-on', 'rules', 'size', 'quiet'];

/** Taken by every command (and by none in particular): --help and --version. */
const EVERYWHERE: OptionName[] = ['help', 'version'];

/** The options each command takes; any other is refused rather than silently ignored. */
export const ALLOWED: Record<Command, readonly OptionName[]> = {
  draw: [...READING, 'relax', 'selection', 'seed', 'pin', 'exclude', 'exclude-file', 'reserves', 'out', 'json'],
  review: [...READING, 'relax', 'selection', 'seed', 'pin', 'exclude', 'exclude-file', 'reserves', 'out', 'session', 'resume', 'new-session'],
  check: [...READING, 'relax', 'by', 'json', 'out', 'html'],
  odds: [...READING, 'relax', 'selection', 'pin', 'exclude', 'exclude-file', 'out', 'json'],
  rules: ['rules', 'size', 'json'],
  completion: [],
};

export const MAX_RESERVES = 100;
/** A header further down than this is not a title block but a mistake. */
const MAX_HEADER_ROW = 1000;

export interface Invocation {
  command: Command;
  /** The cohort file, '-' for stdin; null only for `rules` and `completion`. */
  cohort: string | null;
  /** completion: the shell to write the script for. */
  shell: Shell | null;
  map: string | null;
  skipInvalid: boolean;
  allowIdentifiers: boolean;
  /** In a workbook, the sheet to read. */
  sheet: string | null;
  /** The line (or sheet row) holding the header. */
  headerRow: number | null;
  /** --age-on resolved to a date (yyyy-mm-dd), and as given (`dfe`, `dfe:2025`, a date). */
  ageOn: { date: string; given: string } | null;
  rules: string | null;
  size: number | null;
  seed: string | null;
  pins: string[];
  excludes: string[];
  /** A file of case_ids to exclude (one a line, or a CSV with a case_id column). */
  excludeFile: string | null;
  /** When no sample meets every rule, ease the rules the least that lets one exist. */
  relax: boolean;
  /** How the sample is drawn among the valid ones: uniformly, or giving every child as equal a chance as the rules allow. */
  selection: Selection;
  reserves: number;
  out: string | null;
  json: boolean;
  by: string | null;
  /** check: the report as one self-contained web page. */
  html: string | null;
  /** No progress lines on stderr. */
  quiet: boolean;
  session: string | null;
  resume: boolean;
  /** Start afresh over a saved session, keeping the old one beside it (review). */
  newSession: boolean;
}

export type Parsed = { kind: 'help'; command: Command | null } | { kind: 'version' } | { kind: 'run'; invocation: Invocation };

function isCommand(word: string | undefined): word is Command {
  return (COMMANDS as readonly string[]).includes(word ?? '');
}

/**
 * --help and --version win over everything else on the line, so `draw --help --sede 1` still
 * shows help instead of complaining about the typo.
 */
function helpOrVersion(argv: readonly string[]): Parsed | null {
  const words = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  const command = words.find((w) => !w.startsWith('-'));
  if (command === 'help') {
    const topic = words[words.indexOf('help') + 1];
    return { kind: 'help', command: isCommand(topic) ? topic : null };
  }
  if (words.includes('--help') || words.includes('-h')) return { kind: 'help', command: isCommand(command) ? command : null };
  if (words.includes('--version') || words.includes('-V')) return { kind: 'version' };
  return null;
}

/** `today` is the clock `--age-on dfe` reads (tests give their own). */
export function parseCommandLine(argv: readonly string[], today: Date = new Date()): Parsed {
  const early = helpOrVersion(argv);
  if (early !== null) return early;

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseArgsError(error, argv);
  }
  const { values, positionals } = parsed;
  const [word, cohort, ...rest] = positionals;
  if (word === undefined) throw new UsageError(`no command given: use ${orList(COMMANDS)}`);
  if (!isCommand(word)) {
    const near = closest(word, COMMANDS);
    throw new UsageError(`unknown command '${word}'${near ? `; did you mean '${near}'?` : ''}: use ${orList(COMMANDS)}`);
  }
  const command = word;
  for (const name of Object.keys(values) as OptionName[]) {
    if (!ALLOWED[command].includes(name)) throw new UsageError(`--${name} does not apply to ${command}${belongsTo(name)}`, command);
  }
  let shell: Shell | null = null;
  if (command === 'completion') {
    // Its one argument is a shell, not a cohort.
    if (!(SHELLS as readonly string[]).includes(cohort ?? '')) {
      throw new UsageError(`completion needs a shell: ${orList(SHELLS)}${cohort === undefined ? '' : ` (found '${cohort}')`}`, command);
    }
    shell = cohort as Shell;
  } else if (command === 'rules') {
    if (cohort !== undefined) throw new UsageError(`rules takes no file (found '${cohort}'); to print a rules file as read, use --rules F`, command);
  } else if (cohort === undefined) {
    throw new UsageError(`${command} needs a cohort file (or '-' to read standard input)`, command);
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}': ${command} takes one ${command === 'completion' ? 'shell' : 'cohort file'}`, command);

  return {
    kind: 'run',
    invocation: {
      command,
      cohort: shell === null ? (cohort ?? null) : null,
      shell,
      map: nonEmpty(values.map, 'map', command),
      skipInvalid: values['skip-invalid'] === true,
      allowIdentifiers: values['allow-identifiers'] === true,
      sheet: nonEmpty(values.sheet, 'sheet', command),
      headerRow: values['header-row'] === undefined ? null : integer(values['header-row'], 'header-row', 1, MAX_HEADER_ROW, command),
      ageOn: ageOnOption(values['age-on'], today, command),
      rules: nonEmpty(values.rules, 'rules', command),
      size: values.size === undefined ? null : integer(values.size, 'size', SIZE_BOUNDS.min, SIZE_BOUNDS.max, command),
      seed: seed(values.seed, command),
      pins: ids(values.pin, 'pin', command),
      excludes: ids(values.exclude, 'exclude', command),
      excludeFile: nonEmpty(values['exclude-file'], 'exclude-file', command),
      relax: values.relax === true,
      selection: selection(values.selection, command),
      reserves: values.reserves === undefined ? DEFAULT_RESERVES : integer(values.reserves, 'reserves', 0, MAX_RESERVES, command),
      out: nonEmpty(values.out, 'out', command),
      json: values.json === true,
      by: nonEmpty(values.by, 'by', command),
      html: nonEmpty(values.html, 'html', command),
      quiet: values.quiet === true,
      session: nonEmpty(values.session, 'session', command),
      resume: values.resume === true,
      newSession: values['new-session'] === true,
    },
  };
}

function ageOnOption(value: string | undefined, today: Date, command: Command): Invocation['ageOn'] {
  if (value === undefined) return null;
  const resolved = resolveAgeOn(value, today);
  if (!resolved.ok) throw new UsageError(`--age-on ${resolved.reason} (found '${value}')`, command);
  return { date: resolved.date, given: value.trim() };
}

function selection(value: string | undefined, command: Command): Selection {
  if (value === undefined) return 'uniform';
  if ((SELECTIONS as readonly string[]).includes(value)) return value as Selection;
  throw new UsageError(`--selection must be ${SELECTIONS.join(' or ')} (found '${value}')`, command);
}

function nonEmpty(value: string | undefined, name: string, command: Command): string | null {
  if (value === undefined) return null;
  if (value.trim() === '') throw new UsageError(`--${name} needs a value`, command);
  return value;
}

function integer(value: string, name: string, min: number, max: number, command: Command): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (found '${value}')`, command);
  const n = Number(value.trim());
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max} (found ${n})`, command);
  return n;
}

/** Seeds are printed and put in the audit's rerun line: keep them to one line of plain text. */
function seed(value: string | undefined, command: Command): string | null {
  if (value === undefined) return null;
  if (!/^[\x21-\x7e]{1,100}$/.test(value)) {
    throw new UsageError(`--seed must be 1–100 printable characters without spaces (found '${value}')`, command);
  }
  return value;
}

/** `--pin A --pin B` or `--pin A,B`: case_ids never hold commas, so both read the same. */
function ids(values: string[] | undefined, name: string, command: Command): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    const parts = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length === 0) throw new UsageError(`--${name} needs a case_id`, command);
    out.push(...parts);
  }
  return [...new Set(out)];
}

/** parseArgs' own messages are long and mention positionals; say what is wrong in our words. */
function parseArgsError(error: unknown, argv: readonly string[]): UsageError {
  const command = argv.find(isCommand);
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const word = option.replace(/^-+/, '').split('=')[0] ?? '';
    const own = closest(word, command === undefined ? Object.keys(OPTIONS) : [...ALLOWED[command], ...EVERYWHERE]);
    const any = closest(word, Object.keys(OPTIONS)) as OptionName | null;
    // Nearer to another command's option than to any of this one's (`odds --rserves`, `check
    // --sede`): say whose it is, since the fix may be the command rather than the spelling.
    if (command !== undefined && any !== null && (own === null || editDistance(word, any) < editDistance(word, own))) {
      return new UsageError(`unknown option '${option}': close to '--${any}', which belongs to ${ownersOf(any)}, not ${command}`, command);
    }
    return new UsageError(`unknown option '${option}'${own === null ? '' : `; did you mean '--${own}'?`}`, command);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return new UsageError(`${option} needs a value`, command);
    if (/does not take an argument/.test(message)) return new UsageError(`${option} does not take a value`, command);
    // `--pin -1`: node reads -1 as another option. Say how to give it as a value.
    if (/ambiguous/.test(message)) {
      const value = argv[argv.indexOf(option) + 1] ?? '';
      return new UsageError(`${option} ${value}: a value starting with '-' reads as an option; write ${option}=${value}`, command);
    }
  }
  return new UsageError(message.split('\n')[0] ?? message, command);
}

/** "bash, zsh or fish". */
function orList(words: readonly string[]): string {
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** "draw and review": the commands that take an option. */
function ownersOf(name: OptionName): string {
  const owners = COMMANDS.filter((c) => ALLOWED[c].includes(name));
  return owners.length <= 1 ? (owners[0] ?? 'no command') : `${owners.slice(0, -1).join(', ')} and ${owners.at(-1)}`;
}

/** "; it belongs to draw and review", for an option given to a command that does not take it. */
function belongsTo(name: OptionName): string {
  return COMMANDS.some((c) => ALLOWED[c].includes(name)) ? `; it belongs to ${ownersOf(name)}` : '';
}

/** The nearest word within two edits, for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Edits, counting a swap of two neighbours as one ("sede" is one edit from "seed"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
