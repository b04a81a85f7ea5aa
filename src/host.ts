/**
 * What gpc's modules need from the process that runs them, when that is the CLI's bundle
 * (bin/gpc.js → src/cli/launch.ts, a script compiled with V8's code cache); everywhere else
 * (the library, tests, the unbundled CLI) these are plain JavaScript.
 */
const IMPORT = Symbol.for("gpc.import");
const COLD = Symbol.for("gpc.coldStart");

type Host = { [IMPORT]?: (s: string) => Promise<unknown>; [COLD]?: boolean };

/**
 * Imports an ES module by URL or bare specifier (resolved from gpc's package). A script cannot
 * call `import()`: in the bundle, the launcher lends its own.
 */
export function importModule<T = unknown>(specifier: string): Promise<T> {
  const host = (globalThis as Host)[IMPORT];
  return (host ? host(specifier) : import(specifier)) as Promise<T>;
}

/**
 * Whether this code is the CLI's bundle (src/cli/launch.ts): then the libraries it contains are
 * the bundled copies, whose identity is the bundle's (covered by gpc's fingerprint).
 */
export function runsFromBundle(): boolean {
  return (globalThis as Host)[IMPORT] !== undefined;
}

/**
 * Notes that this run did work a warm start does not (loading a policy, compiling Rego, parsing
 * CEL), so the launcher does not make its code cache from it: a cache of a cold run holds code
 * warm runs never use, and costs them time to read.
 */
export function noteColdStart(): void {
  (globalThis as Host)[COLD] = true;
}

/** Whether `noteColdStart` was called. */
export function wasColdStart(): boolean {
  return (globalThis as Host)[COLD] === true;
}
