/** The vega-lite specs of the report's three charts, built from prepared (checked, thinned) data. */
import type { TopLevelSpec } from 'vega-lite';
import { chartLabels } from './messages.js';
import { PLOT_WIDTH, type PreparedCurve, type PreparedLine, type PreparedSegment } from './prepare.js';
import type { ReportLabels } from './types.js';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies (yellow last: weak on white). */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const PLOT_HEIGHT = 320;

const config = {
  // The SVG is one image to assistive technology (role="img" with <title> and <desc>),
  // so per-mark ARIA labels would only add bytes.
  aria: false,
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    labelColor: '#374151',
    titleColor: '#111827',
    gridColor: '#e5e7eb',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, labelLimit: 220, labelColor: '#374151' },
  range: { category: PALETTE },
} as const;

/** Qini chart: one line per curve, dashed where asked. */
export function qiniSpec(curves: ReadonlyArray<PreparedCurve>, labels: ReportLabels): TopLevelSpec {
  const values: Array<{ curve: string; x: number; y: number }> = [];
  for (const c of curves) for (let i = 0; i < c.x.length; i++) values.push({ curve: c.name, x: c.x[i]!, y: c.y[i]! });
  const names = curves.map((c) => c.name);
  // The y axis fits the curves that ask for it (model and random); others (perfect) are clipped.
  let lo = 0;
  let hi = 0;
  for (const c of curves) {
    if (!c.scale) continue;
    for (const v of c.y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const clipped = curves.some((c) => !c.scale && c.y.some((v) => v > hi || v < lo));
  const yScale = clipped && hi > lo ? { scale: { domain: [lo, hi], nice: false } } : {};
  return {
    config,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: labels.qiniX ?? chartLabels.qiniX },
      y: { field: 'y', type: 'quantitative', title: labels.qiniY ?? chartLabels.qiniY, ...yScale },
      color: { field: 'curve', type: 'nominal', scale: { domain: names }, title: chartLabels.curve },
      strokeDash: {
        field: 'curve',
        type: 'nominal',
        scale: { domain: names, range: curves.map((c) => (c.dashed ? [6, 4] : [1, 0])) },
        title: chartLabels.curve,
      },
    },
  };
}

/** Frontier chart: a line with points per variation, over a shaded interval band where bounds exist. */
export function frontierSpec(lines: ReadonlyArray<PreparedLine>, order: ReadonlyArray<string>, labels: ReportLabels): TopLevelSpec {
  const line: Array<{ variation: string; spend: number; incremental: number }> = [];
  const band: Array<{ variation: string; spend: number; lower: number; upper: number }> = [];
  for (const l of lines) {
    for (let i = 0; i < l.spend.length; i++) line.push({ variation: l.variation, spend: l.spend[i]!, incremental: l.incremental[i]! });
    const b = l.band;
    for (let i = 0; i < b.spend.length; i++) band.push({ variation: l.variation, spend: b.spend[i]!, lower: b.lower[i]!, upper: b.upper[i]! });
  }
  const dashedNames = new Set(lines.filter((l) => l.dashed).map((l) => l.variation));
  const x = { field: 'spend', type: 'quantitative', title: labels.spend ?? chartLabels.spend } as const;
  const color = { field: 'variation', type: 'nominal', scale: { domain: [...order] }, title: chartLabels.variation } as const;
  const yTitle = labels.incremental ?? chartLabels.incremental;
  const spec: TopLevelSpec = {
    config,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    datasets: { line, band },
    // Colours are shared; only the line layer's legend is drawn (the band's pale swatches would misread).
    resolve: { legend: { color: 'independent' } },
    layer: [
      ...(band.length === 0
        ? []
        : [
            {
              data: { name: 'band' },
              mark: { type: 'area', opacity: 0.2 },
              encoding: {
                x,
                y: { field: 'lower', type: 'quantitative', title: yTitle },
                y2: { field: 'upper' },
                color: { ...color, legend: null },
              },
            } as const,
          ]),
      {
        data: { name: 'line' },
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 24 } },
        encoding: {
          x,
          y: { field: 'incremental', type: 'quantitative', title: yTitle },
          color,
          ...(dashedNames.size === 0
            ? {}
            : {
                strokeDash: {
                  field: 'variation',
                  type: 'nominal',
                  scale: { domain: [...order], range: order.map((v) => (dashedNames.has(v) ? [6, 4] : [1, 0])) },
                  legend: null,
                },
              }),
        },
      },
    ],
  };
  return spec;
}

/** Segments chart: horizontal bars of the share treated, grouped by segment, one bar per variation. */
export function segmentsSpec(segments: ReadonlyArray<PreparedSegment>, order: ReadonlyArray<string>, labels: ReportLabels): TopLevelSpec {
  const segmentOrder: string[] = [];
  const seen = new Set<string>();
  for (const s of segments) {
    if (!seen.has(s.segment)) {
      seen.add(s.segment);
      segmentOrder.push(s.segment);
    }
  }
  const variations = order.filter((v) => segments.some((s) => s.variation === v));
  const values = segments.map((s) => ({ segment: s.segment, variation: s.variation, share: s.treated / s.total }));
  // Bars 14 px thick, with a gap of 12 px between segments.
  const height = segmentOrder.length * (14 * variations.length + 12);
  return {
    config,
    width: PLOT_WIDTH,
    height,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'segment',
        type: 'nominal',
        sort: segmentOrder,
        scale: { paddingInner: 12 / (14 * variations.length + 12), paddingOuter: 0 },
        title: labels.segment ?? chartLabels.segment,
      },
      yOffset: { field: 'variation', type: 'nominal', sort: variations, scale: { domain: variations } },
      x: {
        field: 'share',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        axis: { format: '.0%' },
        title: chartLabels.shareTreated,
      },
      color: { field: 'variation', type: 'nominal', scale: { domain: [...order] }, title: chartLabels.variation },
    },
  };
}
