#!/usr/bin/env node
// The build `npm test` runs before vitest: src/ and solvers/ to dist/ as JavaScript only (oxc's
// TypeScript transform, through rolldown), without type-checking or declarations. The spawned CLI
// tests need dist/; the type check is `npm run typecheck` (src + test, in .ci/run), and the
// published build stays `npm run build` (the full tsc). Measured on the 2-core CI machine at load
// ~12: tsc 36.7 s wall / 13.7 s CPU, tsc --noCheck 11.5 s CPU, this 0.5 s wall / 0.2 s CPU — and
// the build runs before any test, so its wall time is the suite's. The CLI entry is then bundled
// as in `npm run build` (tools/bundle-cli.mjs).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/utils';
import { bundleCli } from './bundle-cli.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repo, 'dist');

function sources(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

let failed = false;
for (const file of [...sources(join(repo, 'src')), ...sources(join(repo, 'solvers'))]) {
  const name = relative(repo, file);
  // The same target as tsconfig.json (ES2022: class fields defined, top-level await kept).
  const result = transformSync(name, readFileSync(file, 'utf8'), { target: 'es2022', sourcemap: false });
  if (result.errors.length > 0) {
    failed = true;
    for (const error of result.errors) console.error(`${name}: ${error.message}`);
    continue;
  }
  const out = join(outDir, name.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.code);
}
if (failed) process.exit(1);
// The CLI as `npm run build` ships it: spawned tests run the bundle users run.
await bundleCli(repo);
