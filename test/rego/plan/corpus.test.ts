/**
 * The conformance corpus through the planner and the reference IR interpreter (./interp.ts):
 * checks planner semantics independently of the emitter and runtime. Cases whose builtins the
 * interpreter lacks are skipped (listed at the end); everything else must equal `want`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../../src/rego/syntax/index.js";
import type { Module } from "../../../src/rego/syntax/ast.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { TEST_BUILTINS } from "./builtins.js";
import { Abort, evaluate, MissingBuiltin } from "./interp.js";

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
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const g = JSON.parse(readFileSync(join(dir, file), "utf8")) as Group;
  test(`plan+interp ${g.name}`, () => {
    const mods: Module[] = [];
    for (const [name, text] of Object.entries(g.modules)) {
      const r = parseModule(name, text, { regoVersion: g.rego_version });
      assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)), []);
      if (r.module) mods.push(r.module);
    }
    const r = planPolicy(mods, [g.entrypoint], { builtins: TEST_BUILTINS, sources: g.modules });
    assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)), []);
    g.cases.forEach((c, i) => {
      const label = `${file} case ${i}`;
      const wantError = !!(c.want && typeof c.want === "object" && !Array.isArray(c.want));
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
