/**
 * Expected diagnostics as data: each case in diagnostics.cases.json is planned and its
 * diagnostics, rendered `file:line:col: code: message`, must equal diagnostics.expected.json
 * (`UPDATE_GOLDEN=1` rewrites it; an expectation without a case fails).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseModule } from "../../../src/rego/syntax/index.js";
import type { Module } from "../../../src/rego/syntax/ast.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { formatDiagnostic, sortDiagnostics } from "../../../src/diagnostics/diagnostic.js";
import { TEST_BUILTINS } from "./builtins.js";

interface Case { name: string; modules: Record<string, string>; entrypoints: string[]; regoVersion?: "v0" | "v1" }

const casesFile = new URL("./diagnostics.cases.json", import.meta.url).pathname;
const expectedFile = new URL("./diagnostics.expected.json", import.meta.url).pathname;
const cases = JSON.parse(readFileSync(casesFile, "utf8")) as Case[];
const update = process.env.UPDATE_GOLDEN === "1" || !existsSync(expectedFile);
const expected: Record<string, string[]> = update ? {} : JSON.parse(readFileSync(expectedFile, "utf8"));

function run(c: Case): string[] {
  const mods: Module[] = [];
  const out: string[] = [];
  for (const [file, text] of Object.entries(c.modules)) {
    const r = parseModule(file, text, { regoVersion: c.regoVersion ?? "v1" });
    out.push(...r.diagnostics.map((d) => formatDiagnostic(d, c.modules)));
    if (r.module) mods.push(r.module);
  }
  const r = planPolicy(mods, c.entrypoints, { builtins: TEST_BUILTINS, sources: c.modules });
  assert.ok(r.policy || r.diagnostics.length > 0, "no policy and no diagnostics");
  for (const d of r.diagnostics) assert.ok(d.span, `diagnostic without a span: ${d.message}`);
  return [...out, ...sortDiagnostics(r.diagnostics).map((d) => formatDiagnostic(d, c.modules))];
}

const actual: Record<string, string[]> = {};
for (const c of cases) {
  test(c.name, () => {
    actual[c.name] = run(c);
    if (!update) assert.equal(actual[c.name], expected[c.name]);
  });
}

test("no orphan expectations", () => {
  if (update) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + "\n");
  else assert.equal(Object.keys(expected).filter((k) => !(k in actual)), []);
});

test.run();
