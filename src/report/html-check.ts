/**
 * `check --html F.html`: the check as one self-contained page an analyst can email. Everything
 * is inline (styles, the few lines of script that sort the table, charts as SVG drawn here), and
 * a Content-Security-Policy forbids the page any request at all. Charts are plain generated SVG
 * rather than a charting library: they are bars and a heat table, a library would add hundreds
 * of kilobytes to every page, and SVG written here prints crisply and carries its own text.
 *
 * Accessible: every chart has a text title and the numbers beside it; state is carried by a
 * word and a symbol (✓ can meet, ✗ cannot), never by colour alone; tables have captions and
 * header scopes. It prints on A4.
 */
import { AGE_BANDS, NEED_AREA_LABELS, type NeedArea } from '../cohort/codes.js';
import type { Rule, Rules } from '../rules/schema.js';
import type { CheckReport, GroupVerdict } from '../analysis/check.js';
import { fileGroup } from '../analysis/check.js';
import { NO_NEED_AREA, type Coverage, type RuleSupply } from '../analysis/coverage.js';
import type { OddsReport } from '../analysis/odds.js';
import { formatCount } from '../words.js';

/** Groups listed in full on the page; beyond this, only the failing ones (all are in the CSV). */
export const PAGE_GROUPS = 1000;

const esc = (text: string | number | bigint) =>
  String(text).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const num = (n: number | bigint) => formatCount(n);
const pct = (part: number, whole: number) => (whole === 0 || part === 0 ? '0%' : `${((100 * part) / whole).toFixed(part * 1000 < whole ? 2 : 1)}%`);

/** A chance as a percentage with two significant figures: 31%, 2.4%, 0.0060%. */
const chance = (p: number) => (p === 0 ? '0%' : `${Number((p * 100).toPrecision(2)).toLocaleString('en-GB', { maximumSignificantDigits: 2 })}%`);

export interface HtmlOptions {
  /** For a single cohort: each kind of case's chance of being picked. */
  odds?: OddsReport | null;
  toolVersion?: string;
  /** Groups listed in full (default {@link PAGE_GROUPS}). */
  pageGroups?: number;
}

