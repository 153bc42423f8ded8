import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CohortError } from '../../src/cohort/problems.js';
import { loadCohort } from '../../src/cohort/read.js';
import type { ReadOptions } from '../../src/cohort/summary.js';

export const HEADER =
  'case_id,age,sen_status,primary_need,secondary_need,setting,service_stage,social_care,health_services,locality';

/** A valid row for HEADER, with fields overridden by position name. */
export function row(id: string, fields: Partial<Record<'age' | 'sen' | 'need' | 'second' | 'setting' | 'stage' | 'care' | 'health' | 'locality', string>> = {}): string {
  const f = {
    age: '14',
    sen: 'EHCP',
    need: 'SEMH',
    second: 'SLCN',
    setting: 'ap',
    stage: 'established',
    care: 'child_in_need',
    health: 'CAMHS',
    locality: 'North',
    ...fields,
  };
  return [id, f.age, f.sen, f.need, f.second, f.setting, f.stage, f.care, f.health, f.locality].join(',');
}

export function csv(lines: string[], eol = '\n'): string {
  return lines.join(eol) + eol;
}

/**
 * Reads text or bytes as a stream, in chunks of `chunk` bytes, so that tests cross chunk
 * boundaries the way a large file does.
 */
export function streamOf(content: string | Buffer, chunk = 7): Readable {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return Readable.from(chunks);
}

export function read(content: string | Buffer, options: ReadOptions = {}, chunk = 7) {
  return loadCohort(streamOf(content, chunk), options, 'cohort.csv');
}

/** The CohortError a read throws (fails the test if it does not throw one). */
export async function readError(content: string | Buffer, options: ReadOptions = {}, chunk = 7): Promise<CohortError> {
  return caught(read(content, options, chunk));
}

export async function caught(promise: Promise<unknown>): Promise<CohortError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CohortError) return error;
    throw new Error(`expected a CohortError, got ${String(error)}`);
  }
  throw new Error('expected a CohortError, but the read succeeded');
}

/** Writes a file into a fresh temporary folder and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-test-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export const EXAMPLES = new URL('../../samples/examples/', import.meta.url).pathname;
