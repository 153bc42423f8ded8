import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const FILES = [...sourceFiles('src'), ...sourceFiles('cli')];

/** Every relative import of a file (type-only ones included), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((spec) => {
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '');
    const found = [`${target}.ts`, `${target}.tsx`].find((f) => FILES.includes(f));
    if (!found) throw new Error(`${file} imports ${spec}, which is not a file of src/ or cli/`);
    return found;
  });
}

describe('the import graph of src/ and cli/', () => {
  const graph = new Map(FILES.map((f) => [f, importsOf(f)]));

  it('reads some imports (the walk itself works)', () => {
    expect(graph.get('cli/main.ts')).toContain('cli/run.ts');
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
  });

  it('has no cycle: no two files import each other, directly or round a loop, types included', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file)!) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of FILES) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the library free of the command line, and each part of it free of the parts built on it', () => {
    const wrong = [...graph].flatMap(([file, imports]) =>
      imports
        .filter(
          (to) =>
            (file.startsWith('src/') && to.startsWith('cli/')) ||
            (file.startsWith('src/rules/') && /^src\/(solver|report)\//.test(to)) ||
            (file.startsWith('src/cohort/') && /^src\/(rules|solver|analysis|report)\//.test(to)) ||
            (/^src\/(solver|analysis)\//.test(file) && to.startsWith('src/report/')),
        )
        .map((to) => `${file} → ${to}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('src/report', () => {
  it('takes only types from src/solver: it renders findings, it does not make them', () => {
    const valueImports = FILES.filter((f) => f.startsWith('src/report/')).flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return [...text.matchAll(/(?:^|\n)import\s+(?!type\s)[^;]*?from\s+'(\.\.\/solver\/[^']+)'/g)].map((m) => `${file} → ${m[1]}`);
    });
    expect(valueImports).toEqual([]);
  });
});

describe('the size of files in src/ and cli/', () => {
  /** Files over the limit, each with the most it may have until it is split (tell why here). */
  const OVER: Record<string, number> = {};

  it('keeps every file to about 400 lines, so that each can be read whole', () => {
    const long = FILES.map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length }))
      .filter(({ f, lines }) => lines > (OVER[f] ?? 400))
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
