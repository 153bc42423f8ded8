/**
 * The package as a user gets it: `npm pack` (whose `prepack` builds), then the tarball installed
 * globally into a temporary prefix without development dependencies, and into a project of the
 * user's own, each without a warning; the installed `tracking-sampler` run from outside the clone.
 * Runtime dependencies come from the npm registry. (A fresh clone's `npm ci` printing no warning
 * is checked where a fresh clone is installed: .ci/run.)
 *
 * The pack runs in a copy of the clone, so that its build does not rewrite dist/ while other
 * test files are running the built bin.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposedDeclarations } from '../scripts/prune-types.js';
import { HANG_MS } from './helpers/patience.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_COHORT = join(ROOT, 'samples/cohort.csv');
/**
 * Packing builds and installing downloads: slow on a cold cache and a busy machine (80 s seen
 * with both cores busy, over 4 minutes with seven suites at once). Only a guard against a hang.
 */
const TIMEOUT = 2 * HANG_MS;

/** What a clone holds that is not the project: built, installed or scratch files. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'scratch', '.bench', 'coverage']);

/**
 * Under `npm test`, npm passes its own settings down as npm_* variables (its prefix, the
 * project folder): the nested npm should see only its command line and the user's config, as
 * when a person types it.
 */
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  npm_config_update_notifier: 'false',
};

const scratch = mkdtempSync(join(tmpdir(), 'package-test-'));
const prefix = join(scratch, 'prefix');
const installed = join(prefix, 'bin', 'tracking-sampler');
/** A program of the user's own, with the tarball installed in its node_modules. */
const app = join(scratch, 'app');
let files: string[] = [];
let exposed = new Set<string>();
/** What npm printed on stderr while installing the tarball: globally, and into the app. */
const installErr: Record<'global' | 'app', string> = { global: '', app: '' };

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  const clone = join(scratch, 'clone');
  cpSync(ROOT, clone, {
    recursive: true,
    filter: (path) => {
      const [top = ''] = relative(ROOT, path).split(/[\\/]/);
      return !NOT_COPIED.has(top) && !top.endsWith('.tgz');
    },
  });
  // The build needs the development dependencies; linking them saves installing them again.
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');

  const packed = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: clone, env, maxBuffer: 16 * 1024 * 1024 });
  const [report] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  files = report!.files.map((f) => f.path);
  const tarball = join(scratch, report!.filename);

  exposed = exposedDeclarations(clone);

  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const [global, local] = await Promise.all([
    run('npm', ['install', '-g', '--prefix', prefix, tarball, '--omit=dev', '--no-audit', '--no-fund'], { cwd: scratch, env }),
    run('npm', ['install', tarball, '--no-audit', '--no-fund'], { cwd: app, env }),
  ]);
  installErr.global = global.stderr;
  installErr.app = local.stderr;
}, TIMEOUT);

describe('the packed tarball', () => {
  it('holds the compiled command and library, and no tests or TypeScript sources', () => {
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('samples/cohort.csv');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/'))).toEqual([]);
    expect(files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('ships the type declarations "exports" exposes, and no others', () => {
    expect(exposed.size).toBeGreaterThan(1);
    expect(files.filter((f) => f.endsWith('.d.ts')).sort()).toEqual([...exposed].sort());
    expect(files.filter((f) => f.startsWith('dist/cli/') && f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs without a warning, globally and into a project', () => {
    // npm's warnings (an install script not covered by allowScripts, say) go to stderr.
    expect(installErr.global).not.toMatch(/warn/i);
    expect(installErr.app).not.toMatch(/warn/i);
  });
});

describe('installed globally from the tarball', () => {
  it('runs tracking-sampler --version', async () => {
    const { stdout } = await run(installed, ['--version'], { cwd: scratch, env });
    expect(stdout.trim()).toBe('0.1.0');
  }, TIMEOUT);

  it('draws a sample from samples/cohort.csv as JSON', async () => {
    const { stdout } = await run(installed, ['draw', SAMPLE_COHORT, '--seed', 'x', '--json'], { cwd: scratch, env, maxBuffer: 16 * 1024 * 1024 });
    const result = JSON.parse(stdout) as { feasible: boolean; seed: string; picks: { case_id: string }[] };
    expect(result.feasible).toBe(true);
    expect(result.seed).toBe('x');
    expect(result.picks).toHaveLength(6);
  }, TIMEOUT);

  it('needs no development dependencies', () => {
    const modules = join(prefix, 'lib', 'node_modules', 'tracking-sampler', 'node_modules');
    const present = existsSync(modules) ? readdirSync(modules) : [];
    for (const dev of ['typescript', 'tsx', 'vitest', 'fast-check', '@types']) expect(present).not.toContain(dev);
  });

  it('is importable by its name from a project that installed it, through "exports"', async () => {
    writeFileSync(
      join(app, 'draw.mjs'),
      [
        "import { drawSample, HANDBOOK_RULES, loadCohort, meetsRules, prepareProblem } from 'tracking-sampler';",
        'const { cases } = await loadCohort(process.argv[2]);',
        "const result = drawSample(prepareProblem({ cases, rules: HANDBOOK_RULES }), { seed: 'x' });",
        'console.log(meetsRules(result.picks.map((p) => p.case), HANDBOOK_RULES));',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, [join(app, 'draw.mjs'), SAMPLE_COHORT], { cwd: app, env });
    expect(stdout.trim()).toBe('true');
  }, TIMEOUT);
});
