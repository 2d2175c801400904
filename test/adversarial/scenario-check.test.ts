/**
 * Adversarial inputs, kind "scenario check": `scenario check` finds every
 * problem `scenario run` would, short of fitting, with the field at fault;
 * `run` fails on the same problems before it fits anything (one code path,
 * src/scenario/validate.ts).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarioSpec } from '../../src/scenario/run.js';
import { checkScenario } from '../../src/scenario/validate.js';
import { parseScenario } from '../../src/scenario/load.js';
import { type Fixture, makeFixture, runEach } from './messages-fixtures.js';
import { cpuTimer } from '../helpers/cpu.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});

const base = () => ({
  name: 'check me',
  data: { file: 'campaign.csv', id: 'id', treatment: 'treatment', control: 'control', outcome: 'visit', features: ['recency', 'history', 'channel'], holdout: 0.3 },
  model: { kind: 'uplift', method: 'two-model', learner: 'logistic' } as Record<string, unknown>,
  arms: [
    { name: 'email', cost: 0.25 },
    { name: 'coupon', cost: 0.6 },
  ] as Array<Record<string, unknown>>,
  valuePerOutcome: 10,
  constraints: { budget: 30 } as Record<string, unknown>,
  variations: [] as Array<Record<string, unknown>>,
});
type Spec = ReturnType<typeof base>;

/** [case name, change to the valid scenario, expected code, expected field (or message part)]. */
const cases: Array<[string, (s: Spec) => void, string, string]> = [
  ['unknown learner', (s) => (s.model.learner = 'forrest'), 'E_UNKNOWN_LEARNER', 'field model.learner'],
  ['unknown method', (s) => (s.model.method = 'three-model'), 'E_UNKNOWN_METHOD', 'field model.method'],
  ['bad learner option', (s) => (s.model.options = { l2: -1 }), 'E_BAD_LEARNER_OPTIONS', 'field model.options.l2'],
  ['missing data file', (s) => (s.data.file = 'nope.csv'), 'E_FILE_NOT_FOUND', 'nope.csv'],
  ['unknown report segment column', (s) => Object.assign(s, { reportSegment: 'chanel' }), 'E_SCENARIO_COLUMN', 'field reportSegment'],
  ['arm not in the data', (s) => (s.arms[1]!.name = 'sms'), 'E_SCENARIO_ARM', 'field arms[1].name'],
  ['cap of 120%', (s) => (s.constraints.maxRecipients = '120%'), 'E_SCENARIO_INVALID', 'field constraints.maxRecipients'],
  ['cap of 2.5 (neither count nor share)', (s) => (s.constraints.maxRecipients = 2.5), 'E_SCENARIO_INVALID', 'field constraints.maxRecipients'],
  ['cap above the planned units', (s) => s.variations.push({ name: 'big cap', constraints: { maxRecipients: 5000 } }), 'E_SCENARIO_CAP', 'field variations[0].constraints.maxRecipients'],
  ['costMultiplier naming no arm', (s) => s.variations.push({ name: 'sms dearer', costMultiplier: { sms: 2 } }), 'E_SCENARIO_INVALID', 'field variations[0].costMultiplier.sms'],
  ['a variation switching to an unknown learner', (s) => s.variations.push({ name: 'other', model: { learner: 'xgboost' } }), 'E_UNKNOWN_LEARNER', 'field variations[0].model.learner'],
  ['segment level not in the units', (s) => (s.constraints.segments = [{ column: 'channel', level: 'Fax', minShare: 0.1 }]), 'E_SCENARIO_INVALID', 'field constraints.segments[0].level'],
  ['budget grid going down', (s) => s.variations.push({ name: 'down', budgetGrid: { from: 100, to: 10, steps: 5 } }), 'E_SCENARIO_INVALID', 'field variations[0].budgetGrid'],
  ['a variation called base that changes rules', (s) => s.variations.push({ name: 'base', constraints: { budget: 5 } }), 'E_SCENARIO_INVALID', 'field variations[0].name'],
  ['an unknown cost column', (s) => (s.arms[0]!.cost = { column: 'email_cost' }), 'E_SCENARIO_COLUMN', 'field arms[0].cost.column'],
  ['a missing saved model', (s) => (s.model = { kind: 'saved', file: 'no-model.json' }), 'E_MODEL_NOT_FOUND', 'no-model.json'],
  ['an arm the saved model does not have', (s) => {
      s.model = { kind: 'saved', file: 'model.json' };
      s.arms[1]!.name = 'sms';
    }, 'E_SCENARIO_ARM', 'field arms[1].name'],
  ['a minimum above a maximum share', (s) => (s.constraints.segments = [{ column: 'channel', minShare: 0.6, maxShare: 0.2 }]), 'E_', 'constraints.segments[0]'],
];

describe('scenario check finds what run would, without fitting', () => {
  it.each(cases)('%s', async (_name, change, code, where) => {
    const spec = base();
    change(spec);
    const file = fx.file(`check-${code}-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(spec));
    const [r] = await runEach([['scenario', 'check', file]]);
    expect(r!.code, r!.stderr).toBe(2);
    expect(r!.stderr).toContain(code);
    expect(r!.stderr).toContain(where);
    expect(r!.stdout).toBe('');
  });

  it('a valid file is valid, names the plans a run makes (base first) and repeats fitting warnings', async () => {
    const spec = base();
    spec.variations.push({ name: 'less', constraints: { budget: 20 } }, { name: 'dearer coupon', costMultiplier: { coupon: 1.5 } });
    const file = fx.file('valid.json', JSON.stringify(spec));
    const [text, json] = await runEach([['scenario', 'check', file], ['scenario', 'check', file, '--json']]);
    expect(text!.code, text!.stderr).toBe(0);
    expect(text!.stdout).toContain("3 plan(s) (base, less, dearer coupon)");
    expect(JSON.parse(json!.stdout)).toMatchObject({ name: 'check me', plans: ['base', 'less', 'dearer coupon'], warnings: [] });
  });

  it('run fails on the same problem with the same message, before fitting', async () => {
    const spec = base();
    spec.variations.push({ name: 'sms dearer', costMultiplier: { sms: 2 } });
    const scenario = parseScenario(JSON.stringify(spec), join(fx.dir, '(scenario object)'));
    const checked = await checkScenario(scenario).catch((e: Error) => e.message);
    const elapsed = cpuTimer();
    const ran = await runScenarioSpec(spec, fx.dir).catch((e: Error) => e.message);
    expect(ran).toBe(checked);
    expect(ran).toContain("costMultiplier names arm 'sms'");
    // No model was fitted: a fit of this file takes longer than the check alone.
    expect(elapsed()).toBeLessThan(5);
  });
});
