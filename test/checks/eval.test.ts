/**
 * Evaluation of every check on the cases in eval-cases.yaml (data: check, params, pod, expected
 * messages), with both executors: gpc's Wasm compiler (`compileRego` + opa-wasm) and the planner +
 * reference interpreter. Every violation must be `{msg: string, details: object}`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { load as loadYaml } from "js-yaml";
import { CHECKS } from "../../src/checks/registry.js";
import { compileAll, compileCheck, reviewInput, type Executor } from "./harness.js";

interface Case { name: string; check: string; params: object; pod: any; msgs: string[] }
const cases = loadYaml(readFileSync(new URL("./eval-cases.yaml", import.meta.url), "utf8")) as Case[];

test("every check has evaluation cases", () => {
  const covered = new Set(cases.map((c) => c.check));
  assert.equal(Object.keys(CHECKS).filter((id) => !covered.has(id)), []);
});

const executors: Executor[] = process.env.GPC_CHECKS_EXECUTOR ? [process.env.GPC_CHECKS_EXECUTOR as Executor] : ["interp", "wasm"];
for (const ex of executors) {
  // Compile first: a check that does not compile is one failing test naming the diagnostic, and
  // its cases are not run.
  const failed = await compileAll(Object.keys(CHECKS), ex);
  test(`${ex}: every check compiles`, () => {
    assert.equal([...failed].map(([id, msg]) => `${id}: ${msg}`), []);
  });
  for (const c of cases) {
    if (failed.has(c.check)) continue;
    test(`${ex}: ${c.check}: ${c.name}`, async () => {
      const ev = await compileCheck(c.check, ex);
      const vs = ev(reviewInput(c.pod, c.params));
      for (const v of vs) {
        assert.type(v.msg, "string");
        assert.ok(v.details && typeof v.details === "object" && !Array.isArray(v.details), `details of ${v.msg}`);
      }
      assert.equal(vs.map((v) => v.msg).sort(), [...c.msgs].sort());
    });
  }
}

test.run();
