// What the engine writes into a policy module: Gatekeeper's float64 number text, bounded depth,
// and the evaluation budget — with real templates through gpc's compiler and the SDK.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createEngine, type EngineOptions } from "../../src/engine/engine.js";
import { gatekeeperJSON, goFloat, InputDepthError } from "../../src/engine/input-json.js";
import { instantiate, resolveBudget, WasmCache } from "../../src/engine/wasm.js";
import { templateRego } from "../../src/engine/template.js";
import type { K8sObject } from "../../src/engine/types.js";

test("goFloat is Go's strconv.FormatFloat(f, 'g', -1, 64)", () => {
  const cases: [number, string][] = [
    [1000, "1000"], [100000, "100000"], [1000000, "1e+06"], [2147483647, "2.147483647e+09"],
    [123456789012, "1.23456789012e+11"], [0.5, "0.5"], [0.0001, "0.0001"], [1e-5, "1e-05"], [-0, "-0"], [0, "0"],
    [1e21, "1e+21"], [1.5e300, "1.5e+300"], [-2.5e-7, "-2.5e-07"], [1234567.8, "1.2345678e+06"], [123456.7, "123456.7"],
    [-1000000, "-1e+06"], [5e-324, "5e-324"], [1.7976931348623157e308, "1.7976931348623157e+308"], [65534, "65534"],
  ];
  for (const [f, want] of cases) assert.is(goFloat(f), want, String(f));
});

test("gatekeeperJSON: JSON.stringify's shape with Gatekeeper's numbers", () => {
  const v = { a: [1, 1e6, { skip: undefined, fn: () => 1, s: "x\"<\\", "k\\\"1e6": -123456 }, undefined], t: new Date(0), n: NaN, f: 0.25, g: [0.00001, 1234567.8, -2147483647, 1e21, 999999] };
  assert.is(gatekeeperJSON(v), '{"a":[1,1e+06,{"s":"x\\"<\\\\","k\\\\\\"1e6":-123456},null],"t":"1970-01-01T00:00:00.000Z","n":null,"f":0.25,"g":[1e-05,1.2345678e+06,-2.147483647e+09,1e+21,999999]}');
  assert.equal(JSON.parse(gatekeeperJSON(v)), JSON.parse(JSON.stringify(v)));
  assert.is(gatekeeperJSON(undefined), "null");
});

test("gatekeeperJSON: 1000 levels pass, deeper (counted from the document root) is InputDepthError; cycles too", () => {
  const nest = (n: number): unknown => { let x: unknown = 1; for (let i = 0; i < n; i++) x = [x]; return x; };
  assert.is(gatekeeperJSON(nest(1000)).length, 2001);
  assert.throws(() => gatekeeperJSON(nest(1001)), (e: unknown) => e instanceof InputDepthError && (e as Error).message === "invalid input: exceeded max depth 1000");
  assert.throws(() => gatekeeperJSON(nest(1000), 1), /exceeded max depth 1000/);
  assert.throws(() => gatekeeperJSON(nest(5000)), /exceeded max depth 1000/);
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  assert.throws(() => gatekeeperJSON(cyc), /exceeded max depth 1000/);
});

const template = (kind: string, rego: string, schema?: object): K8sObject => ({
  apiVersion: "templates.gatekeeper.sh/v1", kind: "ConstraintTemplate", metadata: { name: kind.toLowerCase() },
  spec: { crd: { spec: { names: { kind }, ...(schema ? { validation: { openAPIV3Schema: schema } } : {}) } }, targets: [{ target: "admission.k8s.gatekeeper.sh", code: [{ engine: "Rego", source: { version: "v1", rego: `package ${kind.toLowerCase()}\n${rego}` } }] }] },
});
const constraint = (kind: string, name: string, spec: object = {}): K8sObject => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name }, spec });
const pod = (spec: object): K8sObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec });

// Both templates, so that the batched module is used by default (batch: false compiles them one by one).
const numbers = template("TestNumbers", [
  "violation contains {\"msg\": msg} if {",
  "  u := input.review.object.spec.securityContext.runAsUser",
  "  msg := sprintf(\"runAsUser %v (%d) exceeds %v; as text %s\", [u, u, input.parameters.max, format_int(u, 10)])",
  "}",
].join("\n"), { type: "object", properties: { max: { type: "integer" } } });
const loop = template("TestLoop", [
  "violation contains {\"msg\": msg} if {",
  "  n := count([1 | some a in input.review.object.spec.xs; some b in input.review.object.spec.xs])",
  "  msg := sprintf(\"%d pairs\", [n])",
  "}",
].join("\n"));

