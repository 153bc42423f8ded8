import { readFileSync } from 'node:fs';

/**
 * The version in package.json. The file sits two folders above the built bin
 * (dist/cli/main.js) and one above the source (cli/main.ts under tsx), so both are tried.
 */
export function toolVersion(): string {
  for (const relative of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tracking-sampler' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not there from this layout: try the next.
    }
  }
  return 'unknown';
}
