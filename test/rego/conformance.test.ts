/**
 * The Rego conformance corpus (../shared/conformance/rego, results recorded from OPA's evaluator):
 * every group compiled with gpc's compiler, loaded with the stock SDK (default memory, no custom
 * builtins), `setData(data)`, and every case's result compared exactly with `want`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../src/rego/wasm/compile.js";

const dir = new URL("../../../shared/conformance/rego/", import.meta.url).pathname;

interface Group {
  name: string;
  rego_version: "v0" | "v1";
  modules: Record<string, string>;
  entrypoint: string;
  unordered?: boolean;
  data: unknown;
  cases: { input: unknown; want: unknown; note?: string }[];
}

const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

test("the corpus is all there", () => {
  assert.is(files.length, 68);
  const cases = files.reduce((n, f) => n + (JSON.parse(readFileSync(join(dir, f), "utf8")) as Group).cases.length, 0);
  assert.is(cases, 159);
});

for (const file of files) {
  const group = JSON.parse(readFileSync(join(dir, file), "utf8")) as Group;
  test(`conformance ${group.name}`, async () => {
    const wasm = compileRego({ modules: group.modules, entrypoints: [group.entrypoint], regoVersion: group.rego_version });
    const policy = await loadPolicy(wasm);
    policy.setData(group.data as object);
    group.cases.forEach((c, i) => {
      const label = `${file} case ${i} input=${JSON.stringify(c.input)}`;
      if (c.want && typeof c.want === "object" && !Array.isArray(c.want) && (c.want as { error?: boolean }).error) {
        assert.throws(() => policy.evaluate(c.input, group.entrypoint), undefined, `${label}: expected an error`);
        return;
      }
      let got: unknown;
      try {
        got = policy.evaluate(c.input, group.entrypoint);
      } catch (e) {
        assert.unreachable(`${label}: threw ${String(e)}`);
      }
      assert.equal(JSON.stringify(got), JSON.stringify(c.want), label);
      // Entry point 0 is the same plan.
      assert.equal(JSON.stringify(policy.evaluate(c.input, 0)), JSON.stringify(c.want), `${label} (entrypoint 0)`);
    });
  });
}

test.run();
