import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { downsampleCurve, renderReport, type ReportData } from '../../../src/scenario/index.js';
import { escapeHtml, formatNumber, formatPercent } from '../../../src/scenario/report/format.js';
import { PLOT_WIDTH } from '../../../src/scenario/report/prepare.js';
import { campaignReport } from './fixture.js';
import { attr, chartSvg, markGroups, vertices } from './svgMarks.js';

const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73'];

describe('renderReport on a simulated campaign', async () => {
  const fixture = campaignReport();
  const warn = vi.spyOn(console, 'warn');
  const error = vi.spyOn(console, 'error');
  const log = vi.spyOn(console, 'log');
  const html = await renderReport(fixture.data);
  const logged = [...warn.mock.calls, ...error.mock.calls, ...log.mock.calls];
  vi.restoreAllMocks();

  it('renders without a warning from vega or vega-lite', () => {
    expect(logged).toEqual([]);
  });

  it('has every section, in reading order, and each chart is a labelled image', () => {
    const order = ['notes', 'frontier', 'variations', 'segments', 'qini'].map((id) => html.indexOf(`<section id="${id}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const chart of ['frontier', 'segments', 'qini']) {
      const svg = chartSvg(html, chart);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(`role="img" aria-labelledby="${chart}-title" aria-describedby="${chart}-desc"`);
      expect(svg).toMatch(new RegExp(`<title id="${chart}-title">[^<]+</title><desc id="${chart}-desc">[^<]{40,}</desc>`));
    }
    expect(html).toContain('<li>The solver stopped at its time limit in one variation.</li>');
    expect(html).toContain('<h1>E-mail campaign</h1>');
  });

  it('draws one frontier line per variation with a point per frontier point, and a band only where bounds exist', () => {
    const groups = markGroups(chartSvg(html, 'frontier'));
    const lines = groups.filter((g) => g.type === 'line').flatMap((g) => g.paths);
    const symbols = groups.filter((g) => g.type === 'symbol').flatMap((g) => g.paths);
    const areas = groups.filter((g) => g.type === 'area').flatMap((g) => g.paths);
    expect(lines.map((p) => attr(p, 'stroke'))).toEqual(OKABE_ITO);
    for (const p of lines) expect(vertices(attr(p, 'd')!)).toHaveLength(12);
    expect(symbols).toHaveLength(3 * 12);
    expect(areas).toHaveLength(1); // only 'base' has lower/upper
    expect(attr(areas[0]!, 'fill')).toBe(OKABE_ITO[0]);
  });

  it('draws the Qini curves thinned to the M4 points, dashed where asked, spanning the plot', () => {
    const lines = markGroups(chartSvg(html, 'qini')).filter((g) => g.type === 'line').flatMap((g) => g.paths);
    expect(lines.map((p) => attr(p, 'stroke'))).toEqual(OKABE_ITO);
    expect(lines.map((p) => attr(p, 'stroke-dasharray'))).toEqual(['1,0', '6,4', '6,4']); // 1,0 is solid
    const model = fixture.data.qini!.curves[0]!;
    const thinned = downsampleCurve(model.x, model.y, PLOT_WIDTH);
    expect(fixture.qiniPoints).toBeGreaterThan(4 * PLOT_WIDTH); // so thinning happened
    const drawn = vertices(attr(lines[0]!, 'd')!);
    expect(drawn).toHaveLength(thinned.x.length);
    // x runs 0 … 5,000 customers over the plot width (5,000 is already a nice domain end).
    expect(drawn[0]![0]).toBe(0);
    expect(drawn.at(-1)![0]).toBe(PLOT_WIDTH);
    expect(html).toContain(`The model curve is drawn with ${thinned.x.length.toLocaleString('en-US')} of its 5,001 points`);
    expect(vertices(attr(lines[1]!, 'd')!)).toHaveLength(2);
  });

  it('draws one bar per variation and segment, as long as the share treated', () => {
    const bars = markGroups(chartSvg(html, 'segments')).filter((g) => g.type === 'rect').flatMap((g) => g.paths);
    const segments = fixture.data.segments!;
    expect(bars).toHaveLength(segments.length);
    // Bars are drawn in data order; width = share × plot width (x scale [0, 1]).
    bars.forEach((bar, i) => {
      const width = Number(/h([\d.]+)/.exec(attr(bar, 'd')!)?.[1] ?? 0);
      expect(width).toBeCloseTo((segments[i]!.treated / segments[i]!.total) * PLOT_WIDTH, 2);
      expect(attr(bar, 'fill')).toBe(OKABE_ITO[Math.floor(i / 3)]);
    });
  });

  it('formats the table numbers and names each row', () => {
    const rows = fixture.data.variations.rows;
    expect(html).toContain(`<th scope="row">base</th><td class="num">1</td><td class="num">1,250</td>`);
    expect(html).toContain(`<td class="num">${formatNumber(rows[1]![3] as number)}</td><td class="num">—</td>`);
    expect(html).toContain(`<th scope="row">cost × 1.25</th><td class="num">1.25</td><td class="num">1,000</td>`);
    expect(html).toMatch(/Normalised area under the Qini curve: 0\.\d{2,3} \(1 is perfect/);
  });

  it('gives the same bytes for the same data, even after other charts advanced vega’s id counters', async () => {
    await renderReport(campaignReport({ n: 800, multipliers: [1] }).data);
    expect(await renderReport(fixture.data)).toBe(html);
  });

  it('needs no network and runs no script', () => {
    const urls = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|\ssrc=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});

describe('renderReport with hostile and partial data', () => {
  const evil = '<script>alert("x")</script>';

  it('escapes user strings everywhere: title, notes, table, legend and axis text', async () => {
    const html = await renderReport({
      title: evil,
      subtitle: `a & b ${evil}`,
      generatedAt: '2026-11-21',
      frontier: [{ variation: evil, points: [{ spend: 0, incremental: 0 }, { spend: 10, incremental: 3 }] }],
      segments: [{ variation: evil, segment: `<img src=x onerror=alert(1)>`, treated: 1, total: 2 }],
      variations: { columns: ['variation', `<b>spend</b>`], rows: [[evil, 10]] },
      notes: [evil],
      labels: { spend: evil },
    });
    expect(html).not.toMatch(/<script|<img|<b>/i);
    const escaped = escapeHtml(evil);
    expect(escaped).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<li>${escaped}</li>`);
    expect(html).toContain(`<th scope="row">${escaped}</th>`);
    expect(html).toContain('<th scope="col">&lt;b&gt;spend&lt;/b&gt;</th>');
    expect(html).toContain('a &amp; b');
    // vega escapes its own text (legend labels, axis titles)
    expect(chartSvg(html, 'frontier')).toContain('&lt;script&gt;alert(');
  });

  it('leaves out sections whose data is missing, and draws no chart for them', async () => {
    const html = await renderReport({
      title: 'Only a table',
      generatedAt: '2026-11-21',
      frontier: [],
      variations: { columns: ['variation', 'spend'], rows: [['base', 12345.678]] },
    });
    expect(html).toContain('<section id="variations"');
    expect(html).toContain('<td class="num">12,345.68</td>');
    for (const id of ['notes', 'frontier', 'segments', 'qini']) expect(html).not.toContain(`<section id="${id}"`);
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('class="subtitle"');
  });

  it('drops non-finite points from drawing and says so in the notes', async () => {
    const html = await renderReport({
      title: 'Gaps',
      generatedAt: '2026-11-21',
      frontier: [
        {
          variation: 'a',
          points: [
            { spend: 0, incremental: 0, lower: 0, upper: 0 },
            { spend: 5, incremental: Number.NaN },
            { spend: 10, incremental: 4, lower: 3 },
            { spend: 20, incremental: 6, lower: 5, upper: 7 },
          ],
        },
      ],
      qini: { curves: [{ name: 'model', x: [0, 1, 2, 3], y: [0, Number.POSITIVE_INFINITY, 1, 1] }] },
      variations: { columns: [], rows: [] },
    });
    expect(html).toContain("<li>1 frontier point of variation &#39;a&#39; had a spend or outcome that is not a finite number and is not drawn.</li>");
    expect(html).toContain("<li>1 interval of variation &#39;a&#39; had a bound that is missing or not finite and is not shaded.</li>");
    expect(html).toContain("<li>1 point of the Qini curve &#39;model&#39; is not a finite number and not drawn.</li>");
    const frontier = markGroups(chartSvg(html, 'frontier'));
    expect(vertices(attr(frontier.find((g) => g.type === 'line')!.paths[0]!, 'd')!)).toHaveLength(3);
    expect(frontier.filter((g) => g.type === 'area').flatMap((g) => g.paths)).toHaveLength(1);
    const qini = markGroups(chartSvg(html, 'qini'));
    expect(vertices(attr(qini[0]!.paths[0]!, 'd')!)).toHaveLength(3);
  });

  const minimal: ReportData = { title: 't', generatedAt: 'd', frontier: [], variations: { columns: ['a', 'b'], rows: [] } };
  const cases: Array<[string, ReportData, string, Array<string | number>]> = [
    ['curve lengths', { ...minimal, qini: { curves: [{ name: 'm', x: [0, 1, 2], y: [0, 1] }] } }, 'E_REPORT_CURVE_LENGTH', ['qini', 'curves', 0, 'y']],
    [
      'duplicate variation',
      { ...minimal, frontier: [{ variation: 'a', points: [] }, { variation: 'a', points: [] }] },
      'E_REPORT_DUPLICATE',
      ['frontier', 1, 'variation'],
    ],
    ['row width', { ...minimal, variations: { columns: ['a', 'b'], rows: [['x', 1], ['y']] } }, 'E_REPORT_ROW_WIDTH', ['variations', 'rows', 1]],
    [
      'treated above total',
      { ...minimal, segments: [{ variation: 'a', segment: 's', treated: 3, total: 2 }] },
      'E_REPORT_SEGMENT_COUNTS',
      ['segments', 0],
    ],
  ];
  for (const [name, data, code, path] of cases) {
    it(`rejects ${name} with ${code} at ${path.join('.')}`, async () => {
      const error = await renderReport(data).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe(code);
      expect((error as InputError).where.path).toEqual(path);
    });
  }
});

describe('formatNumber and formatPercent', () => {
  it('formats as its doc comment says', () => {
    expect(formatNumber(12345.678)).toBe('12,345.68');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(-1234567)).toBe('-1,234,567');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(2.5e-7)).toBe('2.5E-7');
    expect(formatNumber(3e13)).toBe('3E13');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN, 'n/a')).toBe('n/a');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('−∞');
    expect(formatPercent(1 / 3)).toBe('33.3%');
  });
});

