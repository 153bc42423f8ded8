/**
 * Opens what the reader reads: a path, '-' for standard input, or any readable stream. A path
 * that does not exist, is a directory or cannot be read is a CohortError of kind 'file' before
 * any byte is read.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CohortError, fileError } from './problems.js';

export interface OpenedSource {
  stream: NodeJS.ReadableStream;
  /** The name used in messages and the summary ('stdin' for '-' and unnamed streams). */
  file: string;
  /** The size in bytes when known (a regular file), for progress. */
  totalBytes: number | null;
}

/** Chunks of 64 KiB: large enough to be quick, small enough for steady progress reports. */
export const CHUNK_BYTES = 64 * 1024;

export async function openSource(source: string | NodeJS.ReadableStream, name?: string): Promise<OpenedSource> {
  if (typeof source !== 'string') return { stream: source, file: name ?? 'stdin', totalBytes: null };
  if (source === '-') return { stream: process.stdin, file: name ?? 'stdin', totalBytes: null };
  const file = name ?? source;
  let size: number;
  try {
    const info = await stat(source);
    if (info.isDirectory()) throw fileError(file, 'is a directory, not a CSV file');
    size = info.isFile() ? info.size : -1;
  } catch (error) {
    if (error instanceof CohortError) throw error;
    throw fileError(file, describeFsError(error));
  }
  return { stream: createReadStream(source, { highWaterMark: CHUNK_BYTES }), file, totalBytes: size >= 0 ? size : null };
}


/** A one-line reason for a file-system error, without Node's stack or syscall details. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EISDIR':
      return 'is a directory, not a CSV file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return `cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}
