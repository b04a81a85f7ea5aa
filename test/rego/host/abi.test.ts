/**
 * Host builtins (runtime/builtins/host.ts, src/rego/host/): how modules call them through the
 * stock SDK — builtins() lists exactly the host builtins a policy calls, builtin errors are
 * undefined, per-evaluation caching, the evaluation budget across host calls.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileRegoDetailed } from "../../../src/rego/wasm/compile.js";
import { hostBuiltins, HOST_BUILTINS, HOST_IMPLEMENTATIONS } from "../../../src/rego/host/index.js";
import { evalRego, load } from "./harness.js";

test("every host builtin has an implementation and a customBuiltins entry", () => {
  for (const name of HOST_BUILTINS.keys()) {
    assert.ok(HOST_IMPLEMENTATIONS.has(name), name);
    assert.type(hostBuiltins[`gpc.${name}`], "function", name);
  }
  assert.type(hostBuiltins["gpc.time.zone"], "function");
});

test("builtins() lists only the host builtins the policy calls", async () => {
  const none = compileRegoDetailed({ modules: { "t.rego": "package t\np := count([1])" }, entrypoints: ["t/p"] });
  const withHost = compileRegoDetailed({ modules: { "t.rego": "package t\np := crypto.sha256(\"x\")\nq := crypto.md5(\"x\")" }, entrypoints: ["t/p", "t/q"] });
  const list = async (wasm: Uint8Array | undefined): Promise<Record<string, number>> => {
    const memory = new WebAssembly.Memory({ initial: 5 });
    const { instance } = await WebAssembly.instantiate(wasm!, { env: { memory, opa_abort() {}, opa_println() {}, opa_builtin1() { return 0; } } });
    const x = instance.exports as { builtins(): number; opa_json_dump(v: number): number };
    const at = x.opa_json_dump(x.builtins());
    const b = new Uint8Array(memory.buffer);
    let e = at;
    while (b[e]) e++;
    return JSON.parse(new TextDecoder().decode(b.subarray(at, e))) as Record<string, number>;
  };
  assert.equal(await list(none.wasm), {});
  assert.equal(await list(withHost.wasm), { "gpc.crypto.sha256": 0, "gpc.crypto.md5": 1 });
});

test("a module calling a host builtin, loaded without gpc's host builtins, throws naming it", async () => {
  const p = await load(`p := crypto.sha256("abc")`, { host: false });
  assert.throws(() => p.evaluate({}), (e: { message?: string }) => /not implemented: built-in function 0: gpc\.crypto\.sha256/.test(String(e.message)));
});

test("a builtin error is undefined, not an evaluation error (OPA's non-strict evaluation)", async () => {
  const r = await evalRego(`
p := x if { x := crypto.sha256(input.n) } else := "undefined"
q := x if { x := io.jwt.verify_hs256("not-a-jwt", "k") } else := "undefined"
r := x if { x := uuid.parse("nope") } else := "undefined"
`, { n: 1 });
  assert.equal(r, { p: "undefined", q: "undefined", r: "undefined" });
});

test("arguments and results keep exact numbers (beyond 2^53)", async () => {
  const r = await evalRego(`
tok := io.jwt.encode_sign({"alg": "HS256"}, {"n": 12345678901234567890123}, {"kty": "oct", "k": "c2VjcmV0"})
p := io.jwt.decode_verify(tok, {"secret": "secret"})
`);
  assert.equal((r.p as unknown[])[0], true);
  const payload = Buffer.from(String(r.tok).split(".")[1]!, "base64url").toString();
  assert.is(payload, '{"n":12345678901234567890123}');
});

test("results with lone surrogates and odd keys load into the module (Go's U+FFFD)", async () => {
  const r = await evalRego(`
tok := io.jwt.encode_sign_raw("{\\"alg\\":\\"HS256\\"}", "{\\"s\\":\\"\\\\ud800x\\", \\"__proto__\\": 1}", "{\\"kty\\":\\"oct\\",\\"k\\":\\"YQ\\"}")
p := io.jwt.decode_verify(tok, {"secret": "a"})[2]
`);
  assert.equal(JSON.stringify(r.p), JSON.stringify(JSON.parse('{"__proto__":1,"s":"\uFFFDx"}')));
});

test("time.now_ns: once per evaluation (every call equal), the host clock, and mockable with with", async () => {
  const p = await load(`
a := time.now_ns()
b := time.now_ns()
same if { a == b; time.now_ns() == a }
mocked := x if { x := time.now_ns() with time.now_ns as 5 }
`);
  const before = BigInt(Date.now()) * 1000000n - 1000000000n;
  const r = (p.evaluate({}) as { result: Record<string, unknown> }[])[0]!.result;
  const after = BigInt(Date.now()) * 1000000n + 1000000000n;
  assert.is(r.same, true);
  assert.is(r.mocked, 5);
  const ns = BigInt(r.a as number);
  assert.ok(ns > before && ns < after, `time.now_ns ${ns} is the host clock`);
});

test("rand.intn and uuid.rfc4122: cached per evaluation and argument, in range, fresh next evaluation", async () => {
  const p = await load(`
r := [rand.intn("a", 1000000), rand.intn("a", 1000000), rand.intn("b", 1000000)]
zero := rand.intn("z", 0)
u := [uuid.rfc4122("k"), uuid.rfc4122("k"), uuid.rfc4122("l")]
`);
  const r1 = (p.evaluate({}) as { result: { r: number[]; u: string[]; zero: number } }[])[0]!.result;
  assert.is(r1.r[0], r1.r[1]);
  assert.ok(r1.r.every((n) => Number.isInteger(n) && n >= 0 && n < 1000000));
  assert.is(r1.zero, 0);
  assert.is(r1.u[0], r1.u[1]);
  assert.is.not(r1.u[0], r1.u[2]);
  assert.match(r1.u[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const later = new Set<string>();
  for (let i = 0; i < 5; i++) later.add((p.evaluate({}) as { result: { u: string[] } }[])[0]!.result.u[0]!);
  assert.ok(later.size > 1, "a new evaluation draws a new UUID");
});

test("the evaluation budget stays armed across host calls", async () => {
  const p = await load(`p := [h | some i in numbers.range(1, 100000); h := crypto.md5(sprintf("%d", [i]))]`);
  const raw = p as unknown as { wasmInstance: WebAssembly.Instance };
  (raw.wasmInstance.exports.gpc_set_budget as (s: number, m: number) => void)(20000, 0);
  assert.throws(() => p.evaluate({}), (e: unknown) => /budget of 20000 steps/.test(String(e)));
  (raw.wasmInstance.exports.gpc_set_budget as (s: number, m: number) => void)(100000000, 0);
  const small = await load(`p := crypto.md5("a")`);
  assert.equal(small.evaluate({}), [{ result: { p: "0cc175b9c0f1b6a831c399e269772661" } }]);
});

test.run();
