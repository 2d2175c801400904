#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli/main.js and the dist/ modules it imports) into one file in
// its place, with every command's dynamic import kept as a chunk beside it (dist/src/cli/chunks/),
// so that a call loads a few files instead of about 120. Run after the JavaScript build (tsc in
// `npm run build`, tools/build-for-tests.mjs for `npm test`); the library entries (dist/src/index.js,
// internals.js) and every other dist/ module stay as built.
//
// Why: Node 20 resolves, reads and compiles each ES module on its own (no compile cache), about
// 0.3 ms per module; `liftwise fit` imported 121 of them. Measured with bench/cli-startup.bench.mjs
// (BENCHMARKS.md, "CLI start-up").
//
// Packages (node_modules) and Node's own modules stay imports. A module's `import.meta.url` is
// rewritten to the URL of its own built file, so the paths built from it (worker scripts,
// package.json for the version, createRequire) are the ones the unbundled module uses; worker
// threads therefore run the unbundled dist/ modules, as before.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles dist/src/cli/main.js of the checkout at `root` in place. */
export async function bundleCli(root = repo) {
  const dist = join(root, 'dist');
  const cliDir = join(dist, 'src', 'cli');
  const entry = join(cliDir, 'main.js');
  const source = readFileSync(entry, 'utf8');
  if (source.includes(BUNDLED)) throw new Error(`${entry} is already a bundle: build the JavaScript again first`);
  const bundle = await rolldown({
    input: entry,
    platform: 'node',
    // Bare specifiers (packages, node:*) stay imports; relative ones are our dist/ modules.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
    plugins: [ownModuleUrls(dist)],
    logLevel: 'warn',
  });
  rmSync(join(cliDir, 'chunks'), { recursive: true, force: true });
  const { output } = await bundle.write({
    dir: cliDir,
    format: 'esm',
    entryFileNames: 'main.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    banner: (chunk) => (chunk.isEntry ? `${BUNDLED}\n` : ''),
    sourcemap: false,
  });
  await bundle.close();
  // The entry's source map described the unbundled file.
  rmSync(`${entry}.map`, { force: true });
  return output.length;
}

/** The entry's first line after the hashbang: marks the file as bundled. */
const BUNDLED = '// Bundled by tools/bundle-cli.mjs from the built dist/ modules (see that file).';

/** Written for import.meta.url in each module, then made relative to the chunk it lands in. */
const PLACEHOLDER = '__liftwise_dist_root__/';

function ownModuleUrls(dist) {
  return {
    name: 'liftwise-own-module-urls',
    transform(code, id) {
      if (!code.includes('import.meta.url') || !id.startsWith(dist + sep)) return null;
      const path = relative(dist, id).split(sep).join('/');
      return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(PLACEHOLDER + path)}, import.meta.url).href`), map: null };
    },
    renderChunk(code, chunk) {
      if (!code.includes(PLACEHOLDER)) return null;
      const toDist = relative(dirname(join(dist, 'src', 'cli', chunk.fileName)), dist).split(sep).join('/');
      return { code: code.replaceAll(PLACEHOLDER, `${toDist}/`), map: null };
    },
  };
}

if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const root = process.argv[2] === undefined ? repo : resolve(process.argv[2]);
  const files = await bundleCli(root);
  writeFileSync(process.stdout.fd, `bundled the CLI into ${files} files under ${relative(process.cwd(), join(root, 'dist/src/cli')) || '.'}\n`);
}
