// The evaluation budget (runtime/budget.ts + the emitter's instrumentation), static data of any
// size, and the text of computed numbers — end to end: compileRego, the stock SDK, evaluate.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../../src/rego/wasm/compile.js";
import { loadRuntime } from "../../../src/rego/wasm/encode/runtime.js";
import { readModule } from "../../../src/rego/wasm/encode/module.js";
import { emitModule } from "../../../src/rego/wasm/emit/index.js";
import type { Func, Policy } from "../../../src/rego/wasm/ir/ir.js";

async function load(rego: string, entrypoint = "t/p"): Promise<LoadedPolicy> {
  const wasm = compileRego({ modules: { "p.rego": `package t\n${rego}\n` }, entrypoints: [entrypoint], regoVersion: "v1" });
  return loadPolicy(wasm);
}

type Ex = Record<string, (...a: number[]) => number>;
const exportsOf = (p: LoadedPolicy): Ex => (p.wasmInstance as WebAssembly.Instance).exports as unknown as Ex;

function thrown(f: () => unknown): string {
  try { f(); } catch (e) { return typeof e === "string" ? e : (e as Error).message; }
  return "(no error)";
}

test("budget: the runtime exports its budget globals and the emitter instruments every function", () => {
  const rt = loadRuntime();
  assert.ok(rt.budget);
  assert.is(rt.budget!.maxDepth, 1000);
  const wasm = compileRego({ modules: { "p.rego": "package t\np := 1\n" }, entrypoints: ["t/p"], regoVersion: "v1" });
  // the link-time globals are dropped from the final module's exports
  const names = readModule(wasm).exports.map((e) => e.name);
  assert.not.ok(names.includes("__gpc_fuel"));
  assert.ok(names.includes("gpc_set_budget"));
});

test("budget: the defaults stop the issue's runaway evaluations, naming the budget", async () => {
  const cases = [
    "p := count([x | some x in numbers.range(1, 1e8)])",
    "p if { every x in numbers.range(1, 1e8) { x > 0 } }",
  ];
  for (const c of cases) {
    const p = await load(c);
    assert.is(exportsOf(p).gpc_budget_steps!(), 100000000);
    assert.is(exportsOf(p).gpc_budget_mib!(), 256);
    assert.is(thrown(() => p.evaluate({}, "t/p")), "evaluation exceeded its budget of 100000000 steps", c);
  }
});

test("budget: steps — loops and calls are counted; the instance stays usable afterwards", async () => {
  const p = await load("p := count([1 | some x in input.xs; some y in input.xs])");
  exportsOf(p).gpc_set_budget!(10000, 0);
  const xs = (n: number) => ({ xs: Array.from({ length: n }, (_, i) => i) });
  assert.equal(p.evaluate(xs(50), "t/p"), [{ result: 2500 }]);
  // one step for the rule's function, one per iteration of each loop
  assert.is(exportsOf(p).gpc_last_steps!(), 1 + 50 + 50 * 50);
  assert.is(thrown(() => p.evaluate(xs(200), "t/p")), "evaluation exceeded its budget of 10000 steps");
  assert.equal(p.evaluate(xs(10), "t/p"), [{ result: 100 }]);
  // the budget is per evaluation, not per instance
  for (let i = 0; i < 5; i++) assert.equal(p.evaluate(xs(50), "t/p"), [{ result: 2500 }]);
});

test("budget: runtime work is charged too (sorting, membership, ranges)", async () => {
  const p = await load("p := count([1 | some x in input.xs; x in input.xs])");
  exportsOf(p).gpc_set_budget!(20000, 0);
  const xs = (n: number) => ({ xs: Array.from({ length: n }, (_, i) => i) });
  assert.equal(p.evaluate(xs(100), "t/p"), [{ result: 100 }]);
  // 400 iterations, but 400 membership scans of 400 elements each are charged as well
  assert.is(thrown(() => p.evaluate(xs(400), "t/p")), "evaluation exceeded its budget of 20000 steps");
  // builtins pay for their string arguments: one step per 2 characters
  const c = await load('p := count([1 | some x in input.xs; contains(input.s, "z")])');
  exportsOf(c).gpc_set_budget!(20000, 0);
  const s = "a".repeat(1000);
  assert.equal(c.evaluate({ s, xs: [1, 2, 3, 4, 5] }, "t/p"), [{ result: 0 }]);
  assert.is(exportsOf(c).gpc_last_steps!(), 1 + 5 + 5 * 500);
  assert.is(thrown(() => c.evaluate({ s, xs: Array.from({ length: 100 }, (_, i) => i) }, "t/p")), "evaluation exceeded its budget of 20000 steps");
  const r = await load("p := count(numbers.range(1, 50000))");
  exportsOf(r).gpc_set_budget!(20000, 0);
  assert.is(thrown(() => r.evaluate({}, "t/p")), "evaluation exceeded its budget of 20000 steps");
});

