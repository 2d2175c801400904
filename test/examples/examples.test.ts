/**
 * Every @example in src/ and solvers/, run by one runner (runner.ts). Examples
 * listed in not-yet-running.json (id → why) are known not to run yet (they need a
 * service or data the runner does not provide, or belong to code being rewritten);
 * each of them must still fail, so the list only shrinks: an example that starts to
 * run is taken off it. An example without a check fails: it would show nothing.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import * as internals from '../../src/internals.js';
import { tempDir } from '../helpers/cli.js';
import { repoPath, sharedPath } from '../helpers/shared.js';
import { compile, expectation, findExamples, importsOf, matches } from './runner.js';

const examples = findExamples(repoPath('.'), ['src', 'solvers']);
const notYetText = readFileSync(repoPath('test/examples/not-yet-running.json'), 'utf8');
const notYet = new Map(Object.entries(JSON.parse(notYetText) as Record<string, string>));
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
const reserved = new Set(['do', 'default']);

let folder = '';
let previous = '';
beforeAll(() => {
  // Examples run in <tmp>/run, as from a checkout: scenarios/ beside them and ../shared (the shared
  // data, when there is a copy) one level up.
  const root = tempDir('liftwise-examples-');
  if (existsSync(sharedPath('.'))) symlinkSync(sharedPath('.'), join(root, 'shared'));
  folder = join(root, 'run');
  mkdirSync(folder);
  symlinkSync(repoPath('scenarios'), join(folder, 'scenarios'));
  mkdirSync(join(folder, 'out'));
  // A small campaign the data examples read, shaped as Hillstrom's: features, three arms (as `segment`
  // and as `treatment`) and a 0/1 outcome.
  const rows = ['id,recency,history,channel,segment,treatment,visit'];
  const segments = ['No E-Mail', 'Mens E-Mail', 'Womens E-Mail'];
  const treatments = ['control', 'email', 'coupon'];
  for (let i = 0; i < 90; i++) {
    rows.push(`${i + 1},${(i * 7) % 12},${(i * 37) % 500},${['Web', 'Phone'][i % 2]},${segments[i % 3]},${treatments[i % 3]},${(i * 11) % 5 === 0 ? 1 : 0}`);
  }
  writeFileSync(join(folder, 'campaign.csv'), `${rows.join('\n')}\n`);
  previous = process.cwd();
  process.chdir(folder);
});
afterAll(() => process.chdir(previous));

/** The names an example's imports bring, checked against the entry they name. */
async function imported(example: (typeof examples)[number]): Promise<Record<string, unknown>> {
  const scope: Record<string, unknown> = {};
  for (const { from, names } of importsOf(example.code)) {
    let module: Record<string, unknown>;
    if (from === 'liftwise') module = api;
    else if (from === 'liftwise/internals') module = internals;
    else if (from.startsWith('.')) module = (await import(pathToFileURL(join(dirname(repoPath(example.file)), from.replace(/\.js$/, '.ts'))).href)) as Record<string, unknown>;
    else throw new Error(`${example.id} imports from '${from}': examples import from 'liftwise', 'liftwise/internals' or a relative path`);
    for (const { imported: name, local } of names) {
      if (!(name in module)) throw new Error(`${example.id} imports ${name} from '${from}', which does not export it`);
      scope[local] = module[name];
    }
  }
  return scope;
}

async function run(example: (typeof examples)[number]): Promise<void> {
  const { body, checks } = compile(example.code);
  if (checks.length === 0) throw new Error(`${example.id} checks nothing: end a line with \`; // expected value\``);
  const own = (await import(pathToFileURL(repoPath(example.file)).href)) as Record<string, unknown>;
  const scope: Record<string, unknown> = { ...api, ...own, ...(await imported(example)) };
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && !reserved.has(n));
  const check = async (expr: () => Promise<unknown>, index: number): Promise<void> => {
    const want = checks[index]!;
    if (want.kind === 'throws') {
      const thrown = await expr().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((thrown as { code?: string } | undefined)?.code, want.line).toBe(want.code);
      return;
    }
    const got = await expr();
    if (want.kind === 'nan') expect(got, want.line).toBeNaN();
    else expect(matches(got, want.value, want.text, want.type), `${want.line} gave ${JSON.stringify(got, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))}`).toBe(true);
  };
  const fn = new AsyncFunction('__check', ...names, body);
  await fn(check, ...names.map((n) => scope[n]));
}

