/**
 * LibreOffice headless, for the tests that check files against a real spreadsheet program.
 * Each conversion uses a private profile folder, so parallel test runs never share (and lock)
 * one; tests call {@link libreOffice} and skip, saying why, when it is not installed.
 */
import { spawnSync } from 'node:child_process';
import { HANG_MS } from './patience.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The soffice binary, or null when LibreOffice is not installed. */
export function libreOffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  return null;
}

export const NO_LIBREOFFICE =
  'LibreOffice (soffice) is not installed: skipping the tests that open files in a real spreadsheet program (.ci/run installs libreoffice-calc-nogui)';

/**
 * A LibreOffice of this test file's own: its profile folder is made on first use (the slow
 * part, so it is shared by the file's conversions) and belongs to no other run.
 */
export class Office {
  private profile: string | null = null;

  constructor(readonly soffice: string) {}

  /**
   * Converts `input` to `format` ("xlsx", "ods", "csv:Text - txt - csv (StarCalc):…") in
   * `outDir`, returning the new file's path. `infilter` is LibreOffice's import filter string.
   */
  convert(input: string, format: string, outDir: string, infilter?: string): string {
    this.profile ??= mkdtempSync(join(tmpdir(), 'ts-lo-profile-'));
    return convertWith(this.soffice, this.profile, input, format, outDir, infilter);
  }

  close(): void {
    if (this.profile !== null) rmSync(this.profile, { recursive: true, force: true });
    this.profile = null;
  }
}

function convertWith(soffice: string, profile: string, input: string, format: string, outDir: string, infilter?: string): string {
  {
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      ...(infilter === undefined ? [] : [`--infilter=${infilter}`]),
      '--convert-to',
      format,
      '--outdir',
      outDir,
      input,
    ];
    const run = spawnSync(soffice, args, { encoding: 'utf8', timeout: HANG_MS });
    const ext = format.split(':')[0]!;
    const out = join(outDir, `${basename(input).replace(/\.[^.]+$/, '')}.${ext}`);
    if (run.status !== 0 || !/convert /.test(run.stdout)) {
      throw new Error(`soffice could not convert ${input} to ${format}: ${run.stdout}${run.stderr}`);
    }
    return out;
  }
}
