// Numbers end to end (compileRego, the stock SDK): literals and input numbers keep their exact
// text, big integers compute exactly and compare by value, as OPA's evaluator does.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../../src/rego/wasm/compile.js";

async function load(rego: string): Promise<LoadedPolicy> {
  const wasm = compileRego({ modules: { "p.rego": `package t\n${rego}\n` }, entrypoints: ["t/p"], regoVersion: "v1" });
  return loadPolicy(wasm);
}

test("big integer literals: exact arithmetic, comparison, sprintf and json.marshal", async () => {
  const p = await load([
    "p := [",
    "  28857836529306024611913 != 28857836529306024611912,",
    "  sprintf(\"%v %d\", [18446744073709551617 + 1, 18446744073709551617 * 2]),",
    "  json.marshal([18446744073709551617 - 1, 9223372036854775807 + 1, 2e308, 1.0, 7 / 3]),",
    "  sprintf(\"hi %v\", [2e308]),",
    "  count({18446744073709551617, 18446744073709551616, 18446744073709551617.0}),",
    "  {18446744073709551617: \"a\"}[18446744073709551617],",
    "]",
  ].join("\n"));
  assert.equal(p.evaluate({}, "t/p"), [{ result: [
    true,
    "18446744073709551618 36893488147419103234",
    "[18446744073709551616,9223372036854775808,2e308,1.0,2.3333333333333333333]",
    "hi 2e308",
    2,
    "a",
  ] }]);
});

test("input numbers keep their text: big integers from JSON compare and compute exactly", async () => {
  const p = await load([
    "p := [input.a == input.b, input.a - input.b, sprintf(\"%v\", [input.a]), input.a > input.b,",
    "  json.marshal(input), input.c == 1, input.d < input.e, count({input.a, input.b})]",
  ].join("\n"));
  // raw JSON text (an ArrayBuffer reaches the module unchanged; JSON.stringify would round)
  const raw = '{"a": 28857836529306024611913, "b": 28857836529306024611912, "c": 1.0, "d": 1e400, "e": 2e400}';
  const input = new TextEncoder().encode(raw).buffer as ArrayBuffer;
  assert.equal(p.evaluate(input, "t/p"), [{ result: [
    false, 1, "28857836529306024611913", true,
    '{"a":28857836529306024611913,"b":28857836529306024611912,"c":1.0,"d":1e400,"e":2e400}', true, true, 2,
  ] }]);
});

test("big.Float results: OPA's 64-bit text in json.marshal, float64 in sprintf, exact order", async () => {
  const p = await load([
    "p := [json.marshal([1 / 3, 7 / 3, 0.1 + 0.2, 2.5 * 1.5, 10 / 4, 9 / 3]), sprintf(\"%v %v\", [1 / 3, 7 / 3]),",
    "  1 / 3 < 0.33333333333333333335, 1 / 3 > 0.33333333333333333333, 1 / 3 == 1 / 3, ceil(-0.5), floor(-0.5), round(-2.5)]",
  ].join("\n"));
  assert.equal(p.evaluate({}, "t/p"), [{ result: [
    "[0.33333333333333333334,2.3333333333333333333,0.3,3.75,2.5,3]", "0.3333333333333333 2.3333333333333335",
    true, true, true, 1, 0, -3,
  ] }]);
});

test("a literal beyond ±2^100000 is OPA's parse error", () => {
  assert.throws(() => compileRego({ modules: { "p.rego": "package t\np := 1e40000\n" }, entrypoints: ["t/p"], regoVersion: "v1" }),
    /number too big/);
});

test.run();
