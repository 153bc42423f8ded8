/**
 * Reading a small JSON file a person wrote or saved (a rules file, a mapping file, a review
 * session). Failures come back as data so that each caller keeps its own error type and
 * words the failure for its own file; `reason` reads after the file's name:
 * "local.json is a directory", "mapping file local.json not found".
 */
import { readFile } from 'node:fs/promises';

export type JsonFileResult =
  | { ok: true; json: unknown }
  | {
      ok: false;
      /** For callers that word one failure their own way (a missing session means "start one"). */
      kind: 'missing' | 'directory' | 'unreadable' | 'not-json';
      /** "not found", "is a directory", "could not be read (EACCES)", "is not valid JSON: …". */
      reason: string;
      /** For 'not-json': the parser's own message, without the "is not valid JSON" part. */
      detail?: string;
    };

export async function readJsonFile(path: string): Promise<JsonFileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, kind: 'missing', reason: 'not found' };
    if (code === 'EISDIR') return { ok: false, kind: 'directory', reason: 'is a directory' };
    return { ok: false, kind: 'unreadable', reason: `could not be read (${code ?? String(error)})` };
  }
  try {
    // Notepad and Excel save UTF-8 with a byte order mark, which JSON.parse refuses.
    return { ok: true, json: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: 'not-json', reason: `is not valid JSON: ${detail}`, detail };
  }
}
