/**
 * The verify stage: gator suites run on gpc's engine (`gpc verify`).
 *
 *   PATH | PATH/... ──suiteFiles──▶ suite files ──readSuite──▶ Suites ──runSuites──▶ outcomes ──▶ text | json | junit
 */
import { WasmCache } from "../engine/wasm.js";
import type { EngineSelection } from "../engine/compare.js";
import { isFailure, parseFilter, runSuites, type Filter, type SuiteOutcome } from "./run.js";
import { readSuite, suiteFiles, type Suite } from "./suite.js";

export * from "./suite.js";
export * from "./run.js";
export * from "./report.js";
export { parameterProblems } from "./schema.js";

/** Options of `verifyPaths`. */
export interface VerifyOptions {
  /** `--run`: `test//case` regexes. */
  readonly run?: string;
  readonly cwd?: string;
  readonly cache?: WasmCache;
  readonly onSuite?: (r: SuiteOutcome) => void;
  /** Which engine decides (see `RunSuitesOptions.engine`); default `cel`, as gator. */
  readonly engine?: EngineSelection;
}

/**
 * Finds, reads and runs the suites under `paths` (each a file, a folder, or `folder/...`).
 * Throws an Error only for usage problems (a missing path, an invalid filter); a suite that
 * cannot be read is an errored outcome.
 */
export async function verifyPaths(paths: readonly string[], opts: VerifyOptions = {}): Promise<{ results: SuiteOutcome[]; failed: boolean }> {
  const filter: Filter = parseFilter(opts.run);
  const suites: Suite[] = [];
  const results: SuiteOutcome[] = [];
  const unreadable = new Map<number, SuiteOutcome>();
  const seen = new Set<string>();
  for (const p of paths) {
    for (const f of suiteFiles(p, opts.cwd)) {
      if (seen.has(f.file)) continue;
      seen.add(f.file);
      const s = readSuite(f.file, f.path);
      if (!s) continue;
      if ("message" in s) unreadable.set(suites.length + unreadable.size, { path: s.path, file: s.file, skipped: false, error: s.message, ms: 0, tests: [] });
      else suites.push(s);
    }
  }
  const ran = await runSuites(suites, { filter, ...(opts.cache ? { cache: opts.cache } : {}), ...(opts.onSuite ? { onSuite: opts.onSuite } : {}), ...(opts.engine ? { engine: opts.engine } : {}) });
  // Keep the order the files were found in.
  let i = 0;
  const total = ran.length + unreadable.size;
  for (let k = 0; k < total; k++) results.push(unreadable.get(k) ?? ran[i++]!);
  return { results, failed: results.some(isFailure) };
}
