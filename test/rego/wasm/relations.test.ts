// Builtins that OPA evaluates as relations or with planner support, end to end (compileRego →
// stock SDK): walk enumerates every [path, value] pair; time.* keep nanoseconds exact.
// Expected values follow OPA's documentation and its topdown test cases.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../../src/rego/wasm/compile.js";

async function run(src: string, input: unknown): Promise<unknown> {
  const wasm = compileRego({ modules: { "p.rego": src }, entrypoints: ["t/r"] });
  const policy = await loadPolicy(wasm as unknown as BufferSource);
  return policy.evaluate(input);
}

test("walk(x, [path, value]) enumerates every node, pre-order", async () => {
  const src = "package t\nr := [p | walk(input, [p, v]); is_number(v)]\n";
  assert.equal(await run(src, { a: [1, { b: 2 }], c: "x" }), [{ result: [["a", 0], ["a", 1, "b"]] }]);
});

test("walk as a value iterates too; paths find privileged containers anywhere", async () => {
  const src = "package t\nr contains path if {\n  [path, v] := walk(input)\n  v.privileged == true\n}\n";
  const input = { spec: { containers: [{ privileged: true }], initContainers: [{ privileged: false }] } };
  assert.equal(await run(src, input), [{ result: [["spec", "containers", 0]] }]);
});

test("time.parse_rfc3339_ns → time.format round trip is exact", async () => {
  const src = "package t\nr := time.format(time.parse_rfc3339_ns(input.t))\n";
  assert.equal(await run(src, { t: "2017-06-02T19:00:00.5-07:00" }), [{ result: "2017-06-03T02:00:00.5Z" }]);
});

test("time.parse_duration_ns: nanoseconds print exactly", async () => {
  const src = "package t\nr := time.parse_duration_ns(\"8760h\")\n";
  assert.equal(await run(src, {}), [{ result: 31536000000000000 }]);
});

test.run();
