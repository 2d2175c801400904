/** Every text the scenario report shows that is not data, and its error messages with stable codes. */
import { InputError } from '../../errors.js';

/** Fixed words and headings of the report page. */
export const reportText = {
  documentTitle: (title: string) => `${title} — liftwise report`,
  generated: (when: string) => `Generated ${when} by liftwise.`,
  notesHeading: 'Notes',
  frontierHeading: 'Budget frontier',
  frontierLead:
    'Expected incremental outcome of the best plan at each spend, one line per variation. Shaded bands show the interval where one was estimated.',
  variationsHeading: 'Variations',
  variationsCaption: 'One row per variation of the scenario.',
  segmentsHeading: 'Who is treated, by segment',
  segmentsLead: 'Share of each segment that the plan treats, per variation.',
  qiniHeading: 'Model quality: Qini curve',
  qiniLead:
    'Incremental outcome gained by treating units in the order the model ranks them, on held-out data. Higher than the random line is better; the perfect line is the best any ranking could do.',
  qiniAuc: (auc: string) => `Normalised area under the Qini curve: ${auc} (1 is perfect, 0 is random).`,
  qiniAucOf: (name: string, auc: string) => `Normalised area under the Qini curve of ${name}: ${auc} (1 is perfect, 0 is random).`,
  qiniClipped: (name: string, top: string) =>
    `The ${name} curve rises to ${top}, off the top of the chart: the axis is scaled to the model and random curves so their difference shows.`,
  featuresHeading: 'What the model leans on: top features',
  featuresLead:
    "Mean absolute SHAP value of each feature in the units' uplift, in outcome units: how much the feature moves a typical unit's estimated effect away from the average.",
  featuresColumns: ['Feature', 'Mean |SHAP|'] as const,
  emptyCell: '—',
  footer: 'This file is self-contained: it needs no network and runs no script.',
} as const;

/** Default axis and legend titles; ReportData.labels overrides the axes. */
export const chartLabels = {
  spend: 'Spend',
  incremental: 'Expected incremental outcome',
  qiniX: 'Units targeted',
  qiniY: 'Incremental outcome',
  segment: 'Segment',
  shareTreated: 'Share treated',
  variation: 'Variation',
  curve: 'Ranking',
  intervalSuffix: '(interval)',
} as const;

/** Accessible titles and descriptions of the charts (the SVG's <title> and <desc>). */
export const chartText = {
  frontierTitle: 'Budget frontier',
  frontierDescription: (variations: number, minSpend: string, maxSpend: string, bands: number) =>
    `Line chart of the expected incremental outcome against spend for ${variations} ${variations === 1 ? 'variation' : 'variations'}, ` +
    `spend from ${minSpend} to ${maxSpend}` +
    (bands > 0 ? `; ${bands} ${bands === 1 ? 'line has' : 'lines have'} a shaded interval.` : '.'),
  frontierBest: (variation: string, incremental: string, spend: string) =>
    ` Highest expected incremental outcome: ${incremental} (${variation}, spend ${spend}).`,
  qiniTitle: 'Qini curve',
  qiniDescription: (curves: string, units: string) =>
    `Line chart of the incremental outcome against units targeted for ${curves}, over ${units} units.`,
  qiniPeak: (name: string, value: string, at: string) => ` The ${name} curve is highest, ${value}, at ${at} units.`,
  segmentsTitle: 'Share treated by segment',
  segmentsDescription: (segments: number, variations: number) =>
    `Bar chart of the share treated in each of ${segments} ${segments === 1 ? 'segment' : 'segments'} ` +
    `for ${variations} ${variations === 1 ? 'variation' : 'variations'}.`,
  segmentBar: (segment: string, variation: string, treated: string, total: string, share: string) =>
    `${segment}, ${variation}: ${treated} of ${total} treated (${share})`,
  downsampled: (name: string, drawn: number, total: number) =>
    `The ${name} curve is drawn with ${drawn.toLocaleString('en-US')} of its ${total.toLocaleString('en-US')} points (same shape at this width).`,
} as const;

/** Notes the report adds itself, shown with the caller's notes. */
export const reportNotes = {
  droppedFrontierPoints: (variation: string, count: number) =>
    `${count} frontier ${count === 1 ? 'point' : 'points'} of variation '${variation}' had a spend or outcome that is not a finite number and ${count === 1 ? 'is' : 'are'} not drawn.`,
  droppedInterval: (variation: string, count: number) =>
    `${count} ${count === 1 ? 'interval' : 'intervals'} of variation '${variation}' had a bound that is missing or not finite and ${count === 1 ? 'is' : 'are'} not shaded.`,
  droppedCurvePoints: (curve: string, count: number) =>
    `${count} ${count === 1 ? 'point' : 'points'} of the Qini curve '${curve}' ${count === 1 ? 'is' : 'are'} not a finite number and not drawn.`,
} as const;

/** Errors for report data that cannot be drawn; each names the field at fault. */
export const reportErrors = {
  curveLength: (index: number, xLength: number, yLength: number) =>
    new InputError(
      'E_REPORT_CURVE_LENGTH',
      `the curve has ${xLength} x values but ${yLength} y values; x and y need one value per point`,
      { path: ['qini', 'curves', index, 'y'] },
    ),
  duplicateName: (path: ReadonlyArray<string | number>, name: string) =>
    new InputError('E_REPORT_DUPLICATE', `the name '${name}' is used twice; each line of a chart needs its own name`, { path }),
  rowWidth: (row: number, cells: number, columns: number) =>
    new InputError('E_REPORT_ROW_WIDTH', `the row has ${cells} cells but there are ${columns} columns`, {
      path: ['variations', 'rows', row],
    }),
  segmentCounts: (index: number, treated: number, total: number) =>
    new InputError(
      'E_REPORT_SEGMENT_COUNTS',
      `treated = ${treated} and total = ${total}: both must be finite, total positive and 0 ≤ treated ≤ total`,
      { path: ['segments', index] },
    ),
} as const;
