/**
 * Language cases beyond the conformance corpus (semantics.cases.json, expectations derived from
 * OPA's evaluator semantics), run two ways that must agree: the reference IR interpreter, and the
 * full pipeline (`compileRego` → stock SDK) when the runtime is built. A differential test of the
 * planner's IR against the emitter and runtime.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { parseModule } from "../../../src/rego/syntax/index.js";
import type { Module } from "../../../src/rego/syntax/ast.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { compileRego } from "../../../src/rego/wasm/compile.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { TEST_BUILTINS } from "./builtins.js";
import { Abort, evaluate } from "./interp.js";

interface Group {
  name: string;
  rego_version?: "v0" | "v1";
  modules: Record<string, string>;
  entrypoint: string;
  data?: unknown;
  cases: { input: unknown; want: unknown }[];
}

const groups = JSON.parse(readFileSync(new URL("./semantics.cases.json", import.meta.url), "utf8")) as Group[];
const runtimeBuilt = existsSync(new URL("../../../runtime/build/runtime.wasm", import.meta.url));
const isError = (w: unknown) => !!w && typeof w === "object" && !Array.isArray(w);

for (const g of groups) {
  const regoVersion = g.rego_version ?? "v1";
  test(`interp: ${g.name}`, () => {
    const mods: Module[] = [];
    for (const [file, text] of Object.entries(g.modules)) {
      const r = parseModule(file, text, { regoVersion });
      assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)), []);
      mods.push(r.module!);
    }
    const r = planPolicy(mods, [g.entrypoint], { builtins: TEST_BUILTINS, sources: g.modules });
    assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)), []);
    g.cases.forEach((c, i) => {
      const label = `case ${i} input=${JSON.stringify(c.input)}`;
      if (isError(c.want)) {
        assert.throws(() => evaluate(r.policy!, g.entrypoint, c.input, g.data ?? {}), (e: unknown) => e instanceof Abort, label);
        return;
      }
      assert.equal(JSON.stringify(evaluate(r.policy!, g.entrypoint, c.input, g.data ?? {})), JSON.stringify(c.want), label);
    });
  });
  if (runtimeBuilt) {
    test(`wasm: ${g.name}`, async () => {
      const policy = await loadPolicy(compileRego({ modules: g.modules, entrypoints: [g.entrypoint], regoVersion }));
      policy.setData((g.data ?? {}) as object);
      g.cases.forEach((c, i) => {
        const label = `case ${i} input=${JSON.stringify(c.input)}`;
        if (isError(c.want)) {
          assert.throws(() => policy.evaluate(c.input, g.entrypoint), undefined, label);
          return;
        }
        assert.equal(JSON.stringify(policy.evaluate(c.input, g.entrypoint)), JSON.stringify(c.want), label);
      });
    });
  }
}

test.run();
