import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile } from '../src/json-file.js';

const scratch = mkdtempSync(join(tmpdir(), 'json-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('readJsonFile', () => {
  it('parses a file, with or without a UTF-8 byte order mark', async () => {
    expect(await readJsonFile(file('plain.json', '{"size": 6}'))).toEqual({ ok: true, json: { size: 6 } });
    expect(await readJsonFile(file('bom.json', '\uFEFF{"size": 6}'))).toEqual({ ok: true, json: { size: 6 } });
  });

  it('says why a file cannot be used, in words that read after its name', async () => {
    expect(await readJsonFile(join(scratch, 'none.json'))).toEqual({ ok: false, kind: 'missing', reason: 'not found' });
    expect(await readJsonFile(scratch)).toEqual({ ok: false, kind: 'directory', reason: 'is a directory' });
    const bad = await readJsonFile(file('bad.json', '{ "size": 6, }'));
    if (bad.ok) throw new Error('a file with a trailing comma was read as JSON');
    expect(bad.kind).toBe('not-json');
    expect(bad.detail).toMatch(/\S/);
    expect(bad.reason).toBe(`is not valid JSON: ${bad.detail}`);
  });
});
