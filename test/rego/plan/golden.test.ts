/**
 * IR golden snapshots: small policies, one construct each, planned and printed with
 * `printPolicy`. `UPDATE_GOLDEN=1` rewrites the `.ir` files; a `.ir` file no case produces fails.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../../src/rego/syntax/index.js";
import type { Module, RegoVersion } from "../../../src/rego/syntax/ast.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { printPolicy } from "../../../src/rego/wasm/ir/print.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { TEST_BUILTINS } from "./builtins.js";

const dir = new URL("./golden/", import.meta.url).pathname;
const update = process.env.UPDATE_GOLDEN === "1";

const CASES: { name: string; files: string[]; entrypoints: string[]; regoVersion?: RegoVersion }[] = [
  { name: "complete-default", files: ["complete-default.rego"], entrypoints: ["t/allow", "t/level"] },
  { name: "partial-set", files: ["partial-set.rego"], entrypoints: ["t/names", "t/ports"] },
  { name: "partial-object", files: ["partial-object.rego"], entrypoints: ["t/by_name"] },
  { name: "function-else", files: ["function-else.rego"], entrypoints: ["t/r"] },
  { name: "negation", files: ["negation.rego"], entrypoints: ["t/bad", "t/no_priv", "t/none_priv"] },
  { name: "every", files: ["every.rego"], entrypoints: ["t/all_small", "t/all_have_80"] },
  { name: "comprehensions", files: ["comprehensions.rego"], entrypoints: ["t/ports", "t/images", "t/by_name"] },
  { name: "unification", files: ["unification.rego"], entrypoints: ["t/pairs", "t/user", "t/swap"] },
  { name: "with", files: ["with.rego"], entrypoints: ["t/check", "t/cfg"] },
  { name: "data-refs", files: ["data-refs.rego", "data-refs-lib.rego"], entrypoints: ["t/allowed", "t/all_lib", "t/r", "lib"] },
  { name: "membership", files: ["membership.rego"], entrypoints: ["t/idx", "t/r", "t/absent", "t/kv"] },
  { name: "v0-violation", files: ["v0-violation.rego"], entrypoints: ["k8sv0/violation"], regoVersion: "v0" },
];

const produced = new Set<string>();
for (const c of CASES) {
  test(`golden ${c.name}`, () => {
    const sources: Record<string, string> = {};
    const mods: Module[] = [];
    for (const f of c.files) {
      sources[f] = readFileSync(join(dir, f), "utf8");
      const r = parseModule(f, sources[f]!, { regoVersion: c.regoVersion ?? "v1" });
      assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, sources)), []);
      if (r.module) mods.push(r.module);
    }
    const r = planPolicy(mods, c.entrypoints, { builtins: TEST_BUILTINS, sources });
    assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, sources)), []);
    const text = printPolicy(r.policy!);
    const file = join(dir, `${c.name}.ir`);
    produced.add(`${c.name}.ir`);
    if (update || !existsSync(file)) writeFileSync(file, text);
    assert.fixture(text, readFileSync(file, "utf8"));
  });
}

test("no orphan golden files", () => {
  const orphans = readdirSync(dir).filter((f) => f.endsWith(".ir") && !produced.has(f));
  assert.equal(orphans, []);
});

test.run();
