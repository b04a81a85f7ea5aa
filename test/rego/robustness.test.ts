/**
 * Hostile inputs to the compiler and to compiled modules: the compiler only ever returns a module
 * or diagnostics; evaluation either answers or throws a clear error, never takes the process down.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego, compileRegoDetailed } from "../../src/rego/wasm/compile.js";
import { formatDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { loadCorpus } from "../support/corpus.js";

const corpus = loadCorpus().map(({ group }) => group);

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ["package", "t", "import", "data", "input", "if", "contains", "in", "every", "some", "not", "with", "as",
  "default", "else", ":=", "=", "==", "!=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "{", "}", "[", "]", "(", ")",
  ",", ";", ".", "\n", "x", "y", "_", "1", "2.5", "\"s\"", "`raw`", "true", "false", "null", "count(", "sprintf(", "r", "f(x)"];

test("compiler fuzz: mutated and random Rego only ever gives a module or diagnostics", () => {
  const rand = rng(20261128);
  let modulesOut = 0, diagnosticsOut = 0;
  const N = 3000;
  for (let i = 0; i < N; i++) {
    const g = corpus[Math.floor(rand() * corpus.length)]!;
    const name = Object.keys(g.modules)[0]!;
    let text = g.modules[name]!;
    if (i % 3 === 2) {
      text = "package t\n" + Array.from({ length: 5 + Math.floor(rand() * 40) }, () => TOKENS[Math.floor(rand() * TOKENS.length)]).join(" ");
    } else {
      const edits = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rand() * text.length);
        const op = rand();
        if (op < 0.33) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 5));
        else if (op < 0.66) text = text.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + text.slice(at);
        else { const b = Math.floor(rand() * text.length); text = text.slice(0, at) + text.slice(b, b + 6) + text.slice(at); }
      }
    }
    const modules = { ...g.modules, [name]: text };
    let r;
    try {
      r = compileRegoDetailed({ modules, entrypoints: [g.entrypoint], regoVersion: g.rego_version });
    } catch (e) {
      assert.unreachable(`compiler threw on input #${i}:\n${text}\n${(e as Error).stack}`);
      return;
    }
    if (r.wasm) modulesOut++;
    else {
      diagnosticsOut++;
      assert.ok(r.diagnostics.length > 0, `no module and no diagnostics for #${i}`);
      for (const d of r.diagnostics) {
        if (d.span) assert.match(formatDiagnostic(d, modules), /^[^:]+:\d+:\d+: [a-z-]+: ./, "diagnostic has file:line:col");
      }
    }
  }
  assert.is(modulesOut + diagnosticsOut, N);
  assert.ok(modulesOut > 0 && diagnosticsOut > 0, `both outcomes occur (modules ${modulesOut}, diagnostics ${diagnosticsOut})`);
});

test("unsupported constructs are diagnostics with file:line:col", () => {
  const r = compileRegoDetailed({ modules: { "p.rego": "package t\n\nr := http.send({\"method\": \"get\", \"url\": \"x\"})\n" }, entrypoints: ["t/r"] });
  assert.is(r.wasm, undefined);
  const text = r.diagnostics.map((d) => formatDiagnostic(d, { "p.rego": "package t\n\nr := http.send({\"method\": \"get\", \"url\": \"x\"})\n" })).join("\n");
  assert.match(text, /^p\.rego:3:\d+: rego-[a-z]+: .*http\.send/m);
});

async function depthPolicy() {
  const wasm = compileRego({ modules: { "p.rego": "package t\nr := count(input.a) if input.a\nn := input.x\n" }, entrypoints: ["t/r", "t/n"] });
  return loadPolicy(wasm);
}

test("deeply nested input (10,000 levels) evaluates or throws a clear error", async () => {
  const policy = await depthPolicy();
  let nested: unknown = 1;
  for (let i = 0; i < 10000; i++) nested = [nested];
  let outcome: string;
  try {
    const r = policy.evaluate({ a: [1, 2], x: nested }, "t/r");
    outcome = JSON.stringify(r);
    assert.is(outcome, '[{"result":2}]');
  } catch (e) {
    outcome = String(e);
    assert.ok(outcome.length > 0 && !/RuntimeError: unreachable/.test(outcome), `clear error, got ${outcome}`);
  }
  // The module is still usable afterwards.
  assert.equal(policy.evaluate({ a: [1, 2, 3] }, "t/r"), [{ result: 3 }]);
});

test("large input (10 MB) evaluates", async () => {
  const policy = await depthPolicy();
  const big = { a: Array.from({ length: 100_000 }, (_, i) => ({ name: `container-${i}`, image: "registry.example.com/app:1.2.3", i })) };
  assert.ok(JSON.stringify(big).length > 7_000_000);
  const pad = "x".repeat(3_000_000);
  const r = policy.evaluate({ ...big, pad }, "t/r");
  assert.equal(r, [{ result: 100_000 }]);
});

test.run();