export function checkHtml(report: CheckReport, options: HtmlOptions = {}): string {
  const { summary, rules } = report;
  const title = `Cohort check: ${summary.file}`;
  const groups = report.by?.groups ?? null;
  const sections = [
    header(report, options),
    verdictSection(report),
    groups !== null ? failuresSection(report.by!.column, groups, rules) : '',
    groups !== null ? groupsSection(report.by!.column, groups, rules, options.pageGroups ?? PAGE_GROUPS) : '',
    supplySection(report, groups),
    needAgeSection(report.coverage),
    mixSection(report.coverage),
    groups === null && options.odds ? oddsSection(options.odds) : '',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${sections.filter((s) => s !== '').join('\n')}
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

function header(report: CheckReport, options: HtmlOptions): string {
  const { summary, rules } = report;
  const invalid = summary.rows - summary.valid;
  return `<header>
<h1>Cohort check: ${esc(summary.file)}</h1>
<p class="facts"><span id="rows">${num(summary.rows)}</span> rows · <span id="valid-rows">${num(summary.valid)}</span> valid · <span id="invalid-rows">${num(invalid)}</span> invalid${invalid > 0 && !report.refused ? ' (left out: --skip-invalid)' : ''} · samples of ${rules.size} · rules: ${esc(report.rulesSource)}</p>
<p class="small">sha256 ${esc(summary.sha256)}${options.toolVersion ? ` · tracking-sampler ${esc(options.toolVersion)}` : ''}</p>
<details><summary>The rules</summary><ul>${rules.rules
    .filter((r) => r.enabled)
    .map((r) => `<li><strong>${esc(r.id)}</strong>: ${esc(r.description ?? r.id)}</li>`)
    .join('')}</ul></details>
</header>`;
}

function verdictSection(report: CheckReport): string {
  if (report.refused) {
    return `<section id="verdict"><h2>Verdict</h2><p class="big bad">✗ No verdict: the file has ${num(report.summary.skipped.length)} invalid rows. Fix them, or check with --skip-invalid.</p></section>`;
  }
  if (report.by !== null) {
    const judged = report.by.groups.filter((g) => g.feasible !== null);
    const ok = judged.filter((g) => g.feasible).length;
    const mark = ok === judged.length ? '<span class="good">✓</span>' : '<span class="bad">✗</span>';
    return `<section id="verdict"><h2>Verdict</h2>
<p class="big">${mark} <span id="groups-ok">${num(ok)}</span> of <span id="groups-judged">${num(judged.length)}</span> groups by ${esc(report.by.column)} can meet the rules; <span id="groups-failing">${num(judged.length - ok)}</span> cannot.</p>
<p>Each group is judged as a file holding only that group.</p></section>`;
  }
  const g = fileGroup(report);
  return `<section id="verdict"><h2>Verdict</h2>
<p class="big">${g.feasible ? '<span class="good">✓</span> The cohort can meet the rules' : '<span class="bad">✗</span> The cohort cannot meet the rules'}: <span id="valid-samples">${num(g.validSamples ?? 0n)}</span> valid samples.</p>
${g.short ? `<p>Short of: ${esc(g.short)}</p>` : ''}</section>`;
}

/** Horizontal bars with their numbers as text, drawn as SVG with a title for screen readers. */
function barChart(id: string, title: string, bars: { label: string; value: number; note?: string }[], total: number): string {
  const rowH = 22;
  const labelW = 230;
  const barW = 360;
  const height = bars.length * rowH + 6;
  const most = bars.reduce((m, b) => Math.max(m, b.value), 1);
  const rows = bars
    .map((b, i) => {
      const y = i * rowH + 3;
      const w = Math.round((b.value / most) * barW);
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(w, b.value > 0 ? 1 : 0)}" height="${rowH - 8}" class="bar"/><text x="${labelW + w + 6}" y="${y + 15}">${esc(b.note ?? `${num(b.value)} (${pct(b.value, total)})`)}</text>`;
    })
    .join('');
  return `<figure><svg id="${id}" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${labelW + barW + 170} ${height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="${id}-title">${esc(title)}</title>${rows}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function failuresSection(column: string, groups: readonly GroupVerdict[], rules: Rules): string {
  const failing = groups.filter((g) => g.feasible === false);
  const ids = ['size', ...rules.rules.filter((r) => r.enabled).map((r) => r.id)];
  const bars = ids.map((id) => ({ label: id, value: failing.filter((g) => g.failing.includes(id)).length }));
  const body =
    failing.length === 0
      ? `<p><span class="good">✓</span> No group fails any rule.</p>`
      : barChart('failing-rules', `Groups by ${column} that cannot meet each rule (of ${num(failing.length)} that cannot meet the rules)`, bars, failing.length) +
        `<p class="small">A group counts against a rule it is plainly short of, or against each rule of the smallest set it cannot meet together.</p>`;
  return `<section id="failures"><h2>Which rules fail where</h2>${body}</section>`;
}

/** A rule's threshold in words, and whether a supply meets it (plain necessary conditions). */
function supplyCells(g: GroupVerdict, rules: Rules): string {
  return g.supply
    .map((s) => {
      const rule = rules.rules.find((r) => r.id === s.id)!;
      const { value, text } = supplyValue(s, rule);
      const short = g.failing.includes(s.id);
      return `<td class="num${short ? ' short' : ''}" data-sort="${value}">${short ? '✗ ' : ''}${esc(text)}</td>`;
    })
    .join('');
}

function supplyValue(s: RuleSupply, rule: Rule): { value: number; text: string } {
  if (rule.kind === 'at-least' && rule.each) {
    const least = Object.values(s.byValue).reduce((a, b) => Math.min(a, b), Infinity);
    return { value: least, text: Object.values(s.byValue).map(num).join(' · ') };
  }
  if (rule.kind === 'at-least') return { value: s.supply, text: num(s.supply) };
  const distinct = Object.values(s.byValue).filter((n) => n > 0).length;
  return { value: distinct, text: num(distinct) };
}

function thresholdText(rule: Rule): string {
  if (rule.kind === 'at-least') return `≥ ${rule.atLeast}${rule.each ? ' of each' : ''}`;
  return [rule.distinct !== undefined ? `≥ ${rule.distinct} values` : '', rule.atMost !== undefined ? `≤ ${rule.atMost} per value` : ''].filter(Boolean).join(', ');
}

function groupsSection(column: string, groups: readonly GroupVerdict[], rules: Rules, limit: number): string {
  const shown = groups.length <= limit ? groups : groups.filter((g, i) => i < limit || g.feasible === false);
  const enabled = rules.rules.filter((r) => r.enabled);
  const head = [
    `<th scope="col" aria-sort="none"><button type="button">${esc(column)}</button></th>`,
    ...['cases', 'invalid rows', 'verdict', 'valid samples'].map((h) => `<th scope="col" aria-sort="none"><button type="button">${h}</button></th>`),
    ...enabled.map((r) => `<th scope="col" aria-sort="none"><button type="button">${esc(r.id)}</button><br><span class="small">${esc(thresholdText(r))}</span></th>`),
    `<th scope="col">short of</th>`,
  ].join('');
  const rows = shown
    .map((g) => {
      const verdict = g.feasible === null ? ['–', 'not judged', 1] : g.feasible ? ['✓', 'can meet', 2] : ['✗', 'cannot meet', 0];
      return `<tr data-key="${esc(g.key ?? '')}"><th scope="row" data-sort="${esc(g.key ?? '')}">${esc(g.key ?? '(empty)')}</th><td class="num" data-sort="${g.validRows}">${num(g.validRows)}</td><td class="num" data-sort="${g.invalidRows}">${num(g.invalidRows)}</td><td data-sort="${verdict[2]}" class="verdict ${g.feasible === false ? 'bad' : g.feasible ? 'good' : ''}">${verdict[0]} ${verdict[1]}</td><td class="num" data-sort="${g.validSamples ?? -1}">${g.validSamples === null ? '–' : num(g.validSamples)}</td>${supplyCells(g, rules)}<td class="short-of">${esc(g.short ?? '')}</td></tr>`;
    })
    .join('\n');
  const note =
    shown.length < groups.length
      ? `<p id="groups-note"><strong>Showing ${num(shown.length)} of ${num(groups.length)} groups</strong>: the first ${num(limit)} and every one that cannot meet the rules. The rest are in the CSV (<code>check --out F.csv</code>).</p>`
      : `<p id="groups-note">All ${num(groups.length)} groups. Select a column heading to sort by it.</p>`;
  return `<section id="groups"><h2>Verdict by ${esc(column)}</h2>${note}
<div class="scroll"><table class="sortable" id="group-table"><caption>Each group's verdict, valid samples and what each rule can draw on (✗ marks a rule the group cannot meet)</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div></section>`;
}

function supplySection(report: CheckReport, groups: readonly GroupVerdict[] | null): string {
  const rules = report.rules;
  const parts: string[] = [];
  const rows = report.coverage.ruleSupply.map((s) => {
    const rule = rules.rules.find((r) => r.id === s.id)!;
    const { text } = supplyValue(s, rule);
    return `<tr><th scope="row">${esc(s.id)}</th><td>${esc(s.description)}</td><td>${esc(thresholdText(rule))}</td><td class="num">${esc(text)}</td>${groups !== null ? `<td class="num">${num(groups.filter((g) => g.failing.includes(s.id)).length)}</td>` : ''}</tr>`;
  });
  parts.push(`<table><caption>What each rule can draw on in the whole file${groups !== null ? ', and how many groups are short of it' : ''}</caption>
<thead><tr><th scope="col">rule</th><th scope="col">what it asks</th><th scope="col">threshold</th><th scope="col">supply (whole file)</th>${groups !== null ? '<th scope="col">groups short</th>' : ''}</tr></thead>
<tbody>${rows.join('')}</tbody></table>`);
  for (const s of report.coverage.ruleSupply) {
    const values = Object.entries(s.byValue);
    if (values.length === 0) continue;
    parts.push(barChart(`supply-${s.id}`, `${s.id}: cases by ${s.column} (whole file)`, values.map(([v, n]) => ({ label: v, value: n })), report.coverage.cases));
  }
  return `<section id="supply"><h2>Supply against each rule's threshold</h2>${parts.join('\n')}</section>`;
}

function needAgeSection(coverage: Coverage): string {
  const cells = Object.values(coverage.needAreaByAgeBand).flatMap((byBand) => AGE_BANDS.map((b) => byBand[b] ?? 0));
  const most = cells.reduce((m, c) => Math.max(m, c), 1);
  const rows = Object.entries(coverage.needAreaByAgeBand)
    .map(([area, byBand]) => {
      const label = area === NO_NEED_AREA ? 'no broad area (DS, OTH, NSA)' : NEED_AREA_LABELS[area as NeedArea];
      const tds = AGE_BANDS.map((b) => {
        const n = byBand[b] ?? 0;
        // Shade as well as the number: the number carries the meaning; the shade helps the eye.
        const level = n === 0 ? 0 : Math.ceil((n / most) * 5);
        return `<td class="num heat h${level}">${num(n)}</td>`;
      }).join('');
      return `<tr><th scope="row">${esc(label)}</th>${tds}</tr>`;
    })
    .join('');
  return `<section id="need-age"><h2>Need area × age band</h2>
<table class="heat-table"><caption>Cases by broad area of need and age band (darker cells hold more cases)</caption>
<thead><tr><th scope="col">need area</th>${AGE_BANDS.map((b) => `<th scope="col">${b}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

function mixSection(coverage: Coverage): string {
  const bars = (counts: Record<string, number>) => Object.entries(counts).map(([label, value]) => ({ label, value }));
  return `<section id="mix"><h2>SEN status and setting</h2>
${barChart('sen-status', 'Cases by SEN status', bars(coverage.sen_status), coverage.cases)}
${barChart('setting', 'Cases by setting', bars(coverage.setting), coverage.cases)}</section>`;
}

function oddsSection(odds: OddsReport): string {
  if (!odds.feasible) return '';
  const byRule = barChart(
    'odds-by-rule',
    'Chance of being picked, by rule value (mean over the cases with it)',
    odds.byRule.map((r) => ({ label: r.label, value: r.chance, note: `${chance(r.chance)} (${num(r.cases)} cases)` })),
    1,
  );
  const top = odds.groups.slice(0, 20);
  const rows = top.map((g) => `<tr><th scope="row">${esc(g.label)}</th><td class="num">${num(g.cases)}</td><td class="num">${chance(g.chance)}</td></tr>`).join('');
  return `<section id="odds"><h2>Each case's chance of being picked</h2>${byRule}
<table><caption>Kinds of case the rules see alike, most likely first${odds.groups.length > top.length ? ` (the first ${top.length} of ${num(odds.groups.length)})` : ''}</caption>
<thead><tr><th scope="col">kind of case</th><th scope="col">cases</th><th scope="col">chance</th></tr></thead><tbody>${rows}</tbody></table>
${odds.never.length > 0 ? `<p>${num(odds.never.reduce((n, g) => n + g.cases, 0))} cases can never be picked (see <code>tracking-sampler odds</code>).</p>` : ''}</section>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --good: #1b6e20; --bad: #b00020; --bar: #3b6ea8; --line: #ccc; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); }
.small { font-size: .85em; color: var(--muted); } .big { font-size: 1.2rem; }
.good { color: var(--good); } .bad { color: var(--bad); }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; } td.verdict { white-space: nowrap; } td.short-of { min-width: 14em; } td.short { color: var(--bad); font-weight: 600; }
thead th { background: #f2f4f7; } th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-decoration: underline dotted; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.scroll { overflow-x: auto; }
figure { margin: .5rem 0 1rem; } figcaption { font-size: .85em; color: var(--muted); }
figure svg { max-width: 820px; display: block; }
svg text { font: 12px system-ui, Arial, sans-serif; fill: var(--ink); } svg .bar { fill: var(--bar); }
.heat { min-width: 4.5em; } .h1 { background: #eef3fa; } .h2 { background: #d6e3f3; } .h3 { background: #b5cde9; } .h4 { background: #8fb2dc; } .h5 { background: #6d97cc; color: #000; }
@page { size: A4; margin: 14mm; }
@media print { body { font-size: 10pt; } main { max-width: none; padding: 0; } .scroll { overflow: visible; } th button { text-decoration: none; } section { break-inside: auto; } tr, figure { break-inside: avoid; } details > *:not(summary) { display: block; } }
@media (max-width: 800px) { }
`;

/** Sorting by a column's heading: its cells' data-sort values, numbers as numbers. */
const SORT_SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.querySelectorAll('thead th');
  heads.forEach(function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach(function (h) { if (h.hasAttribute('aria-sort')) h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) { var v = row.cells[col].getAttribute('data-sort'); var n = Number(v); return v !== '' && !isNaN(n) ? n : v; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
        return ascending ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;
