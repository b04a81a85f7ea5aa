/**
 * Differential: the same inputs through three executions must give the same violation sets
 * (messages and details): Rego v0 on gpc's Wasm compiler, Rego v1 on gpc's Wasm compiler, and
 * Rego v0 on the planner + reference interpreter. Inputs: every case of eval-cases.yaml and every
 * PSA fixture of the newest version, under that version's preset parameters.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load as loadYaml } from "js-yaml";
import { CHECKS } from "../../src/checks/registry.js";
import { pssPreset } from "../../src/checks/pss.js";
import { compileAll, compileCheck, reviewInput, type Violation } from "./harness.js";
import { PSA_DIR, psaVersions } from "./psa.js";

const ids = Object.keys(CHECKS);
const runs = [["wasm", "v0"], ["wasm", "v1"], ["interp", "v0"]] as const;
const failures = new Map<string, string>();
for (const [ex, v] of runs) for (const [id, msg] of await compileAll(ids, ex, v)) failures.set(`${ex}/${v} ${id}`, msg);

test("every check compiles in every execution", () => {
  assert.equal([...failures].map(([k, m]) => `${k}: ${m}`), []);
});

const canon = (vs: Violation[]) => vs.map((x) => JSON.stringify(x, Object.keys(x).sort())).sort();
async function outcomes(id: string, input: unknown): Promise<string[][]> {
  return Promise.all(runs.map(async ([ex, v]) => canon((await compileCheck(id, ex, v))(input))));
}

interface Case { name: string; check: string; params: object; pod: unknown }
const cases = loadYaml(readFileSync(new URL("./eval-cases.yaml", import.meta.url), "utf8")) as Case[];

if (failures.size === 0) {
  test("eval cases: wasm v0 = wasm v1 = interpreter", async () => {
    for (const c of cases) {
      const [a, b, i] = await outcomes(c.check, reviewInput(c.pod, c.params));
      assert.equal(b, a, `${c.check}: ${c.name} (v1 vs v0)`);
      assert.equal(i, a, `${c.check}: ${c.name} (interpreter vs wasm)`);
    }
  });

  for (const level of ["baseline", "restricted"] as const) {
    const version = psaVersions(level).at(-1)!;
    test(`PSA ${level} ${version} fixtures: wasm v0 = wasm v1 = interpreter`, async () => {
      const preset = pssPreset(level, version);
      for (const kind of ["pass", "fail"]) {
        const dir = join(PSA_DIR, level, version, kind);
        for (const f of readdirSync(dir)) {
          const pod = loadYaml(readFileSync(join(dir, f), "utf8"));
          for (const c of preset) {
            const [a, b, i] = await outcomes(c.check, reviewInput(pod, c.params));
            assert.equal(b, a, `${kind}/${f} ${c.check} (v1 vs v0)`);
            assert.equal(i, a, `${kind}/${f} ${c.check} (interpreter vs wasm)`);
          }
        }
      }
    });
  }
}

test.run();
