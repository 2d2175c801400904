/**
 * Adversarial inputs, kind "messages": bad input gets exit 2 and our own
 * one-line message naming the place (file, line, column, field), never a stack
 * trace; --json errors are JSON on stderr; a true internal error says so.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportError, setDebug } from '../../src/cli/output.js';
import { InputError } from '../../src/errors.js';
import { repoPath } from '../helpers/shared.js';
import { type Fixture, hasStackTrace, jsonError, makeFixture, runAll, runEach } from './messages-fixtures.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});

const scenarioYaml = (extra = '') => `name: t
data: { file: campaign.csv, id: id, treatment: treatment, control: control, outcome: visit, features: [recency, history, channel], holdout: 0.3 }
model: { kind: uplift, learner: logistic }
arms: [{ name: email, cost: 0.25 }]
constraints: { budget: 20 }
${extra}`;

/** A YAML file whose aliases expand to 9^9 copies ("billion laughs"). */
function aliasBomb(): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  let prev = 'a';
  for (let i = 1; i < 9; i++) {
    lines.push(`b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(',')}]`);
    prev = `b${i}`;
  }
  return `${lines.join('\n')}\nname: x\n`;
}

describe('bad input: exit 2 with our message, no stack trace', () => {
  it('alias bomb, --out through a file, Exponential(-1), text in Bayes data, missing output folder, bad score cell', async () => {
    const bomb = fx.file('bomb.yaml', aliasBomb());
    const scenario = fx.file('s.yaml', scenarioYaml());
    const blocker = fx.file('blocker', 'not a folder');
    const paint = readFileSync(repoPath('scenarios/bayes/paint.model.json'), 'utf8');
    const negative = fx.file('neg.model.json', paint.replace('Exponential(1)', 'Exponential(-1)'));
    const paintRows = readFileSync(repoPath('scenarios/bayes/paint_line.csv'), 'utf8').split('\n').slice(0, 40);
    const paintData = fx.file('paint.csv', `${paintRows.join('\n')}\n`);
    paintRows[4] = '0.1,1,abc';
    const paintText = fx.file('paint-text.csv', `${paintRows.join('\n')}\n`);
    const scoreLines = readFileSync(fx.scores, 'utf8').split('\n');
    scoreLines[8] = '8,abc,0.1';
    const badScores = fx.file('bad-scores.csv', scoreLines.join('\n'));
    const [alias, throughFile, isFile, expNeg, text, missingFolder, badScore] = await runEach([
      ['scenario', 'check', bomb],
      ['scenario', 'run', scenario, '--out', `${blocker}/sub`, '--quiet'],
      ['scenario', 'run', scenario, '--out', blocker, '--quiet'],
      ['bayes', 'fit', '--model', negative, '--data', paintData, '--out', `${fx.dir}/fit-neg`, '--quiet', '--warmup', '20', '--draws', '20'],
      ['bayes', 'fit', '--model', repoPath('scenarios/bayes/paint.model.json'), '--data', paintText, '--out', `${fx.dir}/fit-text`, '--quiet'],
      ['score', '--model', fx.model, '--data', fx.data, '--out', `${fx.dir}/no-such-folder/scores.csv`],
      ['evaluate', '--data', fx.data, '--scores', badScores, '--treatment', 'treatment', '--outcome', 'visit'],
    ]);
    for (const r of [alias, throughFile, isFile, expNeg, text, missingFolder, badScore]) {
      expect(r!.code, r!.stderr).toBe(2);
      expect(hasStackTrace(r!.stderr), r!.stderr).toBe(false);
      expect(r!.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(alias!.stderr).toMatch(/E_SCENARIO_SYNTAX: .*bomb\.yaml: .*aliases/);
    expect(throughFile!.stderr).toMatch(/blocker'? is a file, not a folder/);
    expect(isFile!.stderr).toMatch(/blocker: the output folder path names an existing file; give a folder/);
    expect(expNeg!.stderr).toContain('field nodes[7].dist: the rate of Exponential is -1; it must be a number > 0');
    expect(text!.stderr).toContain("holds text ('abc' at ");
    expect(text!.stderr).toContain('paint-text.csv:5)');
    expect(missingFolder!.stderr).toMatch(/E_OUTPUT_FOLDER_MISSING: .*the folder '?.*no-such-folder'? does not exist/);
    // The scores file's own line (header = line 1), its column, and the text as written (not "NaN", not a 0-based index).
    expect(badScore!.stderr).toMatch(/bad-scores\.csv:9, column 'uplift_email': score 'abc' is not a number/);
  });
});

describe('--json: every error is one JSON object on stderr, stdout stays empty', () => {
  it('option parsing, a missing required option, our own errors and a file error', async () => {
    const results = await runEach([
      ['allocate', '--scores', fx.scores, '--budgt', '3', '--out', `${fx.dir}/p.csv`, '--json'],
      ['allocate', '--scores', fx.scores, '--out', `${fx.dir}/p.csv`, '--cost', '1', '--json'],
      ['allocate', '--scores', fx.scores, '--budget', 'lots', '--out', `${fx.dir}/p.csv`, '--cost', '1', '--json'],
      ['evaluate', '--data', fx.data, '--scores', `${fx.dir}/missing.csv`, '--treatment', 'treatment', '--outcome', 'visit', '--json'],
      ['scenari', '--json'],
      ['scenario', 'check', `${fx.dir}/nope.yaml`, '--json'],
    ]);
    const [unknown, required, notNumber, missing, command, scenario] = results.map((r) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      return jsonError(r.stderr);
    });
    expect(unknown).toEqual({ code: 'commander.unknownOption', message: "unknown option '--budgt' (Did you mean --budget?)" });
    expect(required!.code).toBe('commander.missingMandatoryOptionValue');
    expect(required!.message).toContain('--budget');
    expect(notNumber!.code).toBe('commander.invalidArgument');
    expect(notNumber!.message).toContain("got 'lots'");
    expect(missing).toEqual({ code: 'E_FILE_NOT_FOUND', message: 'file not found', file: `${fx.dir}/missing.csv` });
    expect(command!.message).toContain('Did you mean scenario?');
    expect(scenario!.code).toBe('E_SCENARIO_NOT_FOUND');
  });

  it('a location with line, column and field comes as separate fields', async () => {
    const lines = readFileSync(fx.scores, 'utf8').split('\n');
    lines[3] = '3,oops,0.2';
    const bad = fx.file('bad-json.csv', lines.join('\n'));
    const [r] = await runEach([['evaluate', '--data', fx.data, '--scores', bad, '--treatment', 'treatment', '--outcome', 'visit', '--json']]);
    expect(jsonError(r!.stderr)).toEqual({
      code: 'E_BAD_SCORE',
      message: "score 'oops' is not a number; every row needs a numeric score to be ranked",
      file: bad,
      line: 4,
      column: 'uplift_email',
    });
  });
});

describe('a mistyped flag suggests the closest one', () => {
  it('before complaining about a missing required option, also for --flag=value and on nested commands', async () => {
    const [budget, withValue, learner, nested] = await runEach([
      ['allocate', '--scores', fx.scores, '--budgt', '3', '--out', `${fx.dir}/p.csv`],
      ['allocate', '--scores', fx.scores, '--budgt=3', '--out', `${fx.dir}/p.csv`],
      ['fit', '--data', fx.data, '--treatment', 'treatment', '--outcome', 'visit', '--out', `${fx.dir}/m.json`, '--lerner', 'forest'],
      ['scenario', 'run', 'x.yaml', '--replce'],
    ]);
    expect(budget!.stderr).toContain("unknown option '--budgt'\n(Did you mean --budget?)");
    expect(withValue!.stderr).toContain("unknown option '--budgt'\n(Did you mean --budget?)");
    expect(learner!.stderr).toContain('(Did you mean --learner?)');
    expect(nested!.stderr).toContain('(Did you mean --replace?)');
    for (const r of [budget, withValue, learner, nested]) expect(r!.code).toBe(2);
  });
});

describe('as a separate process (exit code and stderr as the shell sees them)', () => {
  it('a usage error, an input error and a --json error', async () => {
    const [usage, input, json] = await runAll([
      ['allocate', '--scores', fx.scores, '--budgt', '3', '--out', `${fx.dir}/p.csv`],
      ['scenario', 'check', `${fx.dir}/nope.yaml`],
      ['scenario', 'check', `${fx.dir}/nope.yaml`, '--json'],
    ]);
    expect([usage!.code, input!.code, json!.code]).toEqual([2, 2, 2]);
    expect(usage!.stderr).toContain('(Did you mean --budget?)');
    expect(input!.stderr).toBe(`liftwise: error E_SCENARIO_NOT_FOUND: ${fx.dir}/nope.yaml: scenario file not found\n`);
    expect(jsonError(json!.stderr).code).toBe('E_SCENARIO_NOT_FOUND');
    expect(json!.stdout).toBe('');
  });
});

describe('internal errors', () => {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  beforeAll(() => {
    process.stderr.write = ((s: string) => {
      written.push(String(s));
      return true;
    }) as typeof process.stderr.write;
  });
  afterAll(() => {
    process.stderr.write = original;
    setDebug(false);
  });

  it('say so in one line and where to report; the trace only under --debug', () => {
    written.length = 0;
    setDebug(false);
    expect(reportError(new TypeError("Cannot read properties of undefined (reading 'x')"), false)).toBe(1);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^liftwise: internal error \(a bug in liftwise, not in your input\): TypeError: .*report it on the liftwise issue tracker.*--debug/);
    expect(hasStackTrace(written.join(''))).toBe(false);
    written.length = 0;
    setDebug(true);
    expect(reportError(new TypeError('boom'), false)).toBe(1);
    expect(hasStackTrace(written.join(''))).toBe(true);
    written.length = 0;
    setDebug(false);
    expect(reportError(new TypeError('boom'), true)).toBe(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ code: 'E_INTERNAL' });
  });

  it('a file-system error on a path the user gave is bad input (exit 2), not internal', () => {
    written.length = 0;
    const enotdir = Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR', path: 'plans/x.csv', syscall: 'open' });
    expect(reportError(enotdir, false)).toBe(2);
    expect(written[0]).toBe('liftwise: error E_SYSTEM_ENOTDIR: plans/x.csv: a part of the path is a file, not a folder (open failed)\n');
    written.length = 0;
    expect(reportError(new InputError('E_X', 'bad', { file: 'a.csv', line: 3, column: 'c', path: ['arms', 0] }), true)).toBe(2);
    expect(JSON.parse(written[0]!)).toEqual({ code: 'E_X', message: 'bad', file: 'a.csv', line: 3, column: 'c', field: 'arms[0]' });
  });
});
