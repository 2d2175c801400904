/**
 * Locates a worker-thread script. Workers must run compiled JavaScript; when
 * the calling module runs from TypeScript source (under vitest), the same
 * path under dist/ is used instead (`npm test` builds dist/ first).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * @param callerUrl the caller's `import.meta.url`
 * @param script a path relative to the caller, with a .js extension (e.g. './chain-worker.js')
 */
export function workerScriptUrl(callerUrl: string, script: string): URL {
  const direct = new URL(script, callerUrl);
  if (existsSync(fileURLToPath(direct))) return direct;
  // Running from source: <root>/src/x/y.ts → <root>/dist/src/x/y.js
  const callerPath = fileURLToPath(callerUrl);
  let root = dirname(callerPath);
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const rel = relative(root, resolve(dirname(callerPath), script));
  const compiled = join(root, 'dist', rel.split(sep).join(sep));
  if (!existsSync(compiled)) {
    throw new Error(`worker script ${script} not found; run 'npm run build' first (looked for ${compiled})`);
  }
  return pathToFileURL(compiled);
}
