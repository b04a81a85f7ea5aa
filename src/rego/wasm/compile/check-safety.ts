/**
 * Pass `checkSafety`: modules → modules with every body reordered so that each literal runs only
 * once its input variables are bound (OPA's safety check with body reordering).
 *
 * Repeatedly, in source order, a literal is scheduled when every var it needs is already safe or
 * is an output of the literal itself: vars in ref positions (`xs[i]`), the left side of `:=`,
 * unification patterns whose other side can be evaluated, `some … in` patterns, and the extra
 * output argument of a call (`split(s, ".", parts)`). Negated literals and `every` bind nothing.
 * A closure (comprehension, `every` body) needs the vars it shares with the enclosing body;
 * closure bodies are reordered recursively. Vars never bound are reported: `var x is unsafe`.
 */
import type { Span } from "../../../diagnostics/diagnostic.js";
import type { Body, Literal, Rule, Term, Var, WithModifier } from "../../syntax/ast.js";
import { withNamesFunction } from "./check-with.js";
import { displayName, eachVar, exprTerms, isRoot, mapLiteralTerms, mapTerm } from "./ast-util.js";
import { error, indexRules, type Program } from "./program.js";
import { OPA_BUILTINS } from "./opa-builtins.js";

/**
 * `with f as g` replacing a function names functions, not variables: such values are not
 * checked for safety (set per run of the pass).
 */
let functionWith: (w: WithModifier) => boolean = () => false;

export function checkSafety(p: Program): Program {
  const index = indexRules(p.modules);
  functionWith = (w) => withNamesFunction(w, index, p.builtins);
  const ctx = new Safety(p);
  return { ...p, modules: p.modules.map((m) => ({ ...m, rules: m.rules.map((r) => ctx.rule(r)) })) };
}

class Safety {
  private readonly arity: Arity;
  constructor(private readonly p: Program) {
    const { groups } = indexRules(p.modules);
    this.arity = (name) => p.builtins.get(name) ?? groups.get(name)?.arity ?? OPA_BUILTINS.get(name);
  }

  rule(r: Rule): Rule {
    const globals = new Set<string>();
    r.args?.forEach((a) => eachVar(a, (v) => globals.add(v.name), false));
    const [body0, safe0] = this.reorder(r.bodies[0] ?? [], globals);
    const key = r.key ? this.headTerm(r.key, safe0, r.span) : undefined;
    const value = r.value ? this.headTerm(r.value, safe0, r.span) : undefined;
    const elses = r.else.map((e) => {
      const [body, safe] = this.reorder(e.body, globals);
      return { ...e, body, ...(e.value ? { value: this.headTerm(e.value, safe, e.span) } : {}) };
    });
    return { ...r, bodies: [body0], ...(key ? { key } : {}), ...(value ? { value } : {}), else: elses };
  }

  /** A head term (or comprehension head): all vars must be safe; closures are reordered. */
  headTerm(t: Term, safe: ReadonlySet<string>, at: Span): Term {
    const reported = new Set<string>();
    eachVar(t, (v) => {
      if (!isRoot(v.name) && !safe.has(v.name) && !reported.has(v.name)) {
        reported.add(v.name);
        this.unsafe(v, at);
      }
    });
    return this.closures(t, safe);
  }

  /** `var x is unsafe`, located like OPA: at the expression (or rule) that uses it. */
  unsafe(v: Var, at: Span): void {
    this.p.diagnostics.push(error("rego-compile", `var ${displayName(v.name)} is unsafe`, at));
  }

  /** Reorder a body given the vars safe on entry; returns the body and the vars safe after it. */
  reorder(body: Body, globals: ReadonlySet<string>): [Body, Set<string>] {
    const outer = new Set<string>(globals);
    for (const l of body) literalVarNames(l, false).forEach((v) => outer.add(v));
    const safe = new Set<string>(globals);
    const done = new Array<boolean>(body.length).fill(false);
    const out: Literal[] = [];
    for (;;) {
      const before = out.length;
      body.forEach((l, i) => {
        if (done[i]) return;
        const outs = outputs(l, safe, this.arity);
        const needs = needVars(l, outer);
        for (const v of needs) if (!safe.has(v) && !outs.has(v)) return;
        done[i] = true;
        out.push(this.literalClosures(l, safe));
        outs.forEach((v) => safe.add(v));
      });
      if (out.length === before) break;
    }
    body.forEach((l, i) => {
      if (done[i]) return;
      const outs = outputs(l, safe, this.arity);
      const needs = needVars(l, outer);
      const reported = new Set<string>();
      let generated = false;
      const visit = (v: Var) => {
        if (needs.has(v.name) && !safe.has(v.name) && !outs.has(v.name) && !reported.has(v.name)) {
          reported.add(v.name);
          if (v.name.startsWith("$wildcard")) generated = true;
          else this.unsafe(v, l.span);
        }
      };
      literalVarOccurrences(l, visit);
      // Only generated vars (`_`) unsafe: OPA reports the expression instead.
      if (generated && reported.size === [...reported].filter((n) => n.startsWith("$wildcard")).length) {
        this.p.diagnostics.push(error("rego-compile", "expression is unsafe", l.span));
      }
      out.push(l);
    });
    return [out, safe];
  }

