// Rego constructs Gatekeeper templates are written in (gatekeeper-library and other public
// collections), compiled by gpc and run through the stock SDK. Expected values follow OPA's
// evaluator (parser_ext.go ParseRuleFromCallExpr / ParsePartialSetDocRuleFromTerm for bodyless
// heads; rules with an empty argument list; ref segments that are patterns iterate and unify).
// The cases are data: constructs.cases.json.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../../src/rego/wasm/compile.js";

interface Group {
  note: string;
  rego_version: "v0" | "v1";
  module: string;
  cases: { entrypoint: string; input: unknown; want: unknown }[];
}

const groups = JSON.parse(readFileSync(new URL("./constructs.cases.json", import.meta.url), "utf8")) as Group[];

for (const g of groups) {
  test(g.note, async () => {
    const entrypoints = [...new Set(g.cases.map((c) => c.entrypoint))];
    const wasm = compileRego({ modules: { "t.rego": g.module }, entrypoints, regoVersion: g.rego_version });
    const policy = await loadPolicy(wasm);
    for (const c of g.cases) {
      const got = policy.evaluate(c.input, c.entrypoint) as { result: unknown }[];
      assert.equal(got.length ? got[0]!.result : undefined, c.want, `${c.entrypoint} on ${JSON.stringify(c.input)}`);
    }
  });
}

test("a function declared with an empty argument list and no body is a parse error naming it", () => {
  assert.throws(() => compileRego({ modules: { "t.rego": "package t\nf()\n" }, entrypoints: ["t/f"], regoVersion: "v0" }), /t\.rego:2:1: rego-parse: rule argument list must take at least one argument/);
});

test.run();
