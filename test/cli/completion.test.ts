/**
 * Shell completion as a user gets it: `tracking-sampler completion bash` printed by the built
 * bin, sourced into a real bash, and asked what <TAB> offers, through the same COMP_WORDS and
 * COMP_CWORD that bash's programmable completion sets.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeTempDirs, tempDir, write } from './run.js';

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const dir = tempDir();
const hasBash = spawnSync('bash', ['--version']).status === 0;

/** What bash completes for the words typed so far (the last one being completed), sorted. */
function complete(script: string, words: string[], cwd = dir): string[] {
  const file = write(dir, 'completion.bash', script);
  const program = [
    `source ${JSON.stringify(file)}`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${JSON.stringify(words.join(' '))}`,
    `COMP_POINT=\${#COMP_LINE}`,
    '_tracking_sampler',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { cwd, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((w) => w !== '').sort();
}

describe('tracking-sampler completion', () => {
  it('prints a script for each shell, and refuses another', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = cli(['completion', shell]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('tracking-sampler');
      expect(run.stdout).toMatch(/(--|-l )reserves\b/);
    }
    const wrong = cli(['completion', 'tcsh']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('bash, zsh or fish');
    expect(cli(['completion']).stderr).toContain('bash, zsh or fish');
    expect(cli(['completion', '--help']).stdout).toContain('source <(tracking-sampler completion bash)');
  });
});

describe.skipIf(!hasBash)('completion in bash (skipped: bash is not installed)', () => {
  let script = '';
  beforeAll(() => {
    const run = cli(['completion', 'bash']);
    expect(run.code).toBe(0);
    script = run.stdout;
  });

  it('completes a command: dr<TAB> is draw', () => {
    expect(complete(script, ['tracking-sampler', 'dr'])).toEqual(['draw']);
    expect(complete(script, ['tracking-sampler', ''])).toEqual(['--help', '--version', 'check', 'completion', 'draw', 'odds', 'review', 'rules']);
  });

  it("completes the command's own options and no other command's", () => {
    const odds = complete(script, ['tracking-sampler', 'odds', 'c.csv', '--']);
    expect(odds).toContain('--selection');
    expect(odds).toContain('--exclude-file');
    expect(odds).not.toContain('--reserves');
    expect(odds).not.toContain('--by');
    expect(complete(script, ['tracking-sampler', 'draw', 'c.csv', '--res'])).toEqual(['--reserves']);
    expect(complete(script, ['tracking-sampler', 'check', 'c.csv', '--res'])).toEqual([]);
    expect(complete(script, ['tracking-sampler', 'check', 'c.csv', '--h'])).toEqual(['--header-row', '--help', '--html']);
    expect(complete(script, ['tracking-sampler', 'review', '--new'])).toEqual(['--new-session']);
  });

  it('completes file names where a file is expected, and words where an option takes one of a few', () => {
    const files = join(dir, 'files');
    mkdirSync(files, { recursive: true });
    write(files, 'cohort.csv', 'case_id\n');
    write(files, 'cohort-map.json', '{}');
    expect(complete(script, ['tracking-sampler', 'draw', 'coh'], files)).toEqual(['cohort-map.json', 'cohort.csv']);
    expect(complete(script, ['tracking-sampler', 'draw', 'cohort.csv', '--map', 'cohort-m'], files)).toEqual(['cohort-map.json']);
    // --map=F: bash splits the word at '=', so the value is its own word after '='.
    expect(complete(script, ['tracking-sampler', 'check', 'cohort.csv', '--out', '=', 'coh'], files)).toEqual(['cohort-map.json', 'cohort.csv']);
    expect(complete(script, ['tracking-sampler', 'odds', 'cohort.csv', '--selection', ''], files)).toEqual(['fair', 'uniform']);
    expect(complete(script, ['tracking-sampler', 'check', 'cohort.csv', '--by', 'la'], files)).toEqual(['la_code']);
    // A seed is free text: no file names offered.
    expect(complete(script, ['tracking-sampler', 'draw', 'cohort.csv', '--seed', ''], files)).toEqual([]);
    expect(complete(script, ['tracking-sampler', 'completion', ''], files)).toEqual(['bash', 'fish', 'zsh']);
  });
});

describe('the zsh and fish scripts', () => {
  it("name each command's options for that command alone", () => {
    const zsh = cli(['completion', 'zsh']).stdout;
    const oddsSpecs = /^\s+odds\)\n([\s\S]*?);;/m.exec(zsh)?.[1] ?? '';
    expect(oddsSpecs).toContain("'--selection=:selection:(uniform fair)'");
    expect(oddsSpecs).toContain("'*--pin=:pin: '");
    expect(oddsSpecs).toContain("'1:cohort file:_files'");
    expect(oddsSpecs).not.toContain('--reserves');
    expect(zsh).toMatch(/^#compdef tracking-sampler\n/);

    const fish = cli(['completion', 'fish']).stdout;
    expect(fish).toContain("complete -c tracking-sampler -n '__fish_seen_subcommand_from draw review' -l reserves -x");
    expect(fish).toContain("complete -c tracking-sampler -n '__fish_seen_subcommand_from draw review check odds' -l map -r -F");
    expect(fish).toContain('complete -c tracking-sampler -n __fish_use_subcommand -a draw');
  });
});
