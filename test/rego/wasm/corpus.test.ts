// The Rego conformance corpus through parse → plan → emitModule onto the real runtime, evaluated
// by calling __gpc_eval directly (see direct.ts): checks the emitter against OPA's recorded
// results independently of the SDK path. Groups needing builtins the runtime lacks are listed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/runtime.js";
import { emitModule } from "../../../src/rego/wasm/emit/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { packagePath } from "../../../src/paths.js";
import { readFileSync } from "node:fs";
import { loadCorpus, parseGroup, wantsError } from "../../support/corpus.js";
import { instantiateDirect } from "./direct.js";

const skipped: string[] = [];
// runtimeFromBytes, not loadRuntime: this suite does not go through opa_eval, so it does not
// depend on loadRuntime's self-test of the runtime's ABI layer.
const runtimePath = packagePath("runtime", "build", "runtime.wasm");
const runtime = runtimeFromBytes(new Uint8Array(readFileSync(runtimePath)), runtimePath);
{
  for (const { file, group: g } of loadCorpus()) {
    test(`emit ${g.name}`, () => {
      const mods = parseGroup(g);
      const planned = planPolicy(mods, [g.entrypoint], { builtins: runtime.builtins, sources: g.modules });
      if (!planned.policy) {
        const why = planned.diagnostics.map((d) => d.message);
        if (why.every((m) => /^builtin .* is not supported$/.test(m))) { skipped.push(`${file}: ${[...new Set(why)].join(", ")}`); return; }
        assert.unreachable(planned.diagnostics.map((d) => formatDiagnostic(d, g.modules)).join("\n"));
      }
      const bytes = emitModule(planned.policy!, runtime, { dropExports: () => false });
      assert.ok(WebAssembly.validate(bytes as BufferSource), "valid module");
      assert.equal(emitModule(planned.policy!, runtime, { dropExports: () => false }), bytes, "deterministic");
      const run = instantiateDirect(bytes, g.data ?? {});
      g.cases.forEach((c, i) => {
        const label = `${file} case ${i} input=${JSON.stringify(c.input)}`;
        let got: unknown, thrown: unknown;
        try { got = run(0, c.input); } catch (e) { thrown = e; }
        if (wantsError(c.want)) {
          assert.type(thrown, "string", `${label}: expected an error, got ${JSON.stringify(got)}`);
        } else {
          assert.is(thrown, undefined, `${label}: threw`);
          assert.is(JSON.stringify(got), JSON.stringify(c.want), label);
        }
      });
    });
  }
  test("skipped groups (runtime lacks builtins)", () => {
    if (skipped.length) console.log(`  skipped ${skipped.length} groups:\n    ${skipped.join("\n    ")}`);
    assert.ok(skipped.length < 68);
  });
}

test.run();
