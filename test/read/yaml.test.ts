import { test } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_LIMITS } from "../../src/read/limits.js";
import { parseYamlDocument, relaxIndentation } from "../../src/read/yaml.js";

const parse = (text: string, limits = DEFAULT_LIMITS) => parseYamlDocument(text, limits);
const value = (text: string) => { const r = parse(text); assert.equal(r.problems.filter((p) => p.severity === "error"), [], text); return r.value; };

test("YAML 1.1 booleans in plain scalars only; quoted and block scalars stay strings", () => {
  assert.equal(value("a: yes\nb: 'yes'\nc: \"on\"\nd: |\n  off\ne: Off\nf: !!str y\n"), { a: true, b: "yes", c: "on", d: "off\n", e: false, f: "y" });
});

test("%YAML 1.1 is read; other versions are errors, as in go-yaml v2", () => {
  assert.equal(value("%YAML 1.1\n---\nprivileged: yes\n"), { privileged: true });
  assert.match(parse("%YAML 1.2\n---\na: 1\n").problems[0]!.message, /incompatible YAML document \(%YAML 1\.2/);
});

test("non-string keys become strings; merge keys as go-yaml v2 (later keys override, earlier maps of a list win)", () => {
  assert.equal(value("yes: 1\n1: a\n012: b\n1.5: c\n"), { true: 1, 1: "a", 10: "b", "1.5": "c" });
  assert.equal(value("a: &a {p: 1, q: 1}\nb: &b {p: 2, r: 2}\nm:\n  w: 0\n  <<: [*a, *b]\n  q: 9\n"), { a: { p: 1, q: 1 }, b: { p: 2, r: 2 }, m: { w: 0, p: 1, r: 2, q: 9 } });
  // `y` is a boolean key in YAML 1.1: Kubernetes sees "true".
  assert.equal(value("y: 1\n"), { true: 1 });
  assert.match(parse("{~: 1}").problems[0]!.message, /null mapping key/);
  assert.match(parse("? [a]\n: 1\n").problems[0]!.message, /as a mapping key cannot become a JSON key/);
});

test("duplicate keys: the last one wins, with a warning at the repeated key's offset", () => {
  const r = parse("spec:\n  selector: {a: 1}\n  selector: {a: 2}\n");
  assert.equal(r.value, { spec: { selector: { a: 2 } } });
  assert.equal(r.problems.map((p) => [p.severity, p.message, p.offset]), [["warning", 'duplicate key "selector" (the last one wins, as the API server reads it)', 27]]);
});

test("aliases are expanded (copies, not shared) under a budget on the expanded size", () => {
  const v = value("a: &x {k: [1]}\nb: *x\n") as Record<string, { k: number[] }>;
  assert.equal(v, { a: { k: [1] }, b: { k: [1] } });
  assert.is.not(v.a, v.b);
  let bomb = "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
  for (let l = 1; l < 9; l++) bomb += `a${l}: &a${l} [${Array(10).fill(`*a${l - 1}`).join(",")}]\n`;
  const c0 = process.cpuUsage();
  const r = parse(bomb);
  assert.equal(r.problems.map((p) => p.message), ["more than 1,000,000 values (YAML aliases expanded): over the limit"]);
  const c = process.cpuUsage(c0);
  assert.ok(c.user + c.system < 60e6, "the alias budget did not stop the expansion (a minute of CPU time)"); // a hang guard, not a speed goal
  assert.equal(parse("a: &x [1, 2]\nb: [*x, *x]\n", { ...DEFAULT_LIMITS, maxNodes: 7 }).problems.map((p) => p.message), ["more than 7 values (YAML aliases expanded): over the limit"]);
  assert.match(parse("a: *nope\n").problems[0]!.message, /unknown alias|unknown anchor/);
});

test("nesting deeper than the limit is one message for flow, block and alias nesting; exactly the limit is fine", () => {
  const flow = (n: number) => "a: " + "[".repeat(n) + "]".repeat(n);
  const block = (n: number) => Array.from({ length: n }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1\n";
  assert.equal(parse(flow(499)).problems, []);
  assert.equal(parse(block(499)).problems, []);
  for (const text of [flow(501), flow(5000), block(501), block(3000)]) assert.equal(parse(text).problems.map((p) => p.message), ["nesting deeper than 500 levels"]);
  assert.equal(parse("a: &a [[[1]]]\nb: [[*a]]\n", { ...DEFAULT_LIMITS, maxDepth: 5 }).problems.map((p) => p.message), ["nesting deeper than 5 levels"]);
});

test("what go-yaml accepts and js-yaml rejects: flow sequences and quoted scalars continued at the key's column", () => {
  assert.equal(value("spec:\n  args: [\"a\",\n  \"b\"]\n"), { spec: { args: ["a", "b"] } });
  assert.equal(value("spec:\n  args: [a,\n  b\n  ]\n"), { spec: { args: ["a", "b"] } });
  assert.equal(value("metadata:\n  annotations:\n    d: \"line one\n    line two\"\n"), { metadata: { annotations: { d: "line one line two" } } });
  assert.equal(value("description: \"a multi-line\n  double-quoted\n\n  text\"\n"), { description: "a multi-line double-quoted\ntext" });
  assert.is(relaxIndentation("a: |\n  [\nb: 1\n"), undefined);
  assert.is(relaxIndentation("a: it's\nb: 1\n"), undefined);
});

test(".inf and .nan values are errors located at the scalar", () => {
  const r = parse("a: 1\nb: .inf\n");
  assert.equal(r.problems.map((p) => [p.message, p.offset]), [[".inf is a non-finite float, which JSON (and so the API server) cannot carry", 8]]);
});

test("__proto__ is an ordinary key", () => {
  const v = value("__proto__: {polluted: true}\n") as Record<string, unknown>;
  assert.equal(Object.keys(v), ["__proto__"]);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test.run();
