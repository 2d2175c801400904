/** Renders a vega-lite spec to an accessible, deterministic inline SVG string in Node (no canvas, no DOM). */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './format.js';

export interface SvgLabel {
  /** Unique within the page; prefixes every id inside the SVG. */
  readonly id: string;
  /** Read as the chart's accessible name (<title>). */
  readonly title: string;
  /** Read as the chart's accessible description (<desc>). */
  readonly description: string;
}

/**
 * Compiles the spec, runs a headless vega View and returns its SVG with
 * `role="img"`, a <title> and a <desc>. Ids vega numbers from global counters
 * (clip paths, gradients) are renamed after the chart, so two renders of the
 * same spec are byte-identical and several charts can share one page.
 *
 * @example
 * const svg = await renderSvg(
 *   { data: { values: [{ a: 1, b: 2 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } },
 *   { id: 'demo', title: 'Demo', description: 'One point.' },
 * );
 * svg.startsWith('<svg'); // true
 */
export async function renderSvg(spec: TopLevelSpec, label: SvgLabel): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return labelSvg(renameIds(svg, label.id), label);
  } finally {
    view.finalize();
  }
}

/** Renames every id="…" in order of appearance to `${prefix}-${k}`, with the url(#…) and href="#…" that point at it. */
function renameIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!names.has(match[1]!)) names.set(match[1]!, `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, head: string, id: string) => `${head}${names.get(id) ?? id}"`)
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (names.has(id) ? `url(#${names.get(id)!})` : whole))
    .replace(/(href=")#([^"]+)"/g, (whole, head: string, id: string) => (names.has(id) ? `${head}#${names.get(id)!}"` : whole));
}

function labelSvg(svg: string, label: SvgLabel): string {
  const open = svg.indexOf('>');
  if (!svg.startsWith('<svg') || open < 0) throw new Error('vega returned something other than an SVG document');
  const titleId = `${label.id}-title`;
  const descId = `${label.id}-desc`;
  return (
    `${svg.slice(0, open)} role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" data-chart="${escapeHtml(label.id)}">` +
    `<title id="${titleId}">${escapeHtml(label.title)}</title><desc id="${descId}">${escapeHtml(label.description)}</desc>` +
    svg.slice(open + 1)
  );
}
