/** The scenario report: one self-contained HTML page with inline SVG charts, a table of variations and notes. */
import { escapeHtml, formatNumber, formatPercent } from './format.js';
import { chartText, reportText } from './messages.js';
import { prepareCurves, prepareReport, type PreparedCurve, type PreparedLine, type PreparedSegment } from './prepare.js';
import { frontierSpec, qiniSpec, segmentsSpec } from './specs.js';
import { REPORT_CSS } from './styles.js';
import { renderSvg } from './svg.js';
import type { ReportData, ReportLabels } from './types.js';

/**
 * Renders the whole report as an HTML document. Charts are vega-lite specs
 * rendered to SVG in Node, so the page needs no network and runs no script
 * (its Content-Security-Policy forbids both). The same data always gives the
 * same bytes. Optional sections (Qini curve, segments, notes) are left out
 * when their data is missing or empty; so is the frontier when it has no lines.
 *
 * @throws InputError (E_REPORT_*) naming the field, for data that cannot be drawn
 *
 * @example
 * const html = await renderReport({
 *   title: 'Scholarships',
 *   generatedAt: '2026-11-21',
 *   frontier: [{ variation: 'base', points: [{ spend: 0, incremental: 0 }, { spend: 100, incremental: 12.5 }] }],
 *   variations: { columns: ['variation', 'spend'], rows: [['base', 100]] },
 * });
 * html.startsWith('<!DOCTYPE html>'); // true
 */
