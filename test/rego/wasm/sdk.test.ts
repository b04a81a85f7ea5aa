// The same hand-written IR policies, linked onto the real runtime (runtime/build/runtime.wasm) and
// evaluated with the stock @open-policy-agent/opa-wasm SDK, by entrypoint name and by id.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { existsSync as exists, readFileSync } from "node:fs";
import { loadRuntime, runtimeFromBytes } from "../../../src/rego/wasm/encode/runtime.js";
import { readModule } from "../../../src/rego/wasm/encode/module.js";
import { emitModule } from "../../../src/rego/wasm/emit/index.js";
import type { Func, Policy } from "../../../src/rego/wasm/ir/ir.js";
import { CASES, K, L, num, str } from "./policies.js";
import { instantiateDirect } from "./direct.js";

const runtimePath = new URL("../../../runtime/build/runtime.wasm", import.meta.url);
const built = exists(runtimePath);

function builtinsUsed(p: Policy): string[] {
  const out: string[] = [];
  const walk = (ss: Func["body"]): void => {
    for (const s of ss) {
      if (s.op === "call" && s.func.startsWith("bi_")) out.push(s.func);
      if ("body" in s) walk(s.body);
    }
  };
  p.funcs.forEach((f) => walk(f.body));
  return out;
}

if (!built) {
  test("sdk: runtime/build/runtime.wasm is built", () => {
    assert.unreachable("run `npm run build:runtime` first");
  });
} else {
  // Without loadRuntime's self-test, so the direct (__gpc_eval) checks below run even when it fails.
  const runtime = runtimeFromBytes(new Uint8Array(readFileSync(runtimePath)), runtimePath.pathname);

  test("sdk: loadRuntime reads, checks, self-tests and caches the runtime", () => {
    const loaded = loadRuntime();
    assert.is(loadRuntime(), loaded);
    assert.equal(loaded.bytes, runtime.bytes);
    assert.ok(runtime.heapBase >= runtime.dataEnd);
    for (const f of ["rt_json_parse", "rt_abort", "rt_set_entrypoints", "rt_memo_reset"]) assert.type(runtime.functionIndex(f), "number");
    assert.ok(runtime.initFunction !== runtime.evalFunction);
  });

  test("sdk: final module exports no link-time symbols and only env imports", () => {
    const m = readModule(emitModule(CASES[0]!.policy, runtime));
    assert.equal(m.exports.filter((e) => /^(rt_|bi_|__gpc_)/.test(e.name)).map((e) => e.name), []);
    for (const name of ["opa_eval", "opa_malloc", "opa_json_dump", "builtins", "entrypoints", "memory"]) {
      assert.ok(m.exports.some((e) => e.name === name), name);
    }
    assert.equal([...new Set(m.imports.map((i) => i.module))], ["env"]);
  });

  const direct = (p: Policy) => {
    const bytes = emitModule(p, runtime, { dropExports: () => false });
    return (ep: number, input: unknown, data: unknown): unknown => instantiateDirect(bytes, data ?? {})(ep, input);
  };

  test("sdk: the runtime's opa_eval returns what __gpc_eval returns", async () => {
    const p = CASES[0]!.policy;
    const viaDirect = direct(p)(0, {}, {});
    const viaSdk = (await loadPolicy(emitModule(p, runtime))).evaluate({}, 0);
    assert.equal(viaDirect, [{ result: { a: [1, "x", true], b: null, c: 2.5 } }], "direct __gpc_eval");
    assert.equal(viaSdk, viaDirect, "runtime/build/runtime.wasm: opa_eval does not use the value of __gpc_eval (did the optimiser fold the stub's `return 0`?)");
  });

  for (const c of CASES) {
    const missing = builtinsUsed(c.policy).filter((b) => !runtime.exportedFunctions.has(b));
    test(`sdk: ${c.name}`, async () => {
      if (missing.length > 0) { console.log(`  (${c.name}: runtime lacks ${missing.join(", ")}; skipped)`); return; }
      const bytes = emitModule(c.policy, runtime);
      assert.ok(WebAssembly.validate(bytes as BufferSource), "valid module");
      // Directly through __gpc_eval first (isolates the emitter from the runtime's ABI layer).
      const run = direct(c.policy);
      for (const e of c.evals) {
        const id = c.policy.plans.findIndex((p) => p.name === e.entrypoint);
        const label = `direct ${e.entrypoint} ${JSON.stringify(e.input)}`;
        if ("throws" in e.expect) {
          let thrown: unknown;
          try { run(id, e.input, e.data); } catch (err) { thrown = err; }
          assert.is(thrown, e.expect.throws, label);
        } else {
          assert.equal(run(id, e.input, e.data), "value" in e.expect ? [{ result: e.expect.value }] : [], label);
        }
      }
      assert.equal(emitModule(c.policy, runtime), bytes, "deterministic");
      const policy = await loadPolicy(bytes);
      assert.equal(policy.entrypoints, Object.fromEntries(c.policy.plans.map((p, i) => [p.name, i])));
      for (const e of c.evals) {
        policy.setData((e.data ?? {}) as object);
        const id = c.policy.plans.findIndex((p) => p.name === e.entrypoint);
        for (const ep of [e.entrypoint, id] as const) {
          const label = `${String(ep)} ${JSON.stringify(e.input)}`;
          if ("throws" in e.expect) {
            let thrown: unknown;
            try { policy.evaluate(e.input, ep); } catch (err) { thrown = err; }
            assert.is(thrown, e.expect.throws, label);
          } else {
            const expected = "value" in e.expect ? [{ result: e.expect.value }] : [];
            assert.equal(policy.evaluate(e.input, ep), expected, label);
          }
        }
      }
    });
  }

  test("sdk: an evaluation after an abort starts clean", async () => {
    const c = CASES.find((x) => x.name === "assignOnce conflict")!;
    const policy = await loadPolicy(emitModule(c.policy, runtime));
    assert.throws(() => policy.evaluate({ a: 1, b: "z" }, "t/r"));
    assert.equal(policy.evaluate({ a: 1 }, "t/r"), [{ result: "a" }]);
  });

  test("sdk: a ~50-function policy links into a valid module (link time: npm run bench -- compiler)", () => {
    const n = 50;
    const funcs: Func[] = [];
    for (let i = 0; i < n; i++) {
      funcs.push({
        name: `f${i}`, params: 2, locals: 8, result: 2,
        body: [
          { op: "memoGet", slot: i, target: 3 },
          { op: "block", body: [{ op: "isDefined", source: 3 }, { op: "assign", source: L(3), target: 2 }, { op: "break", depth: 1 }] },
          { op: "make", type: "set", target: 2 },
          { op: "dot", source: L(0), key: K(0), target: 4 },
          { op: "scan", source: 4, key: 5, value: 6, body: [
            { op: "notEqual", a: L(6), b: K(1) },
            { op: "not", body: [{ op: "equal", a: L(6), b: K(2) }] },
            ...(i > 0 ? [{ op: "call" as const, func: `f${i - 1}`, args: [L(0), L(1)], result: 7 }] : []),
            { op: "setAdd", set: 2, value: L(6) },
          ] },
          { op: "memoSet", slot: i, source: 2 },
        ],
      });
    }
    const policy: Policy = {
      constants: [str("xs"), num("2"), str("zz"), { t: "set", items: [str("a"), num("1")] }],
      funcs,
      plans: funcs.map((f) => ({ name: `p/${f.name}`, func: f.name })),
      memoSlots: n,
    };
    const bytes = emitModule(policy, runtime);
    assert.ok(bytes.length > runtime.bytes.length);
    assert.ok(WebAssembly.validate(bytes as BufferSource));
  });
}

test.run();
