// AST shape: exact fields, spans and normalisations of parseModule's output.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseModule, formatTerm, type Module, type Rule, type Term, type Literal } from "../../../src/rego/syntax/index.js";

function mod(text: string, regoVersion: "v0" | "v1" = "v1"): Module {
  const r = parseModule("t.rego", text, { regoVersion });
  assert.equal(r.diagnostics, [], "no diagnostics");
  return r.module!;
}
/** The value term of the first rule of `package t\np := <expr>`. */
function term(expr: string): Term {
  return mod(`package t\np := ${expr}`).rules[0]!.value!;
}
/** The first literal of `package t\np if { <lit> }`. */
function lit(src: string, version: "v0" | "v1" = "v1"): Literal {
  const text = version === "v1" ? `package t\np if { ${src} }` : `package t\nimport future.keywords\np { ${src} }`;
  return mod(text, version).rules[0]!.bodies[0]![0]!;
}
/** A rule without spans, for comparing shapes. */
function shape(r: Rule): Record<string, unknown> {
  return {
    headKind: r.headKind,
    name: r.name,
    isDefault: r.isDefault,
    args: r.args?.map(formatTerm),
    key: r.key && formatTerm(r.key),
    value: r.value && formatTerm(r.value),
    assign: r.assign,
    bodies: r.bodies.map((b) => b.length),
    else: r.else.map((e) => [e.value && formatTerm(e.value), e.body.length]),
  };
}
const text = (src: string, s: { start: number; end: number }): string => src.slice(s.start, s.end);

test("module fields: package, packageSpan, imports, version", () => {
  const src = "package a.b[\"c-d\"]\nimport data.lib.x as y\nimport input.review\nimport future.keywords.in\nimport rego.v1\np := 1\n";
  const m = mod(src, "v0");
  assert.is(m.kind, "module");
  assert.equal(m.package, ["a", "b", "c-d"]);
  assert.is(text(src, m.packageSpan), "a.b[\"c-d\"]");
  assert.equal(m.span, { file: "t.rego", start: 0, end: src.length });
  assert.is(m.regoVersion, "v0");
  assert.equal(m.imports.map((i) => [formatTerm(i.path), i.alias, text(src, i.span)]), [
    ["data.lib.x", "y", "import data.lib.x as y"],
    ["input.review", "review", "import input.review"],
    ["future.keywords.in", "in", "import future.keywords.in"],
    ["rego.v1", "v1", "import rego.v1"],
  ]);
  const imp = m.imports[0]!;
  assert.is(imp.path.head.kind, "var");
  assert.equal(imp.path.path.map((p) => (p.kind === "scalar" ? p.value : null)), ["lib", "x"]);
});

test("rule shapes for every head form", () => {
  const m = mod(`package t
p := 1 if { true }
q if input.x
s contains x if { some x in input.xs }
o[k] := v if { some k, v in input.o }
ot[x] if { some x in input.xs }
a.b.c := 1
a.b[x] := 2 if { x := "k" }
f(x, y) := x if y
g(x) if x
default d := false
h := 1 if input.a else := 2 if input.b else := 3
`);
  assert.equal(m.rules.map(shape), [
    { headKind: "complete", name: ["p"], isDefault: false, args: undefined, key: undefined, value: "1", assign: ":=", bodies: [1], else: [] },
    { headKind: "complete", name: ["q"], isDefault: false, args: undefined, key: undefined, value: undefined, assign: "none", bodies: [1], else: [] },
    { headKind: "partialSet", name: ["s"], isDefault: false, args: undefined, key: "x", value: undefined, assign: "none", bodies: [1], else: [] },
    { headKind: "partialObject", name: ["o"], isDefault: false, args: undefined, key: "k", value: "v", assign: ":=", bodies: [1], else: [] },
    { headKind: "partialObject", name: ["ot"], isDefault: false, args: undefined, key: "x", value: undefined, assign: "none", bodies: [1], else: [] },
    { headKind: "complete", name: ["a", "b", "c"], isDefault: false, args: undefined, key: undefined, value: "1", assign: ":=", bodies: [0], else: [] },
    { headKind: "partialObject", name: ["a", "b"], isDefault: false, args: undefined, key: "x", value: "2", assign: ":=", bodies: [1], else: [] },
    { headKind: "function", name: ["f"], isDefault: false, args: ["x", "y"], key: undefined, value: "x", assign: ":=", bodies: [1], else: [] },
    { headKind: "function", name: ["g"], isDefault: false, args: ["x"], key: undefined, value: undefined, assign: "none", bodies: [1], else: [] },
    { headKind: "complete", name: ["d"], isDefault: true, args: undefined, key: undefined, value: "false", assign: ":=", bodies: [0], else: [] },
    { headKind: "complete", name: ["h"], isDefault: false, args: undefined, key: undefined, value: "1", assign: ":=", bodies: [1], else: [["2", 1], ["3", 0]] },
  ]);
  // A rule without a body has exactly one empty body; an else without a body has an empty body.
  assert.equal(m.rules[5]!.bodies, [[]]);
  assert.equal(m.rules[10]!.else[1]!.body, []);
});