describe('@example blocks', () => {
  it('finds the examples, and the list of those that do not run yet names only existing ones, sorted, each with a reason', () => {
    expect(examples.length).toBeGreaterThan(150);
    const ids = new Set(examples.map((e) => e.id));
    for (const [id, reason] of notYet) {
      expect(ids.has(id), id).toBe(true);
      expect(reason.length, `${id} needs a reason`).toBeGreaterThan(10);
    }
    const keys = [...notYet.keys()];
    expect(keys, 'sorted ids').toEqual([...keys].sort());
    // One entry per line, so that branches editing the list merge line by line.
    expect(notYetText).toBe(`{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(notYet.get(k))}`).join(',\n')}\n}\n`);
  });

  it('reads literals, typed arrays, NaN and throws as checks, and prose as prose', () => {
    expect(expectation(" { kind: 'cvar', alpha: 0.1 }")).toEqual({ kind: 'value', value: { kind: 'cvar', alpha: 0.1 }, text: "{ kind: 'cvar', alpha: 0.1 }" });
    expect(expectation(' Int32Array [1, -1] (a remark)')).toEqual({ kind: 'value', value: [1, -1], text: '[1, -1]', type: 'Int32Array' });
    expect(expectation(' -0.869 (Φ⁻¹(…))')).toMatchObject({ kind: 'value', value: -0.869 });
    expect(expectation(' throws E_BUDGET')).toEqual({ kind: 'throws', code: 'E_BUDGET' });
    expect(expectation(' NaN')).toEqual({ kind: 'nan' });
    for (const prose of [' 3: unit 0 gets arm 1', ' a number ≤ ~12', ' process', ' draws × units', ' (3/4)/(1/3) = 2.25']) expect(expectation(prose), prose).toBeUndefined();
    expect(matches(Int32Array.of(1, 0), [1, 0], '[1, 0]', 'Int32Array')).toBe(true);
    expect(matches(Float64Array.of(1, 0), [1, 0], '[1, 0]', 'Int32Array')).toBe(false);
    expect(matches(0.3334, 0.333, '0.333')).toBe(true);
    expect(matches(0.3339, 0.333, '0.333')).toBe(false);
  });

  it('refuses an example that checks nothing, and a public import of an internal name', async () => {
    const block = (code: string) => ({ file: 'src/errors.ts', line: 1, code, id: 'src/errors.ts#test' });
    await expect(run(block('optionRef("control");'))).rejects.toThrow(/checks nothing/);
    await expect(run(block("import { referenceTargetSource } from 'liftwise';\noptionRef('control'); // \"option 'control'\""))).rejects.toThrow(/does not export it/);
    await run(block("import { referenceTargetSource } from 'liftwise/internals';\ntypeof referenceTargetSource; // 'function'"));
  });

  it('every public metric and difference-in-differences function shows checked values', () => {
    const checked = (prefix: string) => examples.filter((e) => e.file.startsWith(prefix) && compile(e.code).checks.length > 0).map((e) => e.file);
    const metrics = readdirSync(repoPath('src/metrics')).filter((f) => /^[a-z]+[A-Z]\w*\.ts$/.test(f) && f !== 'causalmlCurves.ts');
    expect(metrics.length).toBeGreaterThanOrEqual(10);
    for (const f of metrics) expect(checked('src/metrics/'), f).toContain(`src/metrics/${f}`);
    for (const f of ['simulatePanel.ts', 'panelTable.ts', 'didPooledOls.ts', 'didTwoWayFixedEffects.ts', 'didEventStudy.ts', 'withinTransform.ts']) {
      expect(checked('src/causal/'), f).toContain(`src/causal/${f}`);
    }
  });

  for (const example of examples) {
    if (notYet.has(example.id)) {
      it(`${example.id} is listed as not running yet (${notYet.get(example.id)}), and does not`, async () => {
        await expect(run(example)).rejects.toBeDefined();
      });
    } else {
      // An example that reads a file of ../shared (tests may; CI has it beside the checkout) is skipped without it.
      const missing = [...example.code.matchAll(/\.\.\/shared\/([^'"`\s]+)/g)].map((m) => m[1]!).filter((f) => !existsSync(sharedPath(f)));
      if (missing.length > 0) it.skip(`${example.id} (skipped: ../shared/${missing.join(', ../shared/')} not found)`, () => {});
      else
        it(`${example.id} runs and its checks hold`, async () => {
          await run(example);
        });
    }
  }
});
