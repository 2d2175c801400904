/**
 * Turns ReportData into what the charts draw: checked, finite, thinned for
 * drawing, with the notes the report adds about what it left out.
 */
import { downsampleCurve } from './downsample.js';
import { chartText, reportErrors, reportNotes } from './messages.js';
import type { ReportCurve, ReportData } from './types.js';

/** Chart plot width in pixels; also the number of M4 buckets, so thinned curves look the same at this width. */
export const PLOT_WIDTH = 600;

export interface PreparedCurve {
  readonly name: string;
  readonly dashed: boolean;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Finite points before thinning. */
  readonly finitePoints: number;
  /** Whether the y axis is fitted to this curve (see ReportCurve.scale). */
  readonly scale: boolean;
}

export interface PreparedLine {
  readonly variation: string;
  readonly dashed: boolean;
  readonly spend: Float64Array;
  readonly incremental: Float64Array;
  /** Points with both bounds finite, in their order. */
  readonly band: { readonly spend: Float64Array; readonly lower: Float64Array; readonly upper: Float64Array };
}

export interface PreparedSegment {
  readonly variation: string;
  readonly segment: string;
  readonly treated: number;
  readonly total: number;
}

export interface PreparedReport {
  readonly curves: ReadonlyArray<PreparedCurve>;
  readonly lines: ReadonlyArray<PreparedLine>;
  readonly segments: ReadonlyArray<PreparedSegment>;
  /** Variation names in order of first appearance (frontier, then segments): one colour each, the same in every chart. */
  readonly variationOrder: ReadonlyArray<string>;
  /** The caller's notes, then the report's own. */
  readonly notes: ReadonlyArray<string>;
  /** Captions about thinned curves. */
  readonly qiniCaptions: ReadonlyArray<string>;
}

/** Checks the data and derives the drawn series; throws InputError with the field path for data it cannot draw. */
export function prepareReport(data: ReportData): PreparedReport {
  const notes: string[] = [...(data.notes ?? [])];
  const qiniCaptions: string[] = [];
  const curves = prepareCurves(data.qini?.curves ?? [], ['qini', 'curves'], notes, qiniCaptions);
  const lines: PreparedLine[] = [];
  const order: string[] = [];
  const seen = new Set<string>();
  data.frontier.forEach((entry, index) => {
    if (seen.has(entry.variation)) throw reportErrors.duplicateName(['frontier', index, 'variation'], entry.variation);
    seen.add(entry.variation);
    order.push(entry.variation);
    const points = entry.points;
    const spend: number[] = [];
    const incremental: number[] = [];
    const band = { spend: [] as number[], lower: [] as number[], upper: [] as number[] };
    const hasInterval = points.some((p) => p.lower !== undefined || p.upper !== undefined);
    let droppedPoints = 0;
    let droppedBounds = 0;
    for (const p of points) {
      if (!Number.isFinite(p.spend) || !Number.isFinite(p.incremental)) {
        droppedPoints++;
        continue;
      }
      spend.push(p.spend);
      incremental.push(p.incremental);
      if (!hasInterval) continue;
      if (p.lower !== undefined && p.upper !== undefined && Number.isFinite(p.lower) && Number.isFinite(p.upper)) {
        band.spend.push(p.spend);
        band.lower.push(Math.min(p.lower, p.upper));
        band.upper.push(Math.max(p.lower, p.upper));
      } else {
        droppedBounds++;
      }
    }
    if (droppedPoints > 0) notes.push(reportNotes.droppedFrontierPoints(entry.variation, droppedPoints));
    if (droppedBounds > 0) notes.push(reportNotes.droppedInterval(entry.variation, droppedBounds));
    lines.push({
      variation: entry.variation,
      dashed: entry.dashed ?? false,
      spend: Float64Array.from(spend),
      incremental: Float64Array.from(incremental),
      band: { spend: Float64Array.from(band.spend), lower: Float64Array.from(band.lower), upper: Float64Array.from(band.upper) },
    });
  });

  const segments: PreparedSegment[] = [];
  (data.segments ?? []).forEach((s, index) => {
    const ok = Number.isFinite(s.treated) && Number.isFinite(s.total) && s.total > 0 && s.treated >= 0 && s.treated <= s.total;
    if (!ok) throw reportErrors.segmentCounts(index, s.treated, s.total);
    if (!seen.has(s.variation)) {
      seen.add(s.variation);
      order.push(s.variation);
    }
    segments.push({ variation: s.variation, segment: s.segment, treated: s.treated, total: s.total });
  });

  const width = data.variations.columns.length;
  data.variations.rows.forEach((row, index) => {
    if (row.length !== width) throw reportErrors.rowWidth(index, row.length, width);
  });

  return { curves, lines, segments, variationOrder: order, notes, qiniCaptions };
}

/** Checks and thins the curves of one Qini chart; notes and captions about what was left out are added to the given lists. */
export function prepareCurves(
  input: ReadonlyArray<ReportCurve>,
  path: ReadonlyArray<string | number>,
  notes: string[],
  captions: string[],
): PreparedCurve[] {
  const curves: PreparedCurve[] = [];
  const curveNames = new Set<string>();
  input.forEach((curve, index) => {
    if (curve.x.length !== curve.y.length) throw reportErrors.curveLength(index, curve.x.length, curve.y.length);
    if (curveNames.has(curve.name)) throw reportErrors.duplicateName([...path, index, 'name'], curve.name);
    curveNames.add(curve.name);
    const finite = finitePairs(curve.x, curve.y);
    const dropped = curve.x.length - finite.x.length;
    if (dropped > 0) notes.push(reportNotes.droppedCurvePoints(curve.name, dropped));
    const thin = downsampleCurve(finite.x, finite.y, PLOT_WIDTH);
    if (thin.x.length < finite.x.length) captions.push(chartText.downsampled(curve.name, thin.x.length, finite.x.length));
    curves.push({ name: curve.name, dashed: curve.dashed ?? false, x: thin.x, y: thin.y, finitePoints: finite.x.length, scale: curve.scale ?? true });
  });
  return curves;
}

function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  const n = x.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) count++;
  if (count === n) return { x: Float64Array.from(x), y: Float64Array.from(y) };
  const fx = new Float64Array(count);
  const fy = new Float64Array(count);
  for (let i = 0, j = 0; i < n; i++) {
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      fx[j] = x[i]!;
      fy[j] = y[i]!;
      j++;
    }
  }
  return { x: fx, y: fy };
}
