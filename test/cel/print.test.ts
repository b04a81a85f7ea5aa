// The CEL printer: escaping round-trips through a CEL parser, precedence keeps the tree, names
// that are not identifiers become index/`in` forms.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse, run, unparse } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { and, bin, cond, eq, has, ident, isIn, list, lit, macro, map, method, not, or, plus, sel, str } from "../../src/cel/ast.js";
import { print, quoteString } from "../../src/cel/print.js";

const evalCel = (text: string, bindings: Record<string, unknown> = {}) => run(text, bindings, { funcs: strings });

test("string literals round-trip: quotes, backslashes, newlines, control characters, unicode", () => {
  for (const s of ['say "hi"', "back\\slash", "line\nbreak\r\ttab", "nul\u0000 bel\u0007 del\u007f", "ünïcødé ✓ 😀", "' single", "${x} \\u0041", ""]) {
    assert.is(evalCel(print(str(s))), s, JSON.stringify(s));
  }
  assert.is(quoteString('a"b'), '"a\\"b"');
  assert.throws(() => quoteString("lone \ud800"), /lone surrogate/);
});

test("a user-like string cannot break out of its literal", () => {
  const evil = '" + variables.params.x + "';
  const text = print(plus(str("a"), str(evil)));
  assert.is(evalCel(text), "a" + evil);
});

test("precedence: parentheses exactly where the tree needs them", () => {
  const a = ident("a"), b = ident("b"), c = ident("c");
  assert.is(print(and(or(a, b), c)), "(a || b) && c");
  assert.is(print(or(and(a, b), c)), "a && b || c");
  assert.is(print(not(and(a, b))), "!(a && b)");
  assert.is(print(bin("-", a, bin("-", b, c))), "a - (b - c)");
  assert.is(print(bin("-", bin("-", a, b), c)), "a - b - c");
  assert.is(print(cond(a, cond(b, lit(1), lit(2)), cond(c, lit(3), lit(4)))), "a ? (b ? 1 : 2) : c ? 3 : 4");
  assert.is(print(eq(cond(a, b, c), lit(1))), "(a ? b : c) == 1");
  assert.is(print(method(cond(a, list(), list(lit(1))), "exists", ident("x"))), "(a ? [] : [1]).exists(x)");
  const t = { a: true, b: false, c: true };
  for (const [e, want] of [[and(or(ident("a"), ident("b")), ident("c")), true], [not(and(ident("a"), ident("b"))), true], [bin("-", lit(10), bin("-", lit(4), lit(3))), 9n]] as const) {
    assert.equal(evalCel(print(e), t), want);
  }
});

test("field names: identifiers select, others index; has() on them becomes `in`", () => {
  const x = ident("x");
  assert.is(print(sel(x, "metadata", "namespace")), "x.metadata.namespace");
  assert.is(print(sel(x, "null")), 'x["null"]');
  assert.is(print(sel(x, "a-b")), 'x["a-b"]');
  assert.is(print(has(x, "in")), '"in" in x');
  assert.is(print(has(sel(x, "spec"), "hostPID")), "has(x.spec.hostPID)");
  assert.is(print(and(has(x, "a.b"), ident("y"))), '"a.b" in x && y');
  const m = new Map<string, unknown>([["namespace", "ns"], ["a-b", 1n]]);
  assert.is(evalCel(print(sel(ident("x"), "namespace")), { x: m }), "ns");
  assert.is(evalCel(print(has(ident("x"), "a-b")), { x: m }), true);
});

test("macros and literals print as CEL and parse back to the same text", () => {
  const e = macro("map", macro("filter", ident("xs"), "x", isIn(ident("x"), list(str("a"), str("b")))), "x", map({ n: plus(ident("x"), str("!")) }));
  const text = print(e);
  assert.is(text, 'xs.filter(x, x in ["a", "b"]).map(x, {"n": dyn(x + "!")})');
  assert.is(unparse(parse(text)), text);
});

test.run();
