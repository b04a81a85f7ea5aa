/**
 * gator suites as `gpc test` cases: `gpc test generated/` (or any folder of Gatekeeper YAML with
 * suites) runs every suite found under the paths and reports each suite case as a test case.
 *
 * Input: folders or files. Output: `CaseResult`s (policy = the suite's name, case = `test/case`),
 * and a problem per suite that cannot be read. A test that cannot run (its template does not
 * compile, its constraint is invalid) fails every one of its cases, so nothing it holds passes.
 */
import type { CaseResult } from "../engine/cases.js";
import type { EngineProblem } from "../engine/engine.js";
import type { WasmCache } from "../engine/wasm.js";
import type { K8sObject } from "../engine/types.js";
import { objectFilesUnder } from "../gatekeeper/read-objects.js";
import { expectation, runSuites } from "./run.js";
import { readSuite, type Suite } from "./suite.js";
import { relative, resolve } from "node:path";

const NO_OBJECT: K8sObject = { apiVersion: "", kind: "", metadata: {} };

/** Runs the suites under `paths` as test cases. */
export async function runSuiteCases(paths: readonly string[], opts: { cwd?: string; cache?: WasmCache } = {}): Promise<{ results: CaseResult[]; problems: EngineProblem[]; suites: number }> {
  const cwd = opts.cwd ?? process.cwd();
  const suites: Suite[] = [];
  const problems: EngineProblem[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    for (const file of objectFilesUnder(resolve(cwd, p))) {
      if (seen.has(file) || !/\.ya?ml$/.test(file)) continue;
      seen.add(file);
      const shown = relative(cwd, file).split("\\").join("/") || file;
      const s = readSuite(file, shown);
      if (!s) continue;
      if ("message" in s) problems.push({ subject: `suite/${shown}`, message: s.message });
      else suites.push(s);
    }
  }
  const outcomes = await runSuites(suites, opts.cache ? { cache: opts.cache } : {});
  const results: CaseResult[] = [];
  outcomes.forEach((o, i) => {
    const s = suites[i]!;
    const policy = s.name || o.path;
    s.tests.forEach((t, j) => {
      const to = o.tests[j]!;
      if (to.skipped) return;
      for (const c of t.cases) {
        const co = to.cases.find((x) => x.name === c.name);
        if (co?.skipped) continue;
        const error = to.error ?? co?.error;
        results.push({
          policy,
          sourceFile: o.path,
          name: `${t.name}/${c.name}`,
          expect: co?.expect ?? expectation(c),
          passed: !error,
          failures: error ? [error] : [],
          violations: [...(co?.violations ?? [])],
          errors: [],
          object: co?.object ?? NO_OBJECT,
          ms: co?.ms ?? 0,
        });
      }
      // A test without cases (`invalid: true`, or none written) is one result of its own.
      if (t.cases.length === 0) {
        results.push({ policy, sourceFile: o.path, name: t.name, expect: "denied", passed: !to.error, failures: to.error ? [to.error] : [], violations: [], errors: [], object: NO_OBJECT, ms: to.ms });
      }
    });
  });
  return { results, problems, suites: suites.length };
}
