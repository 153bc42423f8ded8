/**
 * `check --html`: the page opened in a real browser, headless Chromium (the Debian package,
 * installed by .ci/run), driven by playwright-core; never a downloaded browser. The test fails
 * on any console error or script error, and on any request the page makes beyond its own
 * file; the numbers on the page must be the CSV's. A screenshot and an A4 print are left in
 * artefacts/ for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER, cohortRows } from './fixtures.js';
import { ROOT, cli, ensureBuilt, removeTempDirs, tempDir, write } from './run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARTEFACTS = join(ROOT, 'artefacts');

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const digits = (text: string) => text.replace(/[^\d-]/g, '');

describe.skipIf(!hasChromium)(`check --html in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; .ci/run installs the Debian package chromium)`}`, () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'ts-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('opens with no error and no request, shows the CSV\'s numbers, sorts, and prints on A4', async () => {
    const dir = tempDir();
    // E01 and E03 can meet the rules; E02 has no case in alternative provision; one bad row.
    const laCode = (i: number) => (i % 5 === 0 || i < 10 ? 'E01' : i < 20 ? 'E02' : 'E03');
    const rows = cohortRows({ n: 30, laCode });
    rows[20] = rows[20]!.replace(/^C021,[^,]*,/, 'C021,99,');
    const cohort = write(dir, 'areas.csv', [HEADER, ...rows, 'C031,11,SEN support,<script>alert(1)</script>,,ap,new_plan,none,,North,E03'].join('\n') + '\n');
    const csv = join(dir, 'report.csv');
    const html = join(dir, 'report.html');
    const run = cli(['check', cohort, '--by', 'la_code', '--skip-invalid', '--out', csv, '--html', html]);
    expect(run.code, run.stderr).toBe(1);
    const table = parse(readFileSync(csv, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];

    const page = await context.newPage();
    const problems: string[] = [];
    const url = pathToFileURL(html).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) problems.push(`request: ${r.url()}`);
    });
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(url, { waitUntil: 'load' });

    // Each group's row holds the CSV's numbers.
    for (const row of table) {
      const cells = await page.locator(`#group-table tbody tr[data-key="${row.la_code}"] > *`).allInnerTexts();
      expect(cells[0]).toBe(row.la_code);
      expect(digits(cells[1]!)).toBe(row.valid_rows);
      expect(digits(cells[2]!)).toBe(row.invalid_rows);
      expect(cells[3]).toBe(row.feasible === 'yes' ? '✓ can meet' : row.feasible === 'no' ? '✗ cannot meet' : '– not judged');
      expect(cells[4] === '–' ? '' : digits(cells[4]!)).toBe(row.valid_samples);
      expect(cells.at(-1)).toBe(row.short);
    }
    const ok = table.filter((r) => r.feasible === 'yes').length;
    expect(await page.locator('#groups-ok').innerText()).toBe(String(ok));
    expect(await page.locator('#groups-failing').innerText()).toBe(String(table.filter((r) => r.feasible === 'no').length));
    expect(digits(await page.locator('#invalid-rows').innerText())).toBe(String(table.reduce((n, r) => n + Number(r.invalid_rows), 0)));
    // The value in a bad row is shown as text, never run.
    expect(await page.content()).not.toContain('<script>alert(1)');

    // Sorting by valid samples, then back.
    const header = page.locator('#group-table thead th', { hasText: 'valid samples' });
    await header.locator('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const order = await page.locator('#group-table tbody tr > th').allInnerTexts();
    const samples = (r: Record<string, string>) => BigInt(r.valid_samples || '-1');
    const expected = [...table].sort((a, b) => (samples(a) < samples(b) ? -1 : samples(a) > samples(b) ? 1 : 0)).map((r) => r.la_code);
    expect(order).toEqual(expected);
    // The chart of failing rules has a text alternative naming the rule.
    expect(await page.locator('#failing-rules title').textContent()).toMatch(/cannot meet each rule/);
    expect(await page.locator('#failing-rules').innerHTML()).toContain('alternative-provision');

    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, 'check-page.png'), fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    writeFileSync(join(ARTEFACTS, 'check-page.pdf'), pdf);
    // Every page A4: 595.28 × 841.89 points (Chromium rounds to within a point).
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) {
      expect(Math.abs(w! - 595.28)).toBeLessThan(1);
      expect(Math.abs(h! - 841.89)).toBeLessThan(1);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
