import { createHash } from 'node:crypto';
import { link, mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputError, writeFilesAtomically, type FileSink } from '../../src/report/atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A real file that takes half of its first write, then fails as a full disk does. */
function fullAfterHalf(): (path: string) => Promise<FileSink> {
  return async (path) => {
    const handle = await open(path, 'wx', 0o600);
    let writes = 0;
    return {
      async write(buffer, offset, length) {
        writes++;
        if (writes === 1) return handle.write(buffer, offset, Math.max(1, Math.floor(length / 2)));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  };
}

describe('writeFilesAtomically', () => {
  it('on a short write then ENOSPC: says the disk is full, leaves the old file as it was and no temporary file', async () => {
    const target = join(dir, 'odds.csv');
    await writeFile(target, 'old\n');
    const write = writeFilesAtomically([{ path: target, data: ['case_id,chance\n', 'a,0.5\n'.repeat(1000)] }], { inputs: [], open: fullAfterHalf() });
    await expect(write).rejects.toThrow(OutputError);
    await expect(write).rejects.toThrow(/cannot write .*odds\.csv: disk full.*nothing was written/);
    expect(await readdir(dir)).toEqual(['odds.csv']);
    expect(await readFile(target, 'utf8')).toBe('old\n');
  });

  it('writes the rest of a short write, so the file is whole', async () => {
    const target = join(dir, 'whole.csv');
    const text = 'x,y\n'.repeat(50_000);
    const halves = async (path: string): Promise<FileSink> => {
      const handle = await open(path, 'wx', 0o600);
      return {
        write: (buffer, offset, length) => handle.write(buffer, offset, Math.max(1, Math.floor(length / 2))),
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    };
    await writeFilesAtomically([{ path: target, data: text }], { inputs: [], open: halves });
    expect(await readFile(target, 'utf8')).toBe(text);
  });

  it('treats a write that takes no bytes as a full disk', async () => {
    const none = async (path: string): Promise<FileSink> => {
      const handle = await open(path, 'wx', 0o600);
      return { write: async () => ({ bytesWritten: 0 }), sync: () => handle.sync(), close: () => handle.close() };
    };
    await expect(writeFilesAtomically([{ path: join(dir, 'a.csv'), data: 'a\n' }], { inputs: [], open: none })).rejects.toThrow(/disk full/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes neither file of a set when the second fails', async () => {
    let opened = 0;
    const secondFails = async (path: string): Promise<FileSink> => {
      opened++;
      if (opened === 2) throw Object.assign(new Error('EDQUOT'), { code: 'EDQUOT' });
      return open(path, 'wx', 0o600);
    };
    const write = writeFilesAtomically([{ path: join(dir, 'a.csv'), data: 'a\n' }], {
      inputs: [],
      record: { path: join(dir, 'a.audit.json'), data: () => '{}' },
      open: secondFails,
    });
    await expect(write).rejects.toThrow(/a\.audit\.json: disk quota exceeded; nothing was written/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('puts the files SHA-256 in the record and renames the record first, the files last', async () => {
    const moves: string[] = [];
    const { rename } = await import('node:fs/promises');
    const csv = join(dir, 's.csv');
    const audit = join(dir, 's.audit.json');
    await writeFilesAtomically([{ path: csv, data: ['a,b\n', '1,2\n'] }], {
      inputs: [],
      record: { path: audit, data: (files) => JSON.stringify({ files }) },
      rename: async (from, to) => {
        moves.push(to);
        await rename(from, to);
      },
    });
    expect(moves).toEqual([audit, csv]);
    expect(JSON.parse(await readFile(audit, 'utf8')).files).toEqual([{ file: 's.csv', sha256: sha('a,b\n1,2\n'), bytes: 8 }]);
  });

  it('reports, on the next write, a record that does not match its file (a kill between the renames)', async () => {
    const csv = join(dir, 's.csv');
    const audit = join(dir, 's.audit.json');
    const record = { path: audit, data: (files: unknown) => JSON.stringify({ files }) };
    await writeFilesAtomically([{ path: csv, data: 'new\n' }], { inputs: [], record });
    // As if the new audit was renamed into place but the process died before the CSV was.
    await writeFile(csv, 'old\n');
    const notices: string[] = [];
    await writeFilesAtomically([{ path: csv, data: 'newer\n' }], { inputs: [], record, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(/s\.audit\.json and .*s\.csv did not match \(.*s\.csv is not the file it describes/)]);
    // A matching pair is not reported.
    const again: string[] = [];
    await writeFilesAtomically([{ path: csv, data: 'newest\n' }], { inputs: [], record, onNotice: (m) => again.push(m) });
    expect(again).toEqual([]);
    await rm(csv);
    await writeFilesAtomically([{ path: csv, data: 'x\n' }], { inputs: [], record, onNotice: (m) => again.push(m) });
    expect(again).toEqual([expect.stringMatching(/s\.csv is missing/)]);
  });

  it('removes a temporary file left by a process that is gone, says so, and keeps one of a running process', async () => {
    // A pid past the kernel's limit is never running.
    const dead = join(dir, '.odds.csv.4194999-0123abcd.tracking-sampler.tmp');
    const running = join(dir, `.odds.csv.${process.ppid}-0123abcd.tracking-sampler.tmp`);
    const unrelated = join(dir, '.odds.csv.swp');
    for (const f of [dead, running, unrelated]) await writeFile(f, 'C0001,0.5\n');
    const notices: string[] = [];
    await writeFilesAtomically([{ path: join(dir, 'odds.csv'), data: 'a\n' }], { inputs: [], onNotice: (m) => notices.push(m) });
    expect((await readdir(dir)).sort()).toEqual([running, unrelated, join(dir, 'odds.csv')].map((p) => p.slice(dir.length + 1)).sort());
    expect(notices).toEqual([`removed ${dead}, a temporary file left by an interrupted run (it may have held personal data)`]);
  });

  it.each([
    ['a symlink to the input', async (input: string) => (await symlink(input, join(dir, 'latest.csv')), join(dir, 'latest.csv'))],
    ['a hard link to the input', async (input: string) => (await link(input, join(dir, 'hard.csv')), join(dir, 'hard.csv'))],
    ['the input through a symlinked folder', async () => (await symlink(dir, join(dir, 'here')), join(dir, 'here', 'cohort.csv'))],
  ])('refuses to write over %s', async (_, makeAlias) => {
    const input = join(dir, 'cohort.csv');
    await writeFile(input, 'case_id\n');
    const alias = await makeAlias(input);
    await expect(writeFilesAtomically([{ path: alias, data: 'sample\n' }], { inputs: [input] })).rejects.toThrow(/is one of the input files/);
    expect(await readFile(input, 'utf8')).toBe('case_id\n');
    // The record of a set is checked too.
    await expect(
      writeFilesAtomically([{ path: join(dir, 'new.csv'), data: 'x\n' }], { inputs: [input], record: { path: alias, data: () => '{}' } }),
    ).rejects.toThrow(/is one of the input files/);
    expect(await readFile(input, 'utf8')).toBe('case_id\n');
  });

  it('refuses a folder and a device as the target', async () => {
    await mkdir(join(dir, 'out'));
    await expect(writeFilesAtomically([{ path: join(dir, 'out'), data: 'x' }], { inputs: [] })).rejects.toThrow(/is a directory/);
    await expect(writeFilesAtomically([{ path: '/dev/null', data: 'x' }], { inputs: [] })).rejects.toThrow(/not a regular file/);
  });
});
