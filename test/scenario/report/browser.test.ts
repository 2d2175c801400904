/**
 * Opens the report in headless Chromium (Debian's package, as CI installs it):
 * every chart has drawn, visible marks in the live DOM, the console shows no
 * error, nothing is fetched, the page fits its width, and a full-page
 * screenshot is saved under test-output/report/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/scenario/index.js';
import { repoPath } from '../../helpers/shared.js';
import { Chromium, CHROMIUM, chromiumAvailable } from './chromium.js';
import { campaignReport } from './fixture.js';

const outDir = repoPath('test-output/report');

interface MarkCount {
  chart: string;
  width: number;
  height: number;
  /** Per mark type (line, area, symbol, rect): marks with a non-empty path and a visible box. */
  drawn: Record<string, number>;
  all: Record<string, number>;
}

// Runs in the page: counts every vega mark path per chart and which of them are drawn (non-empty, laid out).
const countMarks = `JSON.stringify([...document.querySelectorAll('svg[data-chart]')].map((svg) => {
  const drawn = {}, all = {};
  for (const path of svg.querySelectorAll('g.role-mark > path')) {
    const type = [...path.parentElement.classList].find((c) => c.startsWith('mark-')).slice(5);
    all[type] = (all[type] || 0) + 1;
    const box = path.getBBox();
    const visible = path.getAttribute('d') !== '' && (box.width > 0 || box.height > 0) && getComputedStyle(path).visibility !== 'hidden';
    if (visible) drawn[type] = (drawn[type] || 0) + 1;
  }
  const rect = svg.getBoundingClientRect();
  return { chart: svg.dataset.chart, width: rect.width, height: rect.height, drawn, all };
}))`;

const available = chromiumAvailable();
if (!available) process.stderr.write(`skipping the report browser test: ${CHROMIUM} not found (CI installs Debian's chromium in .ci/run)\n`);

describe.skipIf(!available)(`report in headless Chromium${available ? '' : ` (skipped: ${CHROMIUM} not found)`}`, () => {
  const { data } = campaignReport();
  const file = `${outDir}/report.html`;
  let browser: Chromium;
  let page: string;
  let marks: MarkCount[];
  let scrollWidth: number;

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, await renderReport(data));
    browser = Chromium.launch();
    page = await browser.newPage();
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await browser.send(`${domain}.enable`, {}, page);
    await browser.send('Emulation.setDeviceMetricsOverride', { width: 1000, height: 800, deviceScaleFactor: 1, mobile: false }, page);
    const loaded = browser.waitFor('Page.loadEventFired', browser.events.length);
    await browser.send('Page.navigate', { url: pathToFileURL(file).href }, page);
    await loaded;
    const evaluate = async (expression: string): Promise<unknown> =>
      ((await browser.send('Runtime.evaluate', { expression, returnByValue: true }, page)).result as { value: unknown }).value;
    marks = JSON.parse((await evaluate(countMarks)) as string) as MarkCount[];
    scrollWidth = (await evaluate('document.documentElement.scrollWidth')) as number;
    const height = (await evaluate('Math.ceil(document.documentElement.scrollHeight)')) as number;
    await browser.send('Emulation.setDeviceMetricsOverride', { width: 1000, height, deviceScaleFactor: 1, mobile: false }, page);
    const shot = await browser.send('Page.captureScreenshot', { format: 'png' }, page);
    writeFileSync(`${outDir}/report.png`, Buffer.from(shot.data as string, 'base64'));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart with visible marks for each series', () => {
    const byChart = Object.fromEntries(marks.map((m) => [m.chart, m]));
    expect(Object.keys(byChart).sort()).toEqual(['frontier', 'qini', 'segments']);
    for (const m of marks) {
      expect(m.width, m.chart).toBeGreaterThan(300);
      expect(m.height, m.chart).toBeGreaterThan(100);
    }
    // frontier: 3 variations × 12 points, a band for 'base' only
    expect(byChart.frontier!.drawn).toEqual({ area: 1, line: 3, symbol: 36 });
    // qini: model, random, perfect
    expect(byChart.qini!.drawn).toEqual({ line: 3 });
    // segments: one bar per (variation, segment); a bar with no one treated has zero width
    const segments = data.segments!;
    expect(byChart.segments!.all).toEqual({ rect: segments.length });
    expect(byChart.segments!.drawn.rect).toBe(segments.filter((s) => s.treated > 0).length);
  });

  it('logs no console error or exception and fetches nothing but the file', () => {
    const problems = browser.events.filter(
      (e) =>
        (e.method === 'Runtime.consoleAPICalled' && ['error', 'assert'].includes(String(e.params?.type))) ||
        e.method === 'Runtime.exceptionThrown' ||
        (e.method === 'Log.entryAdded' && (e.params?.entry as { level?: string } | undefined)?.level === 'error'),
    );
    expect(problems.map((e) => JSON.stringify(e.params))).toEqual([]);
    const requests = browser.events
      .filter((e) => e.method === 'Network.requestWillBeSent')
      .map((e) => (e.params?.request as { url: string } | undefined)?.url);
    expect(requests).toEqual([pathToFileURL(file).href]);
  });

  it('fits a 1000 px wide window without horizontal scrolling', () => {
    expect(scrollWidth).toBeLessThanOrEqual(1000);
  });
});