  /** Reorder the closures inside one literal, given the vars safe before it. */
  literalClosures(l: Literal, safe: ReadonlySet<string>): Literal {
    const e = l.expr;
    if (e.kind === "every") {
      const inner = new Set(safe);
      if (e.key) inner.add(e.key.name);
      inner.add(e.value.name);
      const [body] = this.reorder(e.body, inner);
      return { ...l, expr: { ...e, collection: this.closures(e.collection, safe), body }, with: l.with.map((w) => ({ ...w, value: this.closures(w.value, safe) })) };
    }
    return mapLiteralTerms(l, { term: (t) => this.closureTerm(t, safe) });
  }

  closures(t: Term, safe: ReadonlySet<string>): Term {
    return mapTerm(t, { term: (x) => this.closureTerm(x, safe) });
  }

  closureTerm(t: Term, safe: ReadonlySet<string>): Term | undefined {
    switch (t.kind) {
      case "arrayCompr":
      case "setCompr": {
        const [body, s] = this.reorder(t.body, safe);
        return { ...t, body, head: this.headTerm(t.head, s, t.span) };
      }
      case "objectCompr": {
        const [body, s] = this.reorder(t.body, safe);
        return { ...t, body, key: this.headTerm(t.key, s, t.span), value: this.headTerm(t.value, s, t.span) };
      }
      default:
        return undefined;
    }
  }
}

/** Var names of a literal; with `closures`, also those inside comprehensions and `every` bodies. */
function literalVarNames(l: Literal, closures: boolean): Set<string> {
  const s = new Set<string>();
  const add = (v: Var) => { if (!isRoot(v.name)) s.add(v.name); };
  for (const t of exprTerms(l.expr)) eachVar(t, add, closures);
  if (l.expr.kind === "someIn") { /* key/value included via exprTerms */ }
  if (l.expr.kind === "every" && closures) {
    for (const x of l.expr.body) literalVarNames(x, true).forEach((v) => s.add(v));
  }
  for (const w of l.with) if (!functionWith(w)) eachVar(w.value, add, closures);
  return s;
}

function literalVarOccurrences(l: Literal, f: (v: Var) => void): void {
  for (const t of exprTerms(l.expr)) eachVar(t, f, true);
  if (l.expr.kind === "every") for (const x of l.expr.body) literalVarOccurrences(x, f);
  for (const w of l.with) if (!functionWith(w)) eachVar(w.value, f, true);
}

/**
 * The vars a literal needs bound: its own vars outside closures, plus the vars its closures
 * share with the enclosing body (`outer`). Wildcards in negated literals are local to them.
 */
function needVars(l: Literal, outer: ReadonlySet<string>): Set<string> {
  const own = literalVarNames(l, false);
  const all = literalVarNames(l, true);
  const needs = new Set<string>();
  const e = l.expr;
  const local = new Set<string>();
  if (e.kind === "every") { if (e.key) local.add(e.key.name); local.add(e.value.name); }
  for (const v of all) {
    if (local.has(v)) continue;
    if (own.has(v) || outer.has(v)) needs.add(v);
  }
  if (e.kind === "every") {
    // The collection's own vars are needed; body vars only when shared with the outer body.
    for (const v of needs) if (!outer.has(v) && !own.has(v)) needs.delete(v);
  }
  return needs;
}

/** The vars a literal binds, given the vars already safe. */
type Arity = (callee: string) => number | undefined;

