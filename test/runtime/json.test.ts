// The runtime without the linker: module shape, ABI exports, JSON parse/dump.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { instantiate, runtimeBytes } from "./harness.ts";

const rt = instantiate();
const roundTrip = (s: string) => { const v = rt.parse(s); return v === 0 ? undefined : rt.dump(v); };

test("imports only env.memory, env.opa_abort, env.opa_println, env.opa_builtin1; memory min <= 5 pages, no max", () => {
  const mod = new WebAssembly.Module(runtimeBytes());
  const imports = WebAssembly.Module.imports(mod);
  for (const i of imports) {
    assert.is(i.module, "env");
    assert.ok(["memory", "opa_abort", "opa_println", "opa_builtin1"].includes(i.name), i.name);
  }
  assert.ok(imports.some((i) => i.name === "memory" && i.kind === "memory"));
  // memory limits: read the import section (min is the LEB128 after the flags byte)
  const bytes = runtimeBytes();
  const idx = Buffer.from(bytes).indexOf(Buffer.from("\x03env\x06memory\x02", "latin1"));
  assert.ok(idx > 0);
  const flags = bytes[idx + 12], min = bytes[idx + 13];
  assert.is(flags, 0, "no maximum");
  assert.ok(min <= 5, `min ${min}`);
});

test("exports the ABI, the link stubs and every rt_* function of runtime-abi.ts", async () => {
  const { RUNTIME_FUNCTIONS } = await import("../../src/rego/wasm/runtime-abi.ts");
  const mod = new WebAssembly.Module(runtimeBytes());
  const ex = new Map(WebAssembly.Module.exports(mod).map((e) => [e.name, e.kind]));
  for (const name of ["builtins", "entrypoints", "opa_malloc", "opa_free", "opa_json_parse", "opa_value_parse",
    "opa_json_dump", "opa_value_dump", "opa_heap_ptr_get", "opa_heap_ptr_set", "opa_eval", "opa_eval_ctx_new",
    "opa_eval_ctx_set_input", "opa_eval_ctx_set_data", "opa_eval_ctx_set_entrypoint", "opa_eval_ctx_get_result",
    "eval", "__gpc_init", "__gpc_eval"]) assert.is(ex.get(name), "function", name);
  for (const name of ["opa_wasm_abi_version", "opa_wasm_abi_minor_version", "__gpc_heap_base"]) assert.is(ex.get(name), "global", name);
  assert.is(ex.get("memory"), "memory");
  for (const [name, arity] of Object.entries(RUNTIME_FUNCTIONS)) {
    assert.is(ex.get(name), "function", name);
    assert.is((rt.x[name] as Function).length, arity, `${name} arity`);
  }
  assert.is(rt.x.opa_wasm_abi_version.value, 1);
  assert.is(rt.x.opa_wasm_abi_minor_version.value, 3);
  for (const n of ex.keys()) assert.ok(!n.startsWith("__") || n.startsWith("__gpc_"), `stray export ${n}`);
});

test("heap: __gpc_heap_base is mutable and the start heap is above it; opa_malloc aligns and grows", () => {
  const base = rt.x.__gpc_heap_base.value;
  assert.ok(base > 0 && base % 8 === 4 || base % 8 === 0);
  const r = instantiate();
  assert.ok(r.x.opa_heap_ptr_get() >= base);
  r.x.opa_heap_ptr_set(r.x.opa_heap_ptr_get() + 3);
  const p = r.x.opa_malloc(5);
  assert.is(p % 8, 0);
  const big = r.x.opa_malloc(3 * 1024 * 1024);
  assert.is(big % 8, 0);
  assert.ok(r.memory.buffer.byteLength >= big + 3 * 1024 * 1024);
  assert.ok(r.x.opa_heap_ptr_get() >= big + 3 * 1024 * 1024);
});

