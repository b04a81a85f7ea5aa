/**
 * The Rego conformance corpus (../shared/conformance/rego, results recorded from OPA's evaluator):
 * every group compiled with gpc's compiler, loaded with the stock SDK (default memory, no custom
 * builtins), `setData(data)`, and every case's result compared exactly with `want`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../src/rego/wasm/compile.js";
import { loadCorpus, wantsError } from "../support/corpus.js";

const corpus = loadCorpus();

test("the corpus is all there", () => {
  assert.is(corpus.length, 68);
  const cases = corpus.reduce((n, { group }) => n + group.cases.length, 0);
  assert.is(cases, 159);
});

for (const { file, group } of corpus) {
  test(`conformance ${group.name}`, async () => {
    const wasm = compileRego({ modules: group.modules, entrypoints: [group.entrypoint], regoVersion: group.rego_version });
    const policy = await loadPolicy(wasm);
    policy.setData(group.data as object);
    group.cases.forEach((c, i) => {
      const label = `${file} case ${i} input=${JSON.stringify(c.input)}`;
      if (wantsError(c.want)) {
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
