// Template strings ($"…{expr}…", $`…`) end to end: desugared as OPA's compiler does into
// internal.template_string over one-element sets (undefined prints <undefined>). Expected values
// are those of OPA's string-interpolation test cases.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../../src/rego/wasm/compile.js";

async function value(body: string, input: unknown = {}): Promise<unknown> {
  const wasm = compileRego({ modules: { "p.rego": `package t\n${body}\n` }, entrypoints: ["t/p"] });
  const policy = await loadPolicy(wasm as unknown as BufferSource);
  return policy.evaluate(input);
}

test("literal text, escapes, escaped braces", async () => {
  assert.equal(await value('p := $""'), [{ result: "" }]);
  assert.equal(await value('p := $"\\t\\n\\""'), [{ result: "\t\n\"" }]);
  assert.equal(await value('p := $"foo \\{42} bar"'), [{ result: "foo {42} bar" }]);
  assert.equal(await value("p := $`a\n\\{b}`"), [{ result: "a\n{b}" }]);
});

test("values print as OPA prints them; undefined is <undefined>", async () => {
  assert.equal(await value('p := $"{42}, {13.37}, {true}, {"foo"}, {null}"'), [{ result: "42, 13.37, true, foo, null" }]);
  assert.equal(await value('p := $"{[]}, {[42, "foo", null]}, {set()}, {{42}}, {{"a": "b"}}"'), [{ result: '[], [42, "foo", null], set(), {42}, {"a": "b"}' }]);
  assert.equal(await value('p := $"{input.x}, {data.y}"'), [{ result: "<undefined>, <undefined>" }]);
  assert.equal(await value('a := 42\np := $"sum: {1 + a}"'), [{ result: "sum: 43" }]);
});

test("nested templates and templates in comprehensions", async () => {
  assert.equal(await value('a := "foo"\nb := "bar"\np := $"{$"{a}"} {$"{$"{b}"} baz"}"'), [{ result: "foo bar baz" }]);
  assert.equal(await value('a := ["foo", "bar"]\np := [x | some y in a; x := $"<{y}>"]'), [{ result: ["<foo>", "<bar>"] }]);
});

test("a message built from input, as a violation would", async () => {
  const src = 'p contains $"container {c.name} is privileged" if {\n  some c in input.containers\n  c.privileged\n}';
  assert.equal(await value(src, { containers: [{ name: "a", privileged: true }, { name: "b" }] }), [{ result: ["container a is privileged"] }]);
});

test.run();