test("out of memory aborts through opa_abort with a message", () => {
  const mod = new WebAssembly.Module(runtimeBytes());
  const memory = new WebAssembly.Memory({ initial: 5, maximum: 8 });
  let msg = "";
  const env = {
    memory,
    opa_abort(a: number) { const b = new Uint8Array(memory.buffer); let e = a; while (b[e]) e++; msg = new TextDecoder().decode(b.subarray(a, e)); throw new Error(msg); },
    opa_println() {},
    opa_builtin1() { return 0; },
  };
  const x = new WebAssembly.Instance(mod, { env }).exports as any;
  assert.throws(() => x.opa_malloc(1 << 20), /out of memory/);
  assert.is(msg, "gpc runtime: out of memory (cannot grow beyond 320 KiB)");
});

test("builtins() and entrypoints() are empty objects before linking", () => {
  assert.is(rt.dump(rt.x.builtins()), "{}");
  assert.is(rt.dump(rt.x.entrypoints()), "{}");
});

test("JSON round trips: sorted keys, last duplicate wins, numbers keep their text", () => {
  assert.is(roundTrip(`{"b":1,"a":[1,2.0,"x"],"c":null,"a":true}`), `{"a":true,"b":1,"c":null}`);
  assert.is(roundTrip(` [ 1 , -0 , 1e3 , 1.50 , 12345678901234567890 , -2.5E-3 ] `), `[1,-0,1e3,1.50,12345678901234567890,-2.5E-3]`);
  assert.is(roundTrip(`{"z":{"y":{},"x":[]},"a":false}`), `{"a":false,"z":{"x":[],"y":{}}}`);
  assert.is(roundTrip(`"plain"`), `"plain"`);
  assert.is(roundTrip(`true`), `true`);
  // keys in code point order (= UTF-8 byte order), not UTF-16 order
  assert.is(roundTrip(`{"\uffff":1,"😀":2,"a":3,"é":4}`), `{"a":3,"é":4,"\uffff":1,"😀":2}`);
});

test("JSON strings: escapes, unicode, Go's HTML-safe escaping", () => {
  assert.is(roundTrip(`"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"`), `"a\\"b\\\\c/d\\b\\f\\n\\r\\t"`);
  assert.is(roundTrip(`"\\u0001\\u001f<&>\\u2028"`), `"\\u0001\\u001f\\u003c\\u0026\\u003e\\u2028"`);
  assert.is(roundTrip(`"é😀\\u00e9\\ud83d\\ude00"`), `"é😀é😀"`);
  assert.is(roundTrip(`"\\ud800x"`), `"\uFFFDx"`, "lone surrogate escape becomes U+FFFD");
  assert.is(roundTrip(`"\\udc00"`), `"\uFFFD"`);
  assert.is(JSON.parse(roundTrip(JSON.stringify("mixed ünïcödé ✓ 𝄞"))!), "mixed ünïcödé ✓ 𝄞");
});

test("invalid JSON and invalid UTF-8 return 0", () => {
  for (const s of ["", " ", "[1,", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "+1", "1e", "nul", "tru", "\"\\x\"",
    "\"\t\"", "[1] 2", "NaN", "'a'", "\"\\u12\"", "{\"a\" 1}", "[1 2]"]) {
    assert.is(rt.parse(s), 0, JSON.stringify(s));
  }
  const bad = (bytes: number[]) => rt.x.opa_json_parse(rt.write(new Uint8Array(bytes)), bytes.length);
  assert.is(bad([0x22, 0xff, 0x22]), 0);
  assert.is(bad([0x22, 0xc3, 0x22]), 0, "truncated sequence");
  assert.is(bad([0x22, 0xc0, 0xaf, 0x22]), 0, "overlong");
  assert.is(bad([0x22, 0xed, 0xa0, 0x80, 0x22]), 0, "encoded surrogate");
  assert.is(bad([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]), 0, "above U+10FFFF");
  assert.ok(bad([0x22, 0xc3, 0xa9, 0x22]) !== 0);
});