test("v0 rule shapes", () => {
  const m = mod(`package t
violation[{"msg": msg}] { msg := "x" }
p[x] = y { x := 1; y := 2 }
f(x) = y { y := x } else = 2 { true }
g(x) { x } { not x }
default allow = false
r = 7
`, "v0");
  assert.equal(m.rules.map((r) => [r.headKind, r.name.join("."), r.key && formatTerm(r.key), r.value && formatTerm(r.value), r.assign, r.bodies.length, r.else.length]), [
    ["partialSet", "violation", "{\"msg\": msg}", undefined, "none", 1, 0],
    ["partialObject", "p", "x", "y", "=", 1, 0],
    ["function", "f", undefined, "y", "=", 1, 1],
    ["function", "g", undefined, undefined, "none", 2, 0],
    ["complete", "allow", undefined, "false", "=", 1, 0],
    ["complete", "r", undefined, "7", "=", 1, 0],
  ]);
  assert.ok(m.rules[4]!.isDefault);
});

test("spans: rule, name, value, infix, ref, scalars (UTF-16 offsets)", () => {
  const src = "package t\ns := \"😀\"\np.q := input.x + 10 if {\n  true\n}\n";
  const m = mod(src);
  const r = m.rules[1]!;
  assert.is(text(src, r.span), "p.q := input.x + 10 if {\n  true\n}");
  assert.is(text(src, r.nameSpan), "p.q");
  const v = r.value!;
  assert.is(v.kind, "infix");
  assert.is(text(src, v.span), "input.x + 10");
  if (v.kind !== "infix") return;
  assert.is(text(src, v.left.span), "input.x");
  assert.is(text(src, v.right.span), "10");
  if (v.left.kind !== "ref") return assert.unreachable("ref");
  assert.is(text(src, v.left.head.span), "input");
  assert.is(text(src, v.left.path[0]!.span), "x");
  assert.is(text(src, m.rules[0]!.value!.span), "\"😀\"");
  const l = r.bodies[0]![0]!;
  assert.is(text(src, l.span), "true");
});

test("literal span covers not and with modifiers", () => {
  const src = "package t\np if { not q with input as 1 with data.x as 2 }";
  const l = mod(src).rules[0]!.bodies[0]![0]!;
  assert.is(text(src, l.span), "not q with input as 1 with data.x as 2");
  assert.ok(l.negated);
  assert.equal(l.with.map((w) => [formatTerm(w.target), formatTerm(w.value), text(src, w.span)]), [
    ["input", "1", "with input as 1"],
    ["data.x", "2", "with data.x as 2"],
  ]);
  assert.is(l.with[0]!.target.kind, "ref");
  assert.equal(l.with[0]!.target.path, []);
});

