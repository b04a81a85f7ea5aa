// Rego language constructs end to end (compileRego → stock SDK), one case per construct. The
// expected values are OPA's evaluator's, as its documentation and topdown test expectations state
// them; cases are written for gpc (language.cases.txt), not copied.
//
// language.cases.txt (and idioms.cases.txt): cases separated by lines `=== <name>`; inside a case, `--- <file>.rego`
// starts a module, and the lines `entrypoint: a/b`, `input: <json>`, `data: <json>`,
// `want: <json result set>` or `error: <regex>` (a compile diagnostic or evaluation error) follow
// the modules after a line `---`.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRegoDetailed } from "../../../src/rego/wasm/compile.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";

interface Case {
  name: string;
  modules: Record<string, string>;
  entrypoint: string;
  input?: unknown;
  data?: unknown;
  want?: unknown;
  error?: RegExp;
  version: "v0" | "v1";
}

function parseCases(text: string): Case[] {
  const out: Case[] = [];
  for (const chunk of text.split(/^=== /m).slice(1)) {
    const lines = chunk.split("\n");
    const c: Case = { name: lines[0]!.trim(), modules: {}, entrypoint: "", version: "v1" };
    let file: string | undefined;
    for (const line of lines.slice(1)) {
      const m = /^--- ?(.*)$/.exec(line);
      if (m) { file = m[1] || undefined; if (file) c.modules[file] = ""; continue; }
      if (file) { c.modules[file] += line + "\n"; continue; }
      const kv = /^(\w+): (.*)$/.exec(line);
      if (!kv) continue;
      const [, k, v] = kv;
      if (k === "entrypoint") c.entrypoint = v!;
      else if (k === "version") c.version = v as "v0" | "v1";
      else if (k === "error") c.error = new RegExp(v!);
      else (c as unknown as Record<string, unknown>)[k!] = JSON.parse(v!);
    }
    out.push(c);
  }
  return out;
}

// idioms.cases.txt: constructs real-world policies and their `opa test` suites use, one case per
// gpc bug they found (bench/rego-tests.ts).
const cases = ["./language.cases.txt", "./idioms.cases.txt"].flatMap((f) => parseCases(readFileSync(new URL(f, import.meta.url), "utf8")));

for (const c of cases) {
  test(c.name, async () => {
    const r = compileRegoDetailed({ modules: c.modules, entrypoints: [c.entrypoint], regoVersion: c.version });
    const diags = r.diagnostics.map((d) => formatDiagnostic(d, c.modules));
    if (!r.wasm) {
      assert.ok(c.error, `unexpected compile error:\n${diags.join("\n")}`);
      assert.match(diags.join("\n"), c.error!);
      return;
    }
    const policy = await loadPolicy(r.wasm as unknown as BufferSource);
    if (c.data !== undefined) policy.setData(c.data as object);
    let got: unknown;
    try {
      got = policy.evaluate(c.input);
    } catch (e) {
      const message = typeof e === "string" ? e : (e as Error).message;
      assert.ok(c.error, `unexpected evaluation error: ${message}`);
      assert.match(message, c.error!);
      return;
    }
    assert.ok(!c.error, `wanted an error matching ${c.error}, got ${JSON.stringify(got)}`);
    assert.equal(got, c.want);
  });
}

test("a long body compiles; iterations nested too deep for the planner's stack are a diagnostic naming the rule", async () => {
  const flat = Array.from({ length: 5000 }, (_, i) => `  input.x${i % 7} == ${i % 7}`).join("\n");
  const ok = { "p.rego": `package t\np if {\n${flat}\n}\n` };
  const r1 = compileRegoDetailed({ modules: ok, entrypoints: ["t/p"] });
  assert.ok(r1.wasm, r1.diagnostics.map((d) => formatDiagnostic(d, ok)).join("\n"));
  const policy = await loadPolicy(r1.wasm as unknown as BufferSource);
  assert.equal(policy.evaluate({ x0: 0, x1: 1, x2: 2, x3: 3, x4: 4, x5: 5, x6: 6 }), [{ result: true }]);
  const nested = Array.from({ length: 3000 }, (_, i) => `  some x${i} in input.a`).join("\n");
  const bad = { "p.rego": `package t\np if {\n${nested}\n}\n` };
  const r2 = compileRegoDetailed({ modules: bad, entrypoints: ["t/p"] });
  assert.equal(r2.wasm, undefined);
  assert.match(r2.diagnostics.map((d) => formatDiagnostic(d, bad)).join("\n"), /^p\.rego:2:1: rego-unsupported: rule data\.t\.p is too large to compile/);
});

test.run();
