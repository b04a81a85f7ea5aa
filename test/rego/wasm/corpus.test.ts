// The Rego conformance corpus through parse → plan → emitModule onto the real runtime, evaluated
// by calling __gpc_eval directly (see direct.ts): checks the emitter against OPA's recorded
// results independently of the SDK path. Groups needing builtins the runtime lacks are listed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../../src/rego/syntax/index.js";
import type { Module } from "../../../src/rego/syntax/ast.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/runtime.js";
import { emitModule } from "../../../src/rego/wasm/emit/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { instantiateDirect } from "./direct.js";

const dir = new URL("../../../../shared/conformance/rego/", import.meta.url).pathname;

interface Group {
  name: string;
  rego_version: "v0" | "v1";
  modules: Record<string, string>;
  entrypoint: string;
  data: unknown;
  cases: { input: unknown; want: unknown }[];
}

const skipped: string[] = [];
const runtimePath = new URL("../../../runtime/build/runtime.wasm", import.meta.url);
if (existsSync(runtimePath)) {
  // runtimeFromBytes, not loadRuntime: this suite does not go through opa_eval, so it does not
  // depend on loadRuntime's self-test of the runtime's ABI layer.
  const runtime = runtimeFromBytes(new Uint8Array(readFileSync(runtimePath)), runtimePath.pathname);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const g = JSON.parse(readFileSync(join(dir, file), "utf8")) as Group;
    test(`emit ${g.name}`, () => {
      const mods: Module[] = [];
      for (const [name, text] of Object.entries(g.modules)) {
        const r = parseModule(name, text, { regoVersion: g.rego_version });
        assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)), []);
        if (r.module) mods.push(r.module);
      }
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
        if (c.want && typeof c.want === "object" && !Array.isArray(c.want)) {
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