describe('downsampleCurve (M4)', () => {
  it('keeps, in each x interval, exactly the first, last, lowest and highest point', () => {
    const n = 50_001;
    const rng = { s: 1 };
    const x = Float64Array.from({ length: n }, (_, i) => i);
    // A random walk: many local extremes in every interval.
    const y = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      rng.s = (rng.s * 1103515245 + 12345) % 2147483648;
      y[i] = y[i - 1]! + (rng.s / 2147483648 - 0.5);
    }
    const buckets = 100;
    const thin = downsampleCurve(x, y, buckets);
    expect(thin.x.length).toBeLessThanOrEqual(4 * buckets);
    expect(thin.x[0]).toBe(0);
    expect(thin.x.at(-1)).toBe(n - 1);
    // Brute-force reference per interval.
    const width = (n - 1) / buckets;
    const bucketOf = (v: number) => Math.min(buckets - 1, Math.floor(v / width));
    const full = Array.from({ length: buckets }, () => [] as number[]);
    for (let i = 0; i < n; i++) full[bucketOf(x[i]!)]!.push(i);
    const kept = Array.from({ length: buckets }, () => [] as number[]);
    for (let j = 0; j < thin.x.length; j++) kept[bucketOf(thin.x[j]!)]!.push(j);
    for (let b = 0; b < buckets; b++) {
      const ys = full[b]!.map((i) => y[i]!);
      const keptY = kept[b]!.map((j) => thin.y[j]!);
      expect(Math.min(...keptY)).toBe(Math.min(...ys));
      expect(Math.max(...keptY)).toBe(Math.max(...ys));
      expect(thin.x[kept[b]![0]!]).toBe(full[b]![0]);
      expect(thin.x[kept[b]!.at(-1)!]).toBe(full[b]!.at(-1));
      expect(kept[b]!.length).toBeLessThanOrEqual(4);
    }
    // x stays in order
    for (let j = 1; j < thin.x.length; j++) expect(thin.x[j]! > thin.x[j - 1]!).toBe(true);
  });

  it('returns short curves unchanged, and thins by index when x is not sorted', () => {
    const short = downsampleCurve([0, 1, 2], [5, 6, 7], 10);
    expect(Array.from(short.x)).toEqual([0, 1, 2]);
    const x = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const thin = downsampleCurve(x, x, 10);
    expect(thin.x.length).toBeLessThanOrEqual(40);
    expect(thin.x[0]).toBe(x[0]);
    expect(thin.x.at(-1)).toBe(x[999]);
  });
});
