/** The report's stylesheet, inlined in the page: system fonts only, so nothing is fetched. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --rule: #e5e7eb; --accent: #0072B2; --warn-bg: #fff7e6; --warn: #8a5300; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 16px; line-height: 1.5; color: var(--ink); background: #fff; }
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
header { border-bottom: 2px solid var(--ink); padding-bottom: 0.75rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 0.25rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2.25rem 0 0.5rem; }
p { margin: 0 0 0.75rem; max-width: 70ch; }
.subtitle { color: var(--muted); font-size: 1.05rem; margin: 0; }
.meta { color: var(--muted); font-size: 0.875rem; margin: 0.25rem 0 0; }
.lead { color: var(--muted); }
.notes { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: 0.75rem 1rem 0.75rem 2rem; margin: 0; }
.notes li { margin: 0.2rem 0; }
figure.chart { margin: 0.5rem 0 1rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.875rem; margin-top: 0.25rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
caption { text-align: left; color: var(--muted); font-size: 0.875rem; padding-bottom: 0.4rem; }
th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f9fafb; }
footer { margin-top: 3rem; padding-top: 0.75rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.8rem; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } figure.chart, tr { break-inside: avoid; } }
`.trim();
