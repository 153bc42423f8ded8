/**
 * Writing result files so that a reader never sees half of one: each file is written to a
 * temporary file in its own folder (a rename is atomic only within one file system), flushed,
 * and renamed over the target only once every file of the set has been written.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A result file could not be written; the message names the file and says why, on one line. */
export class OutputError extends Error {
  override name = 'OutputError';
}

export interface OutputFile {
  path: string;
  /** The text, or its pieces in order (a large file is written without joining them). */
  data: string | Iterable<string>;
}

/**
 * The files hold personal data (case_ids and needs): readable by the owner only, so that a
 * sample written to a shared machine is not readable by every account on it.
 */
const FILE_MODE = 0o600;

/**
 * Writes every file or none. If a write fails, the temporary files are removed and no target is
 * touched; if a rename fails part-way, the targets already renamed are removed too, so that a
 * sample CSV never stands without its audit record (or the other way round).
 */
export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const file of files) {
      await refuseDirectory(file.path);
      const temp = tempPathFor(file.path);
      temps.push(temp);
      await writeFlushed(temp, file.data, file.path);
    }
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw asOutputError(error, files[temps.length - 1]?.path ?? '');
  }
  const renamed: string[] = [];
  for (const [i, file] of files.entries()) {
    try {
      await rename(temps[i]!, file.path);
      renamed.push(file.path);
    } catch (error) {
      await Promise.all([...temps.slice(i), ...renamed].map((p) => rm(p, { force: true })));
      throw asOutputError(error, file.path);
    }
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function refuseDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) throw new OutputError(`cannot write ${path}: it is a directory; give a file name such as ${join(path, 'sample.csv')}`);
}

async function writeFlushed(temp: string, data: string | Iterable<string>, target: string): Promise<void> {
  let handle;
  try {
    handle = await open(temp, 'wx', FILE_MODE);
  } catch (error) {
    throw asOutputError(error, target);
  }
  try {
    if (typeof data === 'string') await handle.writeFile(data, 'utf8');
    else for (const piece of data) await handle.write(piece, null, 'utf8');
    // Without the flush a crash right after the rename can leave an empty file in its place.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function asOutputError(error: unknown, path: string): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? `the folder ${dirname(path)} does not exist`
      : code === 'EACCES' || code === 'EPERM'
        ? `permission denied in ${dirname(path)}`
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'EISDIR'
            ? 'it is a directory'
            : error instanceof Error
              ? (error.message.split('\n')[0] ?? String(error))
              : String(error);
  return new OutputError(`cannot write ${path}: ${why}; nothing was written`);
}
