/**
 * The one way this tool writes a file: every output (a sample CSV and its audit record, an
 * odds CSV, a review session, a spreadsheet or a page) goes through writeFilesAtomically, so
 * that what is on disk afterwards is the whole new set or the old files untouched.
 *
 * How, and why each step:
 * - Each file is written to a temporary file in its own folder (a rename is atomic only within
 *   one file system), every byte count checked (a full disk can accept part of a write and then
 *   fail), flushed, and only then renamed over its target.
 * - No output may be one of the run's inputs, by any name: the check is by device and inode,
 *   so a symlink, a symlinked folder or a hard link cannot turn `--out` into the cohort.
 * - A set may end in a record (the audit) that names the files before it by SHA-256. It is
 *   renamed first and the files last, so a kill between the renames leaves a record that does
 *   not match the files beside it, which the next run that writes there reports, rather than a
 *   new file that no record describes.
 * - Temporary files hold personal data: they are removed on every failure, on SIGINT, SIGTERM
 *   and SIGHUP, and at exit; one left by a kill -9 (or a power cut) is removed by the next run
 *   that writes in that folder, and said so.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open as openFile, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A result file could not be written; the message names the file and says why, on one line. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** A file's text, or its pieces in order (a large file is written without joining them). */
export type OutputData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface OutputFile {
  path: string;
  data: OutputData;
}

/** A file of the set as written, for the record that describes it. */
export interface RecordedFile {
  /** The file's name, relative to the record's folder when it is there. */
  file: string;
  sha256: string;
  bytes: number;
}

/**
 * A record of the set, written after its files and renamed before them. Its text must be a JSON
 * object whose `files` field is the list it is given: that is what the next run checks.
 */
export interface RecordFile {
  path: string;
  data: (files: readonly RecordedFile[]) => string;
}

