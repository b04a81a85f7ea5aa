// Emitter semantics on the host-backed fixture runtime: each hand-written IR policy is emitted,
// validated, instantiated and evaluated, and results are compared exactly.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/runtime.js";
import { emitModule, EmitError } from "../../../src/rego/wasm/emit/index.js";
import type { Policy } from "../../../src/rego/wasm/ir/ir.js";
import { buildFixtureRuntime, instantiateFixture } from "./fixture.js";
import { CASES, K, L } from "./policies.js";

const runtime = runtimeFromBytes(buildFixtureRuntime({ dataCount: true, customSection: true }), "fixture");

for (const c of CASES) {
  test(`fixture: ${c.name}`, () => {
    const bytes = emitModule(c.policy, runtime);
    assert.ok(WebAssembly.validate(bytes as BufferSource), "valid module");
    assert.equal(emitModule(c.policy, runtime), bytes, "deterministic");
    const fx = instantiateFixture(bytes);
    const eps = Object.fromEntries(c.policy.plans.map((p, i) => [p.name, i]));
    assert.equal(fx.entrypoints, eps);
    for (const e of c.evals) {
      const ep = eps[e.entrypoint]!;
      const label = `${e.entrypoint} ${JSON.stringify(e.input)}`;
      if ("throws" in e.expect) {
        let thrown: unknown;
        try { fx.eval(ep, e.input, e.data); } catch (err) { thrown = err; }
        assert.is(thrown, e.expect.throws, label);
      } else {
        const r = fx.eval(ep, e.input, e.data);
        assert.equal(r, "value" in e.expect ? e.expect.value : undefined, label);
      }
    }
  });
}

test("fixture: unknown entrypoint id evaluates to undefined and memo is reset per evaluation", () => {
  const c = CASES.find((x) => x.name === "with and memo")!;
  const fx = instantiateFixture(emitModule(c.policy, runtime));
  assert.is(fx.eval(7, { x: 1 }), undefined);
  assert.is(fx.eval(-1, { x: 1 }), undefined);
  fx.log.length = 0;
  fx.eval(0, { x: 1 });
  assert.equal(fx.log, ["memo_reset 1", "with_enter 1", "with_exit 1"]);
});

test("fixture: breaking out of a with body calls rt_with_exit", () => {
  const c = CASES.find((x) => x.name === "break depths")!;
  const fx = instantiateFixture(emitModule(c.policy, runtime));
  fx.log.length = 0;
  fx.eval(0);
  assert.equal(fx.log, ["memo_reset 0", "with_enter 1", "with_exit 1"]);
});

test("fixture: undefined inside a with body exits only the body and still calls rt_with_exit", () => {
  const policy: Policy = {
    constants: [{ t: "string", v: "nope" }, { t: "bool", v: true }],
    funcs: [{ name: "f", params: 2, locals: 4, result: 2, body: [
      { op: "with", body: [{ op: "dot", source: L(0), key: K(0), target: 3 }] },
      { op: "assign", source: K(1), target: 2 },
    ] }],
    plans: [{ name: "f", func: "f" }],
    memoSlots: 0,
  };
  const fx = instantiateFixture(emitModule(policy, runtime));
  assert.is(fx.eval(0, { a: 1 }), true);
  assert.equal(fx.log.slice(-2), ["with_enter 1", "with_exit 1"]);
});

test("fixture: data is appended at the aligned heap base and the heap base rewritten", () => {
  const c = CASES[0]!;
  const fx = instantiateFixture(emitModule(c.policy, runtime));
  // table (1 slot) at align8(1028) = 1032; then the parse-failure message, the constant's JSON
  // and the entrypoints JSON; the new heap base is the end, aligned to 8.
  const msg = "gpc:0:0: invalid constant JSON\0";
  const json = '{"a":[1,"x",true],"b":null,"c":2.5}';
  const entry = '{"t/c":0}';
  const mem = new Uint8Array(fx.memory.buffer);
  const all = msg + json + entry;
  assert.is(new TextDecoder().decode(mem.subarray(1036, 1036 + all.length)), all);
  assert.is(fx.heapBase, (1036 + all.length + 7) & ~7);
  assert.ok(new DataView(fx.memory.buffer).getInt32(1032, true) !== 0, "constant slot filled by __gpc_init");
  assert.is(new TextDecoder().decode(mem.subarray(16, 28)), "fixture-data");
});

test("fixture: malformed IR gives EmitErrors naming the function and statement", () => {
  const base = { constants: [], plans: [], memoSlots: 0 };
  const bad = (funcs: Policy["funcs"], extra: Partial<Policy> = {}): string => {
    try { emitModule({ ...base, funcs, ...extra } as Policy, runtime); } catch (e) { assert.instance(e, EmitError); return (e as Error).message; }
    return "no error";
  };
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "break", depth: 1 }] }]),
    "emit: function f at 0:break: break depth 1 exceeds the 1 enclosing blocks");
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "assign", source: L(9), target: 2 }] }]),
    "emit: function f at 0:assign: local 9 out of range (function has 3)");
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "assign", source: K(0), target: 2 }] }]),
    "emit: constant 0 out of range (policy has 0)");
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "call", func: "g", args: [], result: 2 }] }]),
    "emit: call of unknown function g");
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "call", func: "bi_nope", args: [], result: 2 }] }]),
    "emit: the runtime does not export bi_nope");
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "call", func: "bi_plus", args: [L(0)], result: 2 }] }]),
    "emit: function f at 0:call: call bi_plus with 1 arguments; it takes 2");
  assert.is(bad([{ name: "f", params: 2, locals: 3, result: 2, body: [{ op: "memoGet", slot: 0, target: 2 }] }]),
    "emit: function f at 0:memoGet: memo slot 0 out of range (policy has 0)");
  assert.is(bad([{ name: "f", params: 3, locals: 3, result: 2, body: [] }], { plans: [{ name: "p", func: "f" }] }),
    "emit: entrypoint p: function f must take (input, data), not 3 parameters");
  assert.is(bad([], { plans: [{ name: "p", func: "nope" }] }), "emit: entrypoint p: unknown function nope");
  assert.is(bad([], { constants: [{ t: "number", text: "0x10" }] }), 'emit: constant number "0x10" is not a JSON number');
});

test("fixture: names option appends a name section that shows generated functions in traps", () => {
  const policy: Policy = {
    constants: [],
    funcs: [{ name: "data.t.boom", params: 2, locals: 3, result: 2, body: [{ op: "call", func: "bi_strings$upper", args: [L(2)], result: 2 }] }],
    plans: [{ name: "t/boom", func: "data.t.boom" }],
    memoSlots: 0,
  };
  const plain = emitModule(policy, runtime);
  const named = emitModule(policy, runtime, { names: true });
  assert.ok(WebAssembly.validate(named as BufferSource));
  assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(plain as BufferSource), "name"), []);
  assert.is(WebAssembly.Module.customSections(new WebAssembly.Module(named as BufferSource), "name").length, 1);
  const fx = instantiateFixture(named);
  let stack = "";
  try { fx.eval(0, 5); } catch (e) { stack = (e as Error).stack ?? ""; } // the fixture throws on handle 0
  assert.match(stack, /data\.t\.boom/);
  assert.match(stack, /__gpc_eval/);
});

test.run();