async function engine(extra: Partial<EngineOptions> = {}) {
  const e = await createEngine({
    templates: [numbers, loop],
    constraints: [{ constraint: constraint("TestNumbers", "n", { parameters: { max: 2147483647 } }) }, { constraint: constraint("TestLoop", "l") }],
    cache: new WasmCache({ cacheDir: false }),
    ...extra,
  });
  assert.equal(e.problems, []);
  return e;
}

const msgs = (e: Awaited<ReturnType<typeof engine>>, o: K8sObject) => e.review({ object: o }).violations.map((v) => `${v.constraint.kind}: ${v.msg}${v.error ? ` [${v.error}]` : ""}`);

test("numbers from the object and the parameters reach Rego as Gatekeeper's float64 text", async () => {
  for (const batch of [true, false]) {
    const e = await engine({ batch });
    assert.equal(msgs(e, pod({ securityContext: { runAsUser: 1000000 } })), [
      "TestLoop: 0 pairs",
      "TestNumbers: runAsUser 1e+06 (%!d(float64=1e+06)) exceeds 2.147483647e+09; as text 1000000",
    ], `batch ${batch}`);
    assert.equal(msgs(e, pod({ securityContext: { runAsUser: 1000 } })), [
      "TestLoop: 0 pairs",
      "TestNumbers: runAsUser 1000 (1000) exceeds 2.147483647e+09; as text 1000",
    ]);
  }
});

test("an object nested deeper than 1,000 levels is the same review error in every mode, never a RangeError", async () => {
  let deep: unknown = {};
  for (let i = 0; i < 5000; i++) deep = { a: deep };
  let mid: unknown = {};
  for (let i = 0; i < 1500; i++) mid = { a: mid };
  const want = ["TestLoop: invalid input: exceeded max depth 1000 [runtime]", "TestNumbers: invalid input: exceeded max depth 1000 [runtime]"];
  for (const batch of [true, false]) {
    const e = await engine({ batch });
    assert.equal(msgs(e, pod({ deep })), want, `batch ${batch}`);
    assert.equal(msgs(e, pod({ mid })), want, `batch ${batch}`);
    assert.equal(msgs(e, pod({ xs: [1, 2] })), ["TestLoop: 4 pairs"]);
  }
  // the audit workers' path (one module per template, the SDK's evaluate) gets the same bytes
  const cache = new WasmCache({ cacheDir: false });
  const ct = await instantiate(templateRego(loop), await cache.module(templateRego(loop)));
  assert.equal(ct.evaluate({ review: new TextEncoder().encode(gatekeeperJSON({ object: pod({ xs: [1, 2, 3] }) }, 1)), reviewId: 1, params: new TextEncoder().encode("{}") }), [{ msg: "9 pairs" }]);
});

test("over budget: a fail-closed runtime error naming the budget; the next object is evaluated normally", async () => {
  for (const batch of [true, false]) {
    const e = await engine({ batch, budget: { steps: 5000 } });
    const xs = (n: number) => pod({ xs: Array.from({ length: n }, (_, i) => i) });
    assert.equal(msgs(e, xs(200)), ["TestLoop: evaluation exceeded its budget of 5000 steps [runtime]"], `batch ${batch}`);
    assert.equal(msgs(e, xs(20)), ["TestLoop: 400 pairs"]);
    assert.equal(msgs(e, pod({ securityContext: { runAsUser: 5 } })), ["TestLoop: 0 pairs", "TestNumbers: runAsUser 5 (5) exceeds 2.147483647e+09; as text 5"]);
  }
});

test("resolveBudget: options, then GPC_EVAL_BUDGET / GPC_EVAL_MEMORY, then the defaults; bad values are errors", async () => {
  assert.equal(resolveBudget({}, {}), { steps: 100000000, memoryMiB: 256 });
  assert.equal(resolveBudget({}, { GPC_EVAL_BUDGET: "5000", GPC_EVAL_MEMORY: "64" }), { steps: 5000, memoryMiB: 64 });
  assert.equal(resolveBudget({ steps: 7 }, { GPC_EVAL_BUDGET: "5000" }), { steps: 7, memoryMiB: 256 });
  assert.throws(() => resolveBudget({}, { GPC_EVAL_BUDGET: "lots" }), /GPC_EVAL_BUDGET: lots is not an integer from 1 to 2147483647/);
  assert.throws(() => resolveBudget({ memoryMiB: 5000 }, {}), /evaluation budget: 5000 is not an integer from 1 to 4095/);
  let err: unknown;
  try { await createEngine({ templates: [], constraints: [], budget: { steps: 0 } }); } catch (e) { err = e; }
  assert.match(String(err), /evaluation budget: 0 is not an integer/);
});

test.run();
