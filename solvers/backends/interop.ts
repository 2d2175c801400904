/**
 * highs and javascript-lp-solver ship CommonJS-style type declarations but
 * ES builds whose default export is the loader / solver itself. Under
 * NodeNext, TypeScript then types `mod.default` as the whole module. This
 * returns the real default export whichever way the module was loaded.
 */
export function defaultExport<T>(mod: unknown): T {
  const outer = (mod as { default?: unknown }).default ?? mod;
  const inner = (outer as { default?: unknown }).default;
  return (inner ?? outer) as T;
}