export async function renderReport(data: ReportData): Promise<string> {
  const prepared = prepareReport(data);
  const labels = data.labels ?? {};
  const sections: string[] = [];

  if (prepared.notes.length > 0) {
    sections.push(
      section('notes', reportText.notesHeading, `<ul class="notes">${prepared.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`),
    );
  }
  if (prepared.lines.some((l) => l.spend.length > 0)) {
    const svg = await renderSvg(frontierSpec(prepared.lines, prepared.variationOrder, labels), {
      id: 'frontier',
      title: chartText.frontierTitle,
      description: describeFrontier(prepared.lines),
    });
    sections.push(section('frontier', reportText.frontierHeading, paragraph(reportText.frontierLead) + figure('frontier', svg, [])));
  }
  sections.push(section('variations', reportText.variationsHeading, variationsTable(data.variations)));
  if (prepared.segments.length > 0) {
    const svg = await renderSvg(segmentsSpec(prepared.segments, prepared.variationOrder, labels), {
      id: 'segments',
      title: chartText.segmentsTitle,
      description: describeSegments(prepared.segments),
    });
    sections.push(section('segments', reportText.segmentsHeading, paragraph(reportText.segmentsLead) + figure('segments', svg, [])));
  }
  // The Qini section: the `qini` chart, then one per entry of `qiniCharts` (one per treated arm).
  const qiniFigures: string[] = [];
  if (prepared.curves.some((c) => c.x.length > 0)) {
    const captions = [...(data.qini?.auc !== undefined ? [reportText.qiniAuc(formatNumber(data.qini.auc))] : []), ...prepared.qiniCaptions];
    qiniFigures.push(await qiniFigure('qini', chartText.qiniTitle, prepared.curves, labels, captions));
  }
  for (const [j, chart] of (data.qiniCharts ?? []).entries()) {
    const captions: string[] = [];
    const curves = prepareCurves(chart.curves, ['qiniCharts', j, 'curves'], prepared.notes as string[], captions);
    if (!curves.some((c) => c.x.length > 0)) continue;
    const aucs = (chart.aucs ?? []).map((a) => reportText.qiniAucOf(a.name, formatNumber(a.auc)));
    const id = qiniFigures.length === 0 ? 'qini' : `qini-${qiniFigures.length + 1}`;
    qiniFigures.push(`<h3>${escapeHtml(chart.title)}</h3>\n${await qiniFigure(id, `${chartText.qiniTitle}: ${chart.title}`, curves, labels, [...aucs, ...captions])}`);
  }
  if (qiniFigures.length > 0) sections.push(section('qini', reportText.qiniHeading, paragraph(reportText.qiniLead) + qiniFigures.join('\n')));
  const featureTables = (data.topFeatures ?? []).filter((t) => t.features.length > 0);
  if (featureTables.length > 0) {
    sections.push(section('features', reportText.featuresHeading, paragraph(reportText.featuresLead) + featureTables.map(featuresTable).join('\n')));
  }

  const subtitle = data.subtitle !== undefined && data.subtitle !== '' ? `<p class="subtitle">${escapeHtml(data.subtitle)}</p>` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Self-contained by construction: no script runs and nothing is fetched.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="generator" content="liftwise">',
    `<title>${escapeHtml(reportText.documentTitle(data.title))}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(data.title)}</h1>${subtitle}<p class="meta">${escapeHtml(reportText.generated(data.generatedAt))}</p></header>`,
    ...sections,
    `<footer>${escapeHtml(reportText.footer)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

async function qiniFigure(id: string, title: string, curves: ReadonlyArray<PreparedCurve>, labels: ReportLabels, captions: string[]): Promise<string> {
  const svg = await renderSvg(qiniSpec(curves, labels), { id, title, description: describeQini(curves) });
  // A curve the y axis is not fitted to (the perfect one) is drawn clipped: say how high it goes.
  let top = 0;
  for (const c of curves) if (c.scale) for (const v of c.y) top = Math.max(top, v);
  for (const c of curves) {
    if (c.scale) continue;
    let peak = -Infinity;
    for (const v of c.y) peak = Math.max(peak, v);
    if (peak > top) captions.push(reportText.qiniClipped(c.name, formatNumber(peak)));
  }
  return figure(id, svg, captions);
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-heading">\n<h2 id="${id}-heading">${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function paragraph(text: string): string {
  return `<p class="lead">${escapeHtml(text)}</p>\n`;
}

function figure(id: string, svg: string, captions: ReadonlyArray<string>): string {
  const caption = captions.length > 0 ? `<figcaption>${captions.map(escapeHtml).join(' ')}</figcaption>` : '';
  return `<figure class="chart" id="${id}-chart">\n${svg}\n${caption}</figure>`;
}

function variationsTable(table: ReportData['variations']): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const cells = row.map((cell, i) => {
        if (typeof cell === 'number' || cell === null) {
          const text = escapeHtml(formatNumber(cell, reportText.emptyCell));
          return `<td class="num">${text}</td>`;
        }
        // The first column names the row (the variation).
        return i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return (
    `<div class="table-wrap"><table>\n<caption>${escapeHtml(reportText.variationsCaption)}</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`
  );
}

function featuresTable(t: NonNullable<ReportData['topFeatures']>[number]): string {
  const head = reportText.featuresColumns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.features
    .map((f) => `<tr><th scope="row">${escapeHtml(f.feature)}</th><td class="num">${escapeHtml(formatNumber(f.value, reportText.emptyCell))}</td></tr>`)
    .join('\n');
  return (
    `<h3>${escapeHtml(t.title)}</h3>\n<div class="table-wrap"><table>\n<caption>${escapeHtml(t.note)}</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`
  );
}

function describeFrontier(lines: ReadonlyArray<PreparedLine>): string {
  let minSpend = Infinity;
  let maxSpend = -Infinity;
  let best: { variation: string; incremental: number; spend: number } | undefined;
  for (const l of lines) {
    for (let i = 0; i < l.spend.length; i++) {
      minSpend = Math.min(minSpend, l.spend[i]!);
      maxSpend = Math.max(maxSpend, l.spend[i]!);
      if (best === undefined || l.incremental[i]! > best.incremental) {
        best = { variation: l.variation, incremental: l.incremental[i]!, spend: l.spend[i]! };
      }
    }
  }
  const bands = lines.filter((l) => l.band.spend.length > 0).length;
  const drawn = lines.filter((l) => l.spend.length > 0).length;
  let text = chartText.frontierDescription(drawn, formatNumber(minSpend), formatNumber(maxSpend), bands);
  if (best !== undefined) text += chartText.frontierBest(best.variation, formatNumber(best.incremental), formatNumber(best.spend));
  return text;
}

function describeQini(curves: ReadonlyArray<PreparedCurve>): string {
  const drawn = curves.filter((c) => c.x.length > 0);
  let units = 0;
  for (const c of drawn) units = Math.max(units, c.x[c.x.length - 1]!);
  let text = chartText.qiniDescription(drawn.map((c) => c.name).join(', '), formatNumber(units));
  for (const c of drawn) {
    let best = 0;
    for (let i = 1; i < c.y.length; i++) if (c.y[i]! > c.y[best]!) best = i;
    text += chartText.qiniPeak(c.name, formatNumber(c.y[best]!), formatNumber(c.x[best]!));
  }
  return text;
}

/** Bars listed one by one in the description, up to this many (beyond it only the summary). */
const MAX_DESCRIBED_BARS = 100;

function describeSegments(segments: ReadonlyArray<PreparedSegment>): string {
  const names = new Set(segments.map((s) => s.segment));
  const variations = new Set(segments.map((s) => s.variation));
  let text = chartText.segmentsDescription(names.size, variations.size);
  if (segments.length <= MAX_DESCRIBED_BARS) {
    const bars = segments.map((s) =>
      chartText.segmentBar(s.segment, s.variation, formatNumber(s.treated), formatNumber(s.total), formatPercent(s.treated / s.total)),
    );
    text += ` ${bars.join('; ')}.`;
  }
  return text;
}
