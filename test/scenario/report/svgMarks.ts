/** Reads the drawn marks out of the report's SVG strings (vega's SVG: one <g class="mark-TYPE role-mark …"> of <path>s per series). */

/** The inline SVG of one chart, found by its data-chart attribute. */
export function chartSvg(html: string, chart: string): string {
  const start = html.indexOf(`data-chart="${chart}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<svg', start);
  const close = html.indexOf('</svg>', start);
  return html.slice(open, close + '</svg>'.length);
}

export interface MarkGroup {
  readonly type: string;
  /** The <path …> tags in the group. */
  readonly paths: string[];
}

/** Every role-mark group (line, area, symbol, rect) in document order. */
export function markGroups(svg: string): MarkGroup[] {
  const groups: MarkGroup[] = [];
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark[^"]*"[^>]*>(.*?)<\/g>/g)) {
    groups.push({ type: m[1]!, paths: [...m[2]!.matchAll(/<path [^>]*>/g)].map((p) => p[0]) });
  }
  return groups;
}

export function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The vertices of a path made of M/L commands, as [x, y] pairs. */
export function vertices(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