function outputs(l: Literal, safe: ReadonlySet<string>, arity: Arity): Set<string> {
  const out = new Set<string>();
  if (l.negated) return out;
  const e = l.expr;
  switch (e.kind) {
    case "someDecl":
      return out;
    case "every":
      refOutputs(e.collection, safe, out);
      return out;
    case "someIn":
      refOutputs(e.collection, safe, out);
      if (e.key) patternVars(e.key, out);
      patternVars(e.value, out);
      return out;
    case "termExpr": {
      const t = e.term;
      if (t.kind === "infix" && t.op === ":=") {
        refOutputs(t.right, safe, out);
        patternVars(t.left, out);
        return out;
      }
      if (t.kind === "infix" && t.op === "=") {
        refOutputs(t.left, safe, out);
        refOutputs(t.right, safe, out);
        unifyOutputs(t.left, t.right, safe, out);
        return out;
      }
      refOutputs(t, safe, out);
      if (t.kind === "call" && t.args.length > 0) {
        // A call's extra output argument (`split(s, ".", parts)`).
        const n = arity(t.name);
        if (n !== undefined && t.args.length === n + 1) patternVars(t.args[n]!, out);
      }
      return out;
    }
  }
}

function patternVars(t: Term, out: Set<string>): void {
  eachVar(t, (v) => { if (!isRoot(v.name)) out.add(v.name); });
}

/** Vars in ref positions of refs whose head is bound become outputs (`xs[i]` binds `i`). */
function refOutputs(t: Term, safe: ReadonlySet<string>, out: Set<string>): void {
  mapTerm(t, {
    term: (x) => {
      switch (x.kind) {
        case "arrayCompr":
        case "setCompr":
        case "objectCompr":
          return x;
        case "ref": {
          const headSafe = x.head.kind === "var" ? isRoot(x.head.name) || safe.has(x.head.name) || out.has(x.head.name) : true;
          if (x.head.kind !== "var") refOutputs(x.head, safe, out);
          for (const seg of x.path) {
            if (seg.kind === "var") { if (headSafe && !safe.has(seg.name)) out.add(seg.name); }
            else refOutputs(seg, safe, out);
          }
          return x;
        }
        default:
          return undefined;
      }
    },
  });
}

/** Can `t` be evaluated with these vars bound? (Ref path vars are generators, so allowed.) */
function canEval(t: Term, known: (n: string) => boolean): boolean {
  let ok = true;
  eachVar(t, (v, inPath) => { if (!inPath && !isRoot(v.name) && !known(v.name)) ok = false; });
  return ok;
}

function unifyOutputs(a: Term, b: Term, safe: ReadonlySet<string>, out: Set<string>): void {
  const known = (n: string) => safe.has(n) || out.has(n);
  for (let progress = true; progress;) {
    const n = out.size;
    unify(a, b, known, out);
    progress = out.size > n;
  }
}

function unify(a: Term, b: Term, known: (n: string) => boolean, out: Set<string>): void {
  if (a.kind === "var" && !isRoot(a.name) && !known(a.name)) {
    if (canEval(b, known)) out.add(a.name);
    return;
  }
  if (b.kind === "var" && !isRoot(b.name) && !known(b.name)) {
    if (canEval(a, known)) out.add(b.name);
    return;
  }
  if (a.kind === "array" && b.kind === "array") {
    if (a.items.length === b.items.length) a.items.forEach((x, i) => unify(x, b.items[i]!, known, out));
    return;
  }
  if (a.kind === "object" && b.kind === "object") {
    for (const [k, v] of a.entries) {
      const other = b.entries.find(([k2]) => sameScalar(k, k2) || (k.kind === "var" && k2.kind === "var" && k.name === k2.name && known(k.name)));
      if (other) unify(v, other[1], known, out);
    }
    return;
  }
  if ((a.kind === "array" || a.kind === "object") && canEval(b, known)) {
    patternOut(a, known, out);
    return;
  }
  if ((b.kind === "array" || b.kind === "object") && canEval(a, known)) patternOut(b, known, out);
}

/** Vars of a pattern matched against an evaluable value become bound. */
function patternOut(t: Term, known: (n: string) => boolean, out: Set<string>): void {
  if (t.kind === "var") { if (!isRoot(t.name)) out.add(t.name); return; }
  if (t.kind === "array") { t.items.forEach((x) => patternOut(x, known, out)); return; }
  if (t.kind === "object") { t.entries.forEach(([, v]) => patternOut(v, known, out)); return; }
}

function sameScalar(a: Term, b: Term): boolean {
  return a.kind === "scalar" && b.kind === "scalar" && a.value === b.value;
}