test("numbers keep their literal text; minus folds into number literals", () => {
  assert.equal(term("1.0"), { kind: "scalar", span: { file: "t.rego", start: 15, end: 18 }, value: 1, text: "1.0" });
  const neg = term("-2.5e3");
  assert.equal([neg.kind, neg.kind === "scalar" && neg.value, neg.kind === "scalar" && neg.text, neg.span.start, neg.span.end], ["scalar", -2500, "-2.5e3", 15, 21]);
  const spaced = term("- 1");
  assert.equal(spaced.kind === "scalar" && [spaced.value, spaced.text], [-1, "-1"]);
  assert.equal(term(".5").kind === "scalar" && (term(".5") as { value: number }).value, 0.5);
  const big = term("12345678901234567890");
  assert.is(big.kind === "scalar" && big.text, "12345678901234567890");
  const un = term("-x");
  assert.equal(un.kind === "unary" && [un.op, formatTerm(un.operand)], ["-", "x"]);
  const bin = term("x -1");
  assert.equal(bin.kind === "infix" && [bin.op, formatTerm(bin.left), formatTerm(bin.right)], ["-", "x", "1"]);
});

test("strings: JSON escapes, surrogate pairs, lone surrogates, raw strings", () => {
  const v = (e: string) => { const t = term(e); return t.kind === "scalar" ? t.value : undefined; };
  assert.is(v(String.raw`"a\"b\\c\/d\b\f\n\r\t"`), "a\"b\\c/d\b\f\n\r\t");
  assert.is(v(String.raw`"\u00e9\ud83d\ude00"`), "é😀");
  assert.is(v(String.raw`"\ud800x"`), "\ufffdx");
  assert.is(v("`a\\n\n\"b\"`"), "a\\n\n\"b\"");
  assert.is(v("\"tab\there\""), "tab\there");
  assert.is(v(`""`), "");
});

test("wildcards become unique $wildcardN vars across the module", () => {
  const m = mod("package t\np if { input.a[_] == input.b[_] }\nq if { _ = input.c }\nf(_) := 1");
  const names: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (o.kind === "var" && typeof o.name === "string" && o.name.startsWith("$")) names.push(o.name);
      for (const k of Object.keys(o)) if (k !== "span") walk(o[k]);
    }
  };
  walk(m.rules);
  assert.equal(names, ["$wildcard0", "$wildcard1", "$wildcard2", "$wildcard3"]);
});

test("refs: root documents are refs, paths are terms, parenthesised refs flatten", () => {
  const i = term("input");
  assert.equal(i.kind === "ref" && [i.head.kind, formatTerm(i.head), i.path.length], ["var", "input", 0]);
  const r = term("input.a[\"b\"][0][x]");
  assert.ok(r.kind === "ref");
  if (r.kind !== "ref") return;
  assert.equal(r.path.map((p) => p.kind === "scalar" ? p.value : p.kind), ["a", "b", 0, "var"]);
  const f = term("(input.a).b");
  assert.equal(f.kind === "ref" && [formatTerm(f.head), f.path.length], ["input", 2]);
  const lone = term("x");
  assert.is(lone.kind, "var");
  const cr = term("f(x).y");
  assert.equal(cr.kind === "ref" && [cr.head.kind, cr.path.length], ["call", 1]);
});

test("calls: dotted names, nameSpan, set() and {}", () => {
  const src = "package t\np := data.lib.f(1, [2])";
  const c = mod(src).rules[0]!.value!;
  assert.is(c.kind, "call");
  if (c.kind !== "call") return;
  assert.is(c.name, "data.lib.f");
  assert.is(text(src, c.nameSpan), "data.lib.f");
  assert.is(text(src, c.span), "data.lib.f(1, [2])");
  assert.equal(c.args.map(formatTerm), ["1", "[2]"]);
  const s = term("set()");
  assert.equal(s.kind === "call" && [s.name, s.args.length], ["set", 0]);
  const o = term("{}");
  assert.equal(o.kind === "object" && o.entries.length, 0);
  assert.is(term("{1}").kind, "set");
  assert.is((term("strings.replace_n({\"a\": \"b\"}, \"x\")") as { name: string }).name, "strings.replace_n");
});

