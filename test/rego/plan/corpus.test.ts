/**
 * The conformance corpus through the planner and the reference IR interpreter (./interp.ts):
 * checks planner semantics independently of the emitter and runtime. Cases whose builtins the
 * interpreter lacks are skipped (listed at the end); everything else must equal `want`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { loadCorpus, parseGroup, wantsError } from "../../support/corpus.js";
import { TEST_BUILTINS } from "./builtins.js";
import { Abort, evaluate, MissingBuiltin } from "./interp.js";

const skipped: string[] = [];
for (const { file, group: g } of loadCorpus()) {
  test(`plan+interp ${g.name}`, () => {
    const mods = parseGroup(g);
    const r = planPolicy(mods, [g.entrypoint], { builtins: TEST_BUILTINS, sources: g.modules });
    assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)), []);
    g.cases.forEach((c, i) => {
      const label = `${file} case ${i}`;
      const wantError = wantsError(c.want);
      try {
        const got = evaluate(r.policy!, g.entrypoint, c.input, g.data);
        assert.ok(!wantError, `${label}: expected an error, got ${JSON.stringify(got)}`);
        assert.equal(JSON.stringify(got), JSON.stringify(c.want), label);
      } catch (e) {
        if (e instanceof MissingBuiltin) { skipped.push(`${label} (${e.message})`); return; }
        if (e instanceof Abort && wantError) return;
        throw e;
      }
    });
  });
}

test.after(() => {
  if (skipped.length) console.log(`skipped (builtins missing in the interpreter):\n  ${skipped.join("\n  ")}`);
});

test.run();