test("deep nesting: 1000 levels parse, dump and compare; deeper JSON fails cleanly", () => {
  const r = instantiate();
  const deep = "[".repeat(1000) + "]".repeat(1000);
  const v = r.parse(deep);
  assert.ok(v !== 0);
  assert.is(r.dump(v), deep);
  assert.is(r.x.rt_equal(v, r.parse(deep)), 1);
  const obj = '{"a":'.repeat(1000) + "1" + "}".repeat(1000);
  assert.is(r.dump(r.parse(obj)), obj);
  assert.is(r.parse("[".repeat(1001) + "]".repeat(1001)), 0);
  assert.is(r.parse("[".repeat(10000) + "]".repeat(10000)), 0);
  assert.is(r.parse("[".repeat(200000)), 0);
  // through opa_eval: a clear abort message, not a stack overflow
  const input = new TextEncoder().encode("[".repeat(10000) + "]".repeat(10000));
  const at = r.x.opa_heap_ptr_get();
  r.x.opa_malloc(input.length);
  new Uint8Array(r.memory.buffer).set(input, at);
  assert.throws(() => r.x.opa_eval(0, 0, r.parse("{}"), at, input.length, at + input.length, 0), /exceeded max depth 1000/);
});

test("10 MB input parses and dumps", () => {
  const r = instantiate();
  const items = [];
  for (let i = 0; i < 60000; i++) items.push({ name: `pod-${i}`, labels: { app: "x".repeat(100), n: i }, ok: i % 2 === 0, f: i / 7 });
  const text = JSON.stringify({ items });
  assert.ok(text.length > 10e6, `${text.length}`);
  const t0 = performance.now();
  const v = r.parse(text);
  const t1 = performance.now();
  assert.ok(v !== 0);
  const out = r.dump(v);
  const t2 = performance.now();
  assert.equal(JSON.parse(out), JSON.parse(text));
  console.log(`  10 MB: parse ${(t1 - t0).toFixed(0)} ms, dump ${(t2 - t1).toFixed(0)} ms`);
});

test("opa_eval with the unlinked stub: resets the heap (odd pointer), returns []", () => {
  const r = instantiate();
  const data = r.parse("{}");
  const input = new TextEncoder().encode(`{"a":[1,2,3]}`);
  const at = r.x.opa_heap_ptr_get();
  new Uint8Array(r.memory.buffer).set(input, at);
  const res = r.x.opa_eval(0, 0, data, at, input.length, at + input.length, 0);
  assert.is(r.cstr(res), "[]");
  assert.ok(res >= at + input.length);
  // no input
  assert.is(r.cstr(r.x.opa_eval(0, 0, data, 0, 0, at + 1, 0)), "[]");
  // invalid input aborts with a message
  const badIn = new TextEncoder().encode(`{"a":`);
  new Uint8Array(r.memory.buffer).set(badIn, at);
  assert.throws(() => r.x.opa_eval(0, 0, data, at, badIn.length, at + badIn.length, 0), /invalid input/);
});

test("context path: ctx_new/set_*/eval/get_result gives an empty result set with the stub", () => {
  const r = instantiate();
  const ctx = r.x.opa_eval_ctx_new();
  r.x.opa_eval_ctx_set_input(ctx, r.parse(`{"x":1}`));
  r.x.opa_eval_ctx_set_data(ctx, r.parse(`{}`));
  r.x.opa_eval_ctx_set_entrypoint(ctx, 0);
  assert.is(r.x.eval(ctx), 0);
  assert.is(r.dump(r.x.opa_eval_ctx_get_result(ctx)), "[]");
});

test("the stock SDK loads the unlinked runtime and evaluates (stub → undefined)", async () => {
  const { loadPolicy } = await import("@open-policy-agent/opa-wasm");
  const policy = await loadPolicy(runtimeBytes());
  policy.setData({ d: [1, 2] });
  assert.equal(policy.evaluate({ a: 1 }), []);
  assert.equal(policy.evaluate(), []);
  assert.equal(policy.evaluate({ a: 2 }), []);
});

