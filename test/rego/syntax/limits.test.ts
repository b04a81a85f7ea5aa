// Limits: deep nesting gives a diagnostic (never a stack overflow) and large inputs parse completely.
// How fast they parse is measured in bench/parser.ts (`npm run bench -- parser`), not asserted here.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseModule, MAX_DEPTH } from "../../../src/rego/syntax/index.js";

const parse = (text: string) => parseModule("big.rego", text, { regoVersion: "v1" });

for (const open of ["[", "(", "{", "-", "[x | ", "{x: ", "f(", "{1: [", "a[", "[x | every y in z { "]) {
  test(`10,000 × ${JSON.stringify(open)} gives one nesting diagnostic`, () => {
    const r = parse("package t\np := " + open.repeat(10000));
    assert.is(r.module, undefined);
    assert.equal(r.diagnostics.map((d) => d.message), [`nesting too deep: more than ${MAX_DEPTH} levels of brackets, parentheses or bodies`]);
  });
}

test("with little stack left, deep input gives a diagnostic instead of a RangeError", () => {
  const text = "package t\np := " + "[".repeat(400) + "1" + "]".repeat(400);
  let outcome = "";
  // One function both measures the stack (target -1: recurse until it overflows) and dives.
  const dive = (d: number, target: number): number => {
    if (d !== target) {
      try { return dive(d + 1, target); } catch (e) { if (target >= 0) throw e; return d; }
    }
    try {
      const r = parse(text);
      outcome = r.module ? "module" : r.diagnostics.map((x) => x.message).join("|");
    } catch (e) {
      outcome = `threw ${String(e)}`;
    }
    return d;
  };
  const max = dive(0, -1);
  dive(0, Math.max(0, max - 1000));
  assert.ok(outcome === "module" || /nesting too deep|internal parser error/.test(outcome), outcome);
  assert.not.match(outcome, /^threw/);
});

test("nesting just under the limit parses", () => {
  const n = MAX_DEPTH - 10;
  const r = parse("package t\np := " + "[".repeat(n) + "1" + "]".repeat(n));
  assert.equal(r.diagnostics, []);
  let t = r.module!.rules[0]!.value!;
  let depth = 0;
  while (t.kind === "array") { t = t.items[0]!; depth++; }
  assert.is(depth, n);
});

test("ambiguous `|` nesting: 240 levels parse, and the wrong form gives one diagnostic", () => {
  const n = 240;
  const ok = parse("package t\np := " + '{"a": x | '.repeat(n) + "1" + ', "b": 1}'.repeat(n));
  assert.equal(ok.diagnostics, []);
  const bad = parse("package t\np := " + '{"a": x | '.repeat(n) + "1" + ", 1}".repeat(n));
  assert.is(bad.diagnostics.length, 1);
});

test("1 MB of v1 rules parses", () => {
  let text = "package t\n";
  let i = 0;
  while (text.length < 1_000_000) {
    text += `rule_${i} contains msg if {\n  some c in input.review.object.spec.containers\n  not startswith(c.image, "docker.io/")\n  msg := sprintf("%v %v", [c.name, ${i}])\n}\n`;
    i++;
  }
  const r = parse(text);
  assert.equal(r.diagnostics, []);
  assert.is(r.module!.rules.length, i);
});

test("1 MB of v0 rules, one long line and one long string", () => {
  let v0 = "package t\n";
  let i = 0;
  while (v0.length < 1_000_000) { v0 += `violation[{"msg": msg}] {\n  c := input.review.object.spec.containers[_]\n  msg := sprintf("%v", [c.name, ${i}])\n}\n`; i++; }
  const r0 = parseModule("v0.rego", v0, { regoVersion: "v0" });
  assert.is(r0.module!.rules.length, i);
  const r1 = parse("package t\np := [" + "1, ".repeat(300000) + "1]");
  assert.is(r1.module!.rules[0]!.value!.kind === "array" && (r1.module!.rules[0]!.value as { items: unknown[] }).items.length, 300001);
  const r2 = parse("package t\np := 1" + " + 1".repeat(200000));
  assert.equal(r2.diagnostics, []);
  const r3 = parse("package t\np := \"" + "ab".repeat(500000) + "\"");
  assert.equal(r3.diagnostics, []);
});

test("1 MB of errors stops after 50 diagnostics", () => {
  const r = parse("package t\n" + "p := ]\n".repeat(150000));
  assert.is(r.diagnostics.length, 51);
  assert.equal(r.diagnostics.filter((d) => /too many errors/.test(d.message)).length, 1);
});

test("a megabyte of illegal characters is one diagnostic", () => {
  const r = parse("package t\np := " + "@".repeat(1_000_000));
  assert.equal(r.diagnostics.map((d) => d.message), ["unexpected character '@' (U+0040)"]);
});

test("lexical errors are capped at 50 plus a count", () => {
  const r = parse("package t\np := \"" + "\\q".repeat(500_000) + "\"");
  assert.is(r.diagnostics.length, 51);
  assert.equal(r.diagnostics.filter((d) => d.message === "too many errors: 499950 more lexical errors not shown").length, 1);
});

test.run();