test("infix precedence and membership with a key", () => {
  assert.is(formatTerm(term("1 + 2 * 3 == 7 | a & b in c")), "(((1 + (2 * 3)) == (7 | (a & b))) in c)");
  const l = lit("k, v in input.o");
  const t = l.expr.kind === "termExpr" ? l.expr.term : undefined;
  assert.equal(t && t.kind === "infix" && [t.op, t.key && formatTerm(t.key), formatTerm(t.left), formatTerm(t.right)], ["in", "k", "v", "input.o"]);
  const a = lit("x := [1]");
  const at = a.expr.kind === "termExpr" ? a.expr.term : undefined;
  assert.equal(at && at.kind === "infix" && [at.op, formatTerm(at.left), formatTerm(at.right)], [":=", "x", "[1]"]);
  const u = lit("[x, y] = [1, 2]");
  assert.is(u.expr.kind === "termExpr" && u.expr.term.kind === "infix" && u.expr.term.op, "=");
});

test("some, some-in, every", () => {
  const d = lit("some x, y").expr;
  assert.equal(d.kind === "someDecl" && d.vars.map((v) => v.name), ["x", "y"]);
  const s1 = lit("some x in xs").expr;
  assert.equal(s1.kind === "someIn" && [s1.key, formatTerm(s1.value), formatTerm(s1.collection)], [undefined, "x", "xs"]);
  const s2 = lit("some [k, _], v in xs").expr;
  assert.equal(s2.kind === "someIn" && [formatTerm(s2.key!), formatTerm(s2.value)], ["[k, $wildcard0]", "v"]);
  const e = lit("every k, v in input.o { v > k; true }").expr;
  assert.equal(e.kind === "every" && [e.key?.name, e.value.name, formatTerm(e.collection), e.body.length], ["k", "v", "input.o", 2]);
  const e0 = lit("every x in input.xs { x }", "v0").expr;
  assert.equal(e0.kind === "every" && [e0.key, e0.value.name], [undefined, "x"]);
});

test("comprehensions", () => {
  const a = term("[x | some x in input.xs; x > 1]");
  assert.equal(a.kind === "arrayCompr" && [formatTerm(a.head), a.body.length], ["x", 2]);
  const s = term("{x | x := 1}");
  assert.equal(s.kind === "setCompr" && [formatTerm(s.head), s.body.length], ["x", 1]);
  const o = term("{k: v | k := 1; v := 2}");
  assert.equal(o.kind === "objectCompr" && [formatTerm(o.key), formatTerm(o.value), o.body.length], ["k", "v", 2]);
  // `|` in a multi-entry object is set union, as in OPA.
  assert.is(formatTerm(term("{\"u\": a | b, \"i\": a & b}")), "{\"u\": (a | b), \"i\": (a & b)}");
});

test("line endings, BOM and comments", () => {
  const crlf = mod("package t\r\np if {\r\n  input.a # comment\r\n  input.b\r\n}\r\n");
  assert.is(crlf.rules[0]!.bodies[0]!.length, 2);
  const bom = mod("\ufeffpackage t\np := 1");
  assert.equal(bom.package, ["t"]);
  const com = mod("# head\npackage t # here\n# between\np := 1 # after\n# end");
  assert.is(com.rules.length, 1);
});

test("keyword switching: v0 identifiers, future imports, rego.v1", () => {
  const v0 = mod("package t\np { x := in; y := if; z := contains; w := every }", "v0");
  assert.is(v0.rules[0]!.bodies[0]!.length, 4);
  const fut = mod("package t\nimport future.keywords.every\np { every x in input { x } }", "v0");
  assert.is(fut.rules[0]!.bodies[0]![0]!.expr.kind, "every");
  const r1 = mod("package t\nimport rego.v1\ns contains x if some x in input", "v0");
  assert.is(r1.rules[0]!.headKind, "partialSet");
  // `contains` outside rule heads names the builtin, also in v1.
  const c = term("contains(\"ab\", \"b\")");
  assert.equal(c.kind === "call" && c.name, "contains");
});

test("errors never come with a module, and carry spans inside the text", () => {
  const src = "package t\np := [1,\nq := 2";
  const r = parseModule("t.rego", src, { regoVersion: "v1" });
  assert.is(r.module, undefined);
  assert.ok(r.diagnostics.length >= 1);
  for (const d of r.diagnostics) {
    assert.ok(d.code === "rego-parse" || d.code === "rego-unsupported");
    assert.is(d.severity, "error");
    assert.ok(d.span!.start >= 0 && d.span!.end <= src.length && d.span!.start <= d.span!.end);
  }
});

test.run();