test("the start function calls __gpc_init and opa_eval/eval call __gpc_eval (stubs not inlined)", async () => {
  const { execFileSync } = await import("node:child_process");
  const { join } = await import("node:path");
  const { root, wasmPath } = await import("./harness.ts");
  runtimeBytes();
  const wat = execFileSync(join(root, "node_modules/.bin/wasm-dis"), [wasmPath], { encoding: "utf8", maxBuffer: 64 << 20 });
  const fn = (name: string) => new RegExp(`\\(export "${name.replace(/\$/g, "\\$")}" \\(func (\\$\\d+)\\)\\)`).exec(wat)![1];
  const init = fn("__gpc_init"), ev = fn("__gpc_eval");
  const body = (f: string) => { const i = wat.search(new RegExp(`\\(func \\${f}[\\s]`)); return wat.slice(i, wat.indexOf("\n (func ", i + 1)); };
  const calls = (f: string, g: string) => new RegExp(`\\(call \\${g}[\\s)]`).test(body(f));
  assert.ok(calls(fn("opa_eval"), ev), "opa_eval calls __gpc_eval");
  assert.ok(calls(fn("eval"), ev), "eval calls __gpc_eval");
  const dropped = (f: string) => new RegExp(`\\(drop\\s*\\(call \\${ev}[\\s)]`).test(body(f));
  assert.not.ok(dropped(fn("opa_eval")) || dropped(fn("eval")), "the result of __gpc_eval is used, not folded");
  const start = /\(start (\$\d+)\)/.exec(wat)![1];
  assert.ok(calls(start, init), "start calls __gpc_init");
  assert.match(wat, /\(global \$global\$\d+ \(mut i32\) \(i32.const \d+\)\)/);
});

test("opa_value_add_path / opa_value_remove_path update data in place", () => {
  const r = instantiate();
  const d = r.parse(`{"a":{"b":1},"z":0}`);
  assert.is(r.x.opa_value_add_path(d, r.parse(`["a","c"]`), r.parse("2")), 0);
  assert.is(r.x.opa_value_add_path(d, r.parse(`["n","m"]`), r.parse(`[1]`)), 0);
  assert.is(r.dump(d), `{"a":{"b":1,"c":2},"n":{"m":[1]},"z":0}`);
  assert.is(r.x.opa_value_add_path(d, r.parse(`["z","y"]`), r.parse("1")), 3, "through a non-object");
  assert.is(r.x.opa_value_remove_path(d, r.parse(`["a","b"]`)), 0);
  assert.is(r.x.opa_value_remove_path(d, r.parse(`["q","b"]`)), 0);
  assert.is(r.dump(d), `{"a":{"c":2},"n":{"m":[1]},"z":0}`);
});

test("valueToRegoString (sprintf %v formatting)", () => {
  const f = (v: number) => JSON.parse(rt.dump(rt.x.__gpc_test_rego_string(v)));
  assert.is(f(rt.parse(`[1, "two", [3]]`)), `[1, "two", [3]]`);
  assert.is(f(rt.parse(`{"b": 1, "a": "x"}`)), `{"a": "x", "b": 1}`);
  assert.is(f(rt.set("1", `"two"`)), `{1, "two"}`);
  assert.is(f(rt.set()), `set()`);
  assert.is(f(rt.parse(`"raw"`)), `raw`);
  assert.is(f(rt.parse(`null`)), `null`);
  assert.is(f(rt.parse(`[1.0, true, null, "a\\"b\\n"]`)), `[1.0, true, null, "a\\"b\\n"]`);
  assert.is(f(rt.x.bi_div(rt.parse("7"), rt.parse("3"))), `2.3333333333333333333`); // big.Float, 64 bits
});

test.run();