/** The part of an open file the writer uses (tests give one that fails part-way). */
export interface FileSink {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface WriteOptions {
  /**
   * Every file the run read (cohort, rules, mapping, session, lists of ids; '-' for standard
   * input is ignored). An output that is one of them, by any path, is refused.
   */
  inputs: readonly string[];
  /** The set's record (see RecordFile). */
  record?: RecordFile;
  /** Hears what was found and dealt with: a leftover temporary file, a record that does not match. */
  onNotice?: (message: string) => void;
  /** Opens a temporary file for writing (tests only: to fail a write part-way). */
  open?: (path: string) => Promise<FileSink>;
  /** Renames a temporary file over its target (tests only: to see the order, or stop part-way). */
  rename?: (from: string, to: string) => Promise<void>;
}

/**
 * The files hold personal data (case_ids and needs): readable by the owner only, so that a
 * sample written to a shared machine is not readable by every account on it.
 */
const FILE_MODE = 0o600;

/** Pieces are gathered into writes of about this size: one system call per line would be slow. */
const WRITE_SIZE = 1 << 16;

/** `.sample.csv.4242-1a2b3c4d.tracking-sampler.tmp`: the pid says whether its writer still runs. */
const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tracking-sampler\.tmp$/;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tracking-sampler.tmp`);
}

/**
 * Writes every file or none; see the top of this file. If a write fails, the temporary files
 * are removed and no target is touched; if a rename fails part-way, the targets already renamed
 * are removed too, so that a sample CSV never stands without its audit record (or the other way
 * round).
 */
export async function writeFilesAtomically(files: readonly OutputFile[], options: WriteOptions): Promise<RecordedFile[]> {
  const all = options.record === undefined ? files.map((f) => f.path) : [...files.map((f) => f.path), options.record.path];
  for (const path of all) await refuseTarget(path, options.inputs);
  const notice = options.onNotice ?? (() => {});
  for (const folder of new Set(all.map((p) => dirname(p)))) await removeLeftovers(folder, notice);
  if (options.record !== undefined) await checkRecord(options.record.path, notice);

  const open = options.open ?? openTemp;
  const temps: string[] = [];
  const recorded: RecordedFile[] = [];
  let current = all[0] ?? '';
  try {
    for (const file of files) {
      current = file.path;
      const temp = tempPathFor(file.path);
      track(temp);
      temps.push(temp);
      const { sha256, bytes } = await writeFlushed(open, temp, file.data);
      recorded.push({ file: relativeName(file.path, options.record?.path), sha256, bytes });
    }
    if (options.record !== undefined) {
      current = options.record.path;
      const temp = tempPathFor(current);
      track(temp);
      temps.push(temp);
      await writeFlushed(open, temp, options.record.data(recorded));
    }
  } catch (error) {
    await removeTemps(temps);
    throw asOutputError(error, current);
  }
  // The record first, the files last (see the top of this file).
  const order = all.map((path, i) => ({ path, temp: temps[i]! })).reverse();
  const renamed: string[] = [];
  const move = options.rename ?? rename;
  for (const [i, { path, temp }] of order.entries()) {
    try {
      await move(temp, path);
      untrack(temp);
      renamed.push(path);
    } catch (error) {
      await removeTemps(order.slice(i).map((o) => o.temp));
      await Promise.all(renamed.map((p) => rm(p, { force: true })));
      throw asOutputError(error, path);
    }
  }
  return recorded;
}

function relativeName(path: string, recordPath: string | undefined): string {
  return recordPath !== undefined && dirname(path) === dirname(recordPath) ? basename(path) : path;
}

/**
 * Refuses a target that is a folder, a device or a pipe (renaming over `/dev/stdout` as root
 * would replace the device node), or that is one of the inputs under any name.
 */
async function refuseTarget(path: string, inputs: readonly string[]): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info === null) return;
  if (info.isDirectory()) throw new OutputError(`cannot write ${path}: it is a directory; give a file name such as ${join(path, 'sample.csv')}`);
  if (!info.isFile()) throw new OutputError(`cannot write ${path}: it is not a regular file (a device, pipe or socket); give a file name`);
  for (const input of inputs) {
    if (input === '-') continue;
    const other = await stat(input).catch(() => null);
    if (other !== null && other.dev === info.dev && other.ino === info.ino) {
      const alias = input === path ? '' : ` (${path} and ${input} are the same file)`;
      throw new OutputError(`cannot write ${path}: it is one of the input files${alias}; give a new file name so the input is not overwritten`);
    }
  }
}

/** Same file, by device and inode, whatever the names: for refusals made before any reading. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return x !== null && y !== null && x.dev === y.dev && x.ino === y.ino;
}

/** Whether a process lives (EPERM: it does, as another user's); for stale temp files and locks. */
export function pidIsRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files whose writer is gone (killed with -9, or the machine went down). */
async function removeLeftovers(folder: string, notice: (message: string) => void): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match === null || pidIsRunning(Number(match[2]))) continue;
    const path = join(folder, name);
    try {
      await rm(path);
      notice(`removed ${path}, a temporary file left by an interrupted run (it may have held personal data)`);
    } catch {
      notice(`found ${path}, a temporary file left by an interrupted run, and could not remove it: remove it by hand (it may hold personal data)`);
    }
  }
}

/** Reports a record on disk whose files are missing or changed: a run cut off between its renames. */
async function checkRecord(path: string, notice: (message: string) => void): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return;
  let files: unknown;
  try {
    files = (JSON.parse(text) as { files?: unknown }).files;
  } catch {
    return;
  }
  if (!Array.isArray(files)) return;
  for (const entry of files as Partial<RecordedFile>[]) {
    if (typeof entry?.file !== 'string' || typeof entry.sha256 !== 'string') continue;
    const file = join(dirname(path), entry.file);
    const actual = await sha256Of(file);
    if (actual === entry.sha256) continue;
    const what = actual === null ? `${file} is missing` : `${file} is not the file it describes`;
    notice(`${path} and ${file} did not match (${what}: an earlier run was interrupted, or the file was changed since); both are replaced now`);
  }
}

async function sha256Of(path: string): Promise<string | null> {
  try {
    const handle = await openFile(path, 'r');
    try {
      const hash = createHash('sha256');
      for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } finally {
      await handle.close().catch(() => {});
    }
  } catch {
    return null;
  }
}

async function openTemp(path: string): Promise<FileSink> {
  return openFile(path, 'wx', FILE_MODE);
}

async function* buffers(data: OutputData): AsyncIterable<Uint8Array> {
  if (typeof data === 'string') {
    yield Buffer.from(data, 'utf8');
    return;
  }
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  let pending: Uint8Array[] = [];
  let size = 0;
  for await (const piece of data as AsyncIterable<string | Uint8Array>) {
    const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    pending.push(buffer);
    size += buffer.length;
    if (size >= WRITE_SIZE) {
      yield Buffer.concat(pending);
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

/** A write that made no progress: the device took nothing and said nothing (a full disk does this). */
class NoProgress extends Error {
  code = 'ENOSPC';
}

async function writeFlushed(open: (path: string) => Promise<FileSink>, temp: string, data: OutputData): Promise<{ sha256: string; bytes: number }> {
  const handle = await open(temp);
  const hash = createHash('sha256');
  let bytes = 0;
  let closed = false;
  try {
    for await (const buffer of buffers(data)) {
      // A write may take fewer bytes than it was given: the rest is written again, and a write
      // that takes none is a full disk.
      let offset = 0;
      while (offset < buffer.length) {
        const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
        if (!(bytesWritten > 0)) throw new NoProgress('no bytes written');
        offset += bytesWritten;
      }
      hash.update(buffer);
      bytes += buffer.length;
    }
    // Without the flush a crash right after the rename can leave an empty file in its place.
    await handle.sync();
    closed = true;
    // A network file system may report a failed write only here.
    await handle.close();
  } finally {
    if (!closed) await handle.close().catch(() => {});
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function removeTemps(temps: readonly string[]): Promise<void> {
  await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => {})));
  for (const t of temps) untrack(t);
}

// Temporary files being written now, removed if the process is stopped by a signal or exits.
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeLiveSync(): void {
  for (const t of live) rmSync(t, { force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveSync();
  stopListening();
  // Ended by the signal as if never caught (exit 130 for ctrl-c), unless someone else listens.
  process.kill(process.pid, signal);
}

function track(temp: string): void {
  if (live.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal);
    process.on('exit', removeLiveSync);
  }
  live.add(temp);
}

function untrack(temp: string): void {
  if (live.delete(temp) && live.size === 0) stopListening();
}

function stopListening(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removeLiveSync);
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
}

function asOutputError(error: unknown, path: string): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOSPC'
      ? 'disk full (no space left on the device)'
      : code === 'EDQUOT'
        ? 'disk quota exceeded'
        : code === 'ENOENT'
          ? `the folder ${dirname(path)} does not exist`
          : code === 'EACCES' || code === 'EPERM'
            ? `permission denied in ${dirname(path)}`
            : code === 'EROFS'
              ? 'the file system is read-only'
              : code === 'EFBIG'
                ? 'the file is too large for the file system'
                : code === 'EISDIR'
                  ? 'it is a directory'
                  : code === 'EIO'
                    ? 'the device reported an input/output error'
                    : firstLine(error);
  return new OutputError(`cannot write ${path}: ${why}; nothing was written`);
}
