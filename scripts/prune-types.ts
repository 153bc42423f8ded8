/**
 * Run at `prepack`, after the build: deletes from dist/ every type declaration that the
 * package's "exports" do not expose, so the tarball ships the library's types and no others.
 * tsc declares every file it compiles (the command line's, and library modules whose types no
 * export names); a user importing 'tracking-sampler' sees only what dist/src/index.d.ts
 * reaches through its imports, and those are kept.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The "types" entries of package.json's "exports", relative to the package. */
function exportedTypes(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
  return Object.values(pkg.exports).flatMap((e) => (typeof e === 'object' && e.types ? [e.types] : []));
}

/** Every declaration file reached from the exported ones through relative imports, relative to `root`. */
export function exposedDeclarations(root: string = ROOT): Set<string> {
  const seen = new Set<string>();
  const todo = exportedTypes(root).map((t) => join(root, t));
  while (todo.length > 0) {
    const file = todo.pop()!;
    const name = relative(root, file);
    if (seen.has(name)) continue;
    seen.add(name);
    // `from './x.js'`, `import('./x.js')` and `export * from './x.js'`: the declaration is x.d.ts.
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      todo.push(join(dirname(file), spec!.replace(/\.js$/, '.d.ts')));
    }
  }
  return seen;
}

function declarationsIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts')).map((f) => join(dir, f));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const keep = exposedDeclarations();
  for (const file of declarationsIn(join(ROOT, 'dist'))) {
    if (!keep.has(relative(ROOT, file))) rmSync(file);
  }
}
