/** The scenario report: a self-contained HTML page with vega-lite charts rendered to inline SVG. */
export { renderReport } from './renderReport.js';
export type { ReportFrontierPoint, ReportCurve, ReportData, ReportLabels } from './types.js';
export { downsampleCurve } from './downsample.js';
export type { Thinned } from './downsample.js';
