import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/problems.js';
import { RulesError } from '../../src/rules/load.js';
import { SampleInputError } from '../../src/solver/problem.js';
import { parseCommandLine } from '../../cli/args.js';
import { EXIT, UsageError, errorText, exitCodeFor } from '../../cli/errors.js';
import { lineRanges } from '../../cli/inputs.js';
import { wantsColor } from '../../cli/terminal.js';

function run(argv: string[]) {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a command, got ${parsed.kind}`);
  return parsed.invocation;
}

describe('parseCommandLine', () => {
  it('reads a draw with every option, defaults filled in', () => {
    expect(run(['draw', 'c.csv'])).toMatchObject({ command: 'draw', cohort: 'c.csv', seed: null, size: null, reserves: 6, pins: [], json: false, out: null });
    const inv = run(['--json', 'draw', '-', '--seed=-x', '--pin', 'A,B', '--pin', 'C', '--pin', 'A', '--exclude', 'D', '--size', '7', '--reserves', '0']);
    expect(inv).toMatchObject({ cohort: '-', seed: '-x', pins: ['A', 'B', 'C'], excludes: ['D'], size: 7, reserves: 0, json: true });
  });

  it('lets --help and --version win over the rest of the line', () => {
    expect(parseCommandLine(['draw', '--help', '--sede', '1'])).toEqual({ kind: 'help', command: 'draw' });
    expect(parseCommandLine(['help', 'check'])).toEqual({ kind: 'help', command: 'check' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help', command: null });
    expect(parseCommandLine(['-V'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['draw', 'c.csv', '--seed', 'two words'], /--seed must be 1–100 printable characters/],
    [['review', 'c.csv', '--json'], /--json does not apply to review/],
    [['rules', 'c.csv'], /rules takes no file/],
    [['odds', 'c.csv', '--by', 'la_code'], /--by does not apply to odds/],
    [['check', 'c.csv', '--by', ' '], /--by needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('a typo of an option', () => {
  const message = (argv: string[]) => {
    try {
      parseCommandLine(argv);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error(`${argv.join(' ')} was accepted`);
  };

  it.each([
    [['draw', 'c.csv', '--sede', '1'], "unknown option '--sede'; did you mean '--seed'?"],
    [['check', 'c.csv', '--jsn'], "unknown option '--jsn'; did you mean '--json'?"],
    [['review', 'c.csv', '--sesion', 's.json'], "unknown option '--sesion'; did you mean '--session'?"],
    [['rules', '--rule', 'r.json'], "unknown option '--rule'; did you mean '--rules'?"],
    [['odds', 'c.csv', '--hlep'], "unknown option '--hlep'; did you mean '--help'?"],
  ])('of the same command: %j asks "did you mean"', (argv, expected) => {
    expect(message(argv)).toBe(expected);
  });

  it.each([
    [['odds', 'c.csv', '--rserves', '3'], "unknown option '--rserves': close to '--reserves', which belongs to draw and review, not odds"],
    [['draw', 'c.csv', '--htlm', 'r.html'], "unknown option '--htlm': close to '--html', which belongs to check, not draw"],
    [['review', 'c.csv', '--jsno'], "unknown option '--jsno': close to '--json', which belongs to draw, check, odds and rules, not review"],
    [['check', 'c.csv', '--sede', '1'], "unknown option '--sede': close to '--seed', which belongs to draw and review, not check"],
    [['rules', '--pn', 'C1'], "unknown option '--pn': close to '--pin', which belongs to draw, review and odds, not rules"],
    [['completion', 'bash', '--rserves'], "unknown option '--rserves': close to '--reserves', which belongs to draw and review, not completion"],
  ])("of another command's option: %j names the commands it belongs to", (argv, expected) => {
    expect(message(argv)).toBe(expected);
  });

  it.each([
    [['odds', 'c.csv', '--reserves', '3'], '--reserves does not apply to odds; it belongs to draw and review'],
    [['draw', 'c.csv', '--by', 'la_code'], '--by does not apply to draw; it belongs to check'],
    [['review', 'c.csv', '--json'], '--json does not apply to review; it belongs to draw, check, odds and rules'],
    [['check', 'c.csv', '--resume'], '--resume does not apply to check; it belongs to review'],
    [['rules', '--out', 'x.csv'], '--out does not apply to rules; it belongs to draw, review, check and odds'],
    [['completion', 'zsh', '--json'], '--json does not apply to completion; it belongs to draw, check, odds and rules'],
  ])("another command's option given exactly: %j names the commands it belongs to", (argv, expected) => {
    expect(message(argv)).toBe(expected);
  });

  it('far from every option: says only that it is unknown', () => {
    expect(message(['draw', 'c.csv', '--zzzz'])).toBe("unknown option '--zzzz'");
  });
});

describe('errors and exit codes', () => {
  it('gives 2 for anything the user can fix, with their own message', () => {
    for (const error of [new UsageError('x'), CohortError.of({ kind: 'file', file: 'f', line: null, column: null, value: null, reason: 'r', message: 'f r' }), new RulesError('rules.json: bad', []), new SampleInputError('--pin X: no case')]) {
      expect(exitCodeFor(error)).toBe(EXIT.usage);
      expect(errorText(error)).toMatch(/^error: /);
    }
  });

  it('gives 70 and one line for a bug, never the stack', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'case_id')\n    at somewhere (x.js:1:2)");
    expect(exitCodeFor(bug)).toBe(EXIT.internal);
    expect(errorText(bug)).toBe("internal error: Cannot read properties of undefined (reading 'case_id') (this is a bug in tracking-sampler; please report it with the command you ran)");
  });
});

describe('helpers', () => {
  it('writes line numbers as exact ranges', () => {
    expect(lineRanges([9, 4, 10, 11, 40, 12])).toBe('4, 9-12, 40');
  });

  it('colours only a terminal, honouring NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '0' }, true)).toBe(false);
  });
});