test("budget: memory — a failed growth is a clean abort naming the ceiling; the next evaluation works", async () => {
  const p = await load('p := count([concat("", [x, "padding-padding-padding"]) | some x in input.xs])');
  exportsOf(p).gpc_set_budget!(0, 16);
  const xs = (n: number) => ({ xs: Array.from({ length: n }, (_, i) => String(i)) });
  assert.equal(p.evaluate(xs(1000), "t/p"), [{ result: 1000 }]);
  assert.is(thrown(() => p.evaluate(xs(400000), "t/p")), "evaluation exceeded its budget of 16 MiB of memory");
  assert.equal(p.evaluate(xs(1000), "t/p"), [{ result: 1000 }]);
  // a host memory with a lower maximum: the host's limit is named, not the budget
  const small = await loadPolicy(compileRego({ modules: { "p.rego": 'package t\np := count([concat("", [x, "padding-padding-padding"]) | some x in input.xs])\n' }, entrypoints: ["t/p"], regoVersion: "v1" }), { initial: 5, maximum: 40 });
  assert.is(thrown(() => small.evaluate(xs(100000), "t/p")), "gpc runtime: out of memory (cannot grow beyond 2560 KiB)");
  assert.equal(small.evaluate(xs(10), "t/p"), [{ result: 10 }]);
  // parsing the input is not limited by the evaluation's ceiling
  const q = await load("p := count(input.xs)");
  exportsOf(q).gpc_set_budget!(0, 16);
  const big = { xs: Array.from({ length: 2 }, () => "z".repeat(12 << 20)) };
  assert.equal(q.evaluate(big, "t/p"), [{ result: 2 }]);
});

test("budget: a call chain deeper than 1000 aborts naming the rule, before the JavaScript stack overflows", async () => {
  // Rego has no recursion and the planner bounds rule chains, so the chain is built as IR.
  const chain = (n: number): Policy => ({
    constants: [], memoSlots: 0, plans: [{ name: "t/p", func: "data.t.f0" }],
    funcs: Array.from({ length: n + 1 }, (_, i): Func => ({
      name: `data.t.f${i}`, params: 2, locals: 3, result: 2,
      body: i < n
        ? [{ op: "call", func: `data.t.f${i + 1}`, args: [{ local: 0 }, { local: 1 }], result: 2 }]
        : [{ op: "make", type: "array", target: 2 }],
    })),
  });
  const run = async (n: number) => loadPolicy(emitModule(chain(n), loadRuntime()));
  assert.equal((await run(999)).evaluate({}, "t/p"), [{ result: [] }]);
  const deep = await run(5000);
  assert.is(thrown(() => deep.evaluate({}, "t/p")), "evaluation exceeded the maximum call depth of 1000 in data.t.f1000");
  // the instance is reusable: the same evaluation fails the same way again
  assert.is(thrown(() => deep.evaluate({}, "t/p")), "evaluation exceeded the maximum call depth of 1000 in data.t.f1000");
});

test("with: a replacement function runs without function mocks, as in OPA (no runaway recursion)", async () => {
  // OPA v1/test/cases/testdata/v1/withkeyword "simple scope handling (no recursion here)": 2
  assert.equal((await load("f(x) := 2\ng(x) := f(x)\np := y if y := f(1) with f as g")).evaluate({}, "t/p"), [{ result: 2 }]);
  const p = await load("f(x) := x + 1\ng(x) := f(x) * 10\nh(x) := f(x) + 100\np := [y, z] if { y := f(1) with f as g; z := h(1) with f as g }");
  assert.equal(p.evaluate({}, "t/p"), [{ result: [20, 120] }]);
});

test("static data of any size: a 300 KB and a 2 MB string literal load with the SDK's default memory", async () => {
  for (const n of [300 * 1024, 2 << 20]) {
    const p = await load(`p := [count(s), substring(s, ${n - 3}, 3)]\ns := "${"a".repeat(n - 3)}xyz"`);
    assert.equal(p.evaluate({}, "t/p"), [{ result: [n, "xyz"] }]);
  }
});

test("computed numbers: valid JSON, printed as OPA prints them", async () => {
  // OPA: integers in full (big.Float 'f'), other values with 'g' (exponent below -4 or from 6),
  // shortest at big.Float's 64-bit precision (7 / 3 is 2.3333333333333333333)
  const p = await load([
    "p := json.marshal([",
    "  1e15 * 1e15, round(1e25), 2e20 * 5, 2e300 * 5,",
    "  1 / 3 * 1e-10, 1234567.5 * 1, 0.00001 * 1, 0.0001 * 1, 7 / 3, 0 - 0.5, 2 * 1e6",
    "])",
  ].join("\n"));
  assert.equal(p.evaluate({}, "t/p"), [{
    result: "[1000000000000000000000000000000,10000000000000000000000000,1000000000000000000000,"
      + `1${"0".repeat(301)},3.3333333333333333336e-11,1.2345675e+06,1e-05,0.0001,2.3333333333333333333,-0.5,2000000]`,
  }]);
  // parse_bytes of an integer amount: OPA's Int(round64(round64(n) × unit)), printed exactly
  const q = await load('p := json.marshal([units.parse_bytes("100000000000000000000000G"), units.parse_bytes("123456789123456789"), units.parse_bytes("18446744073709551617"), units.parse_bytes("10ei"), units.parse_bytes("1.5Gi")])');
  assert.equal(q.evaluate({}, "t/p"), [{ result: "[100000000000000000000545460846592,123456789123456789,18446744073709551616,11529215046068469760,1610612736]" }]);
});

test("Gatekeeper number text from input: sprintf and arithmetic behave as OPA's evaluator", async () => {
  // the engine writes 1000000 as 1e+06 (Go's FormatFloat 'g'); OPA's sprintf passes such a number as float64
  const p = await load('p := [sprintf("%v", [input.n]), sprintf("%d", [input.n]), sprintf("%s", [input.n]), sprintf("%v", [[input.n]]), format_int(input.n, 10), input.n == 1000000, input.n + 1, json.marshal(input.n)]');
  const input = new TextEncoder().encode('{"n":1e+06}');
  assert.equal(p.evaluate(input.buffer as ArrayBuffer, "t/p"), [{ result: ["1e+06", "%!d(float64=1e+06)", "%!s(float64=1e+06)", "[1e+06]", "1000000", true, 1000001, "1e+06"] }]);
});

test.run();
