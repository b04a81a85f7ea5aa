/**
 * Small helpers over the Rego AST shared by the compile passes and the planner: term
 * constructors, a structural term mapper, and variable collection.
 */
import type { Span } from "../../../diagnostics/diagnostic.js";
import type { Body, Expr, Literal, Ref, Rule, Scalar, Term, Var, WithModifier } from "../../syntax/ast.js";

export const mkVar = (name: string, span: Span): Var => ({ kind: "var", span, name });
export const mkStr = (value: string, span: Span): Scalar => ({ kind: "scalar", span, value });
export const mkRef = (head: Term, path: readonly Term[], span: Span): Ref => ({ kind: "ref", span, head, path });

/** Is this var a root document (`input`, `data`)? Locals never carry these names after rewriting. */
export const isRoot = (name: string): boolean => name === "input" || name === "data";

/** The name a user wrote for a possibly rewritten local (`x#3` → `x`, `$wildcard1` → `_`). */
export function displayName(name: string): string {
  if (name.startsWith("$wildcard")) return "_";
  const i = name.indexOf("#");
  return i < 0 ? name : name.slice(0, i);
}

/** Visitor hooks for `mapTerm`: return a replacement term, or undefined to recurse structurally. */
export interface TermMapper {
  term?(t: Term): Term | undefined;
  /** Called for closure bodies (comprehensions); default maps each literal with `literal`. */
  body?(b: Body): Body;
}

/**
 * Rule `r` with its head terms (key, value, the values of its `else` branches) mapped by `term`
 * and its bodies (and the `else` bodies) by `body`; function arguments stay as they are.
 */
export function mapRuleParts(r: Rule, term: (t: Term) => Term, body: (b: Body) => Body): Rule {
  return {
    ...r,
    ...(r.key ? { key: term(r.key) } : {}),
    ...(r.value ? { value: term(r.value) } : {}),
    bodies: r.bodies.map(body),
    else: r.else.map((e) => ({ ...e, ...(e.value ? { value: term(e.value) } : {}), body: body(e.body) })),
  };
}

/**
 * Structural map over a term; `m.term` is tried first at each node. (Written without per-call
 * closures: under tsx every arrow function gets a `__name` wrapper, which dominated compile time.)
 */
export function mapTerm(t: Term, m: TermMapper): Term {
  const r = m.term?.(t);
  if (r) return r;
  switch (t.kind) {
    case "scalar":
    case "var":
      return t;
    case "ref":
      return { ...t, head: mapTerm(t.head, m), path: mapTerms(t.path, m) };
    case "array":
    case "set":
      return { ...t, items: mapTerms(t.items, m) };
    case "object": {
      const entries: (readonly [Term, Term])[] = [];
      for (const [k, v] of t.entries) entries.push([mapTerm(k, m), mapTerm(v, m)]);
      return { ...t, entries };
    }
    case "arrayCompr":
    case "setCompr":
      return { ...t, head: mapTerm(t.head, m), body: mapBody(t.body, m) };
    case "objectCompr":
      return { ...t, key: mapTerm(t.key, m), value: mapTerm(t.value, m), body: mapBody(t.body, m) };
    case "call":
      return { ...t, args: mapTerms(t.args, m) };
    case "infix":
      return t.key
        ? { ...t, left: mapTerm(t.left, m), right: mapTerm(t.right, m), key: mapTerm(t.key, m) }
        : { ...t, left: mapTerm(t.left, m), right: mapTerm(t.right, m) };
    case "unary":
      return { ...t, operand: mapTerm(t.operand, m) };
  }
}

function mapTerms(ts: readonly Term[], m: TermMapper): Term[] {
  const out: Term[] = new Array(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = mapTerm(ts[i]!, m);
  return out;
}

function mapBody(b: Body, m: TermMapper): Body {
  if (m.body) return m.body(b);
  const out: Literal[] = new Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = mapLiteralTerms(b[i]!, m);
  return out;
}

export function mapExprTerms(e: Expr, m: TermMapper): Expr {
  switch (e.kind) {
    case "termExpr":
      return { ...e, term: mapTerm(e.term, m) };
    case "someDecl":
      return e;
    case "someIn":
      return e.key
        ? { ...e, key: mapTerm(e.key, m), value: mapTerm(e.value, m), collection: mapTerm(e.collection, m) }
        : { ...e, value: mapTerm(e.value, m), collection: mapTerm(e.collection, m) };
    case "every":
      return { ...e, collection: mapTerm(e.collection, m), body: mapBody(e.body, m) };
  }
}

export function mapLiteralTerms(l: Literal, m: TermMapper): Literal {
  if (l.with.length === 0) return { ...l, expr: mapExprTerms(l.expr, m) };
  const withs: WithModifier[] = [];
  for (const w of l.with) withs.push({ ...w, value: mapTerm(w.value, m) });
  return { ...l, expr: mapExprTerms(l.expr, m), with: withs };
}

/** Calls `f` for every var of `t` (not descending into closures unless `closures`). */
export function eachVar(t: Term, f: (v: Var, inRefPath: boolean) => void, closures = false, inRefPath = false): void {
  switch (t.kind) {
    case "scalar":
      return;
    case "var":
      f(t, inRefPath);
      return;
    case "ref":
      eachVar(t.head, f, closures, inRefPath);
      for (const p of t.path) eachVar(p, f, closures, true);
      return;
    case "array":
    case "set":
      for (const x of t.items) eachVar(x, f, closures);
      return;
    case "object":
      for (const [k, v] of t.entries) { eachVar(k, f, closures); eachVar(v, f, closures); }
      return;
    case "arrayCompr":
    case "setCompr":
      if (closures) { eachVar(t.head, f, closures); for (const v of bodyVars(t.body)) f(v, false); }
      return;
    case "objectCompr":
      if (closures) { eachVar(t.key, f, closures); eachVar(t.value, f, closures); for (const v of bodyVars(t.body)) f(v, false); }
      return;
    case "call":
      for (const x of t.args) eachVar(x, f, closures);
      return;
    case "infix":
      eachVar(t.left, f, closures); eachVar(t.right, f, closures); if (t.key) eachVar(t.key, f, closures);
      return;
    case "unary":
      eachVar(t.operand, f, closures);
      return;
  }
}

/** The names of the vars of a term (outside closures). */
export function termVarNames(t: Term, closures = false): Set<string> {
  const s = new Set<string>();
  eachVar(t, (v) => { if (!isRoot(v.name)) s.add(v.name); }, closures);
  return s;
}

/** Every var occurrence in a body, including inside closures and `every`. */
export function bodyVars(b: Body): Var[] {
  const out: Var[] = [];
  for (const l of b) literalVars(l, (v) => out.push(v), true);
  return out;
}

/** Vars of one literal (expr and `with` values). */
export function literalVars(l: Literal, f: (v: Var) => void, closures: boolean): void {
  exprTerms(l.expr, closures).forEach((t) => eachVar(t, (v) => f(v), closures));
  if (l.expr.kind === "someDecl") l.expr.vars.forEach(f);
  if (l.expr.kind === "every") {
    if (l.expr.key) f(l.expr.key);
    f(l.expr.value);
    if (closures) bodyVars(l.expr.body).forEach(f);
  }
  l.with.forEach((w) => eachVar(w.value, (v) => f(v), closures));
}

/** The top-level terms of an expression (not `every` bodies). */
export function exprTerms(e: Expr, _closures = false): Term[] {
  switch (e.kind) {
    case "termExpr":
      return [e.term];
    case "someDecl":
      return [];
    case "someIn":
      return [...(e.key ? [e.key] : []), e.value, e.collection];
    case "every":
      return [e.collection];
  }
}

/** A ref whose head is `data` or `input` and whose path segments are all strings, as a dotted path. */
export function groundRootPath(r: Ref): string[] | undefined {
  if (r.head.kind !== "var" || !isRoot(r.head.name)) return undefined;
  const out: string[] = [];
  for (const p of r.path) {
    if (p.kind !== "scalar" || typeof p.value !== "string") return undefined;
    out.push(p.value);
  }
  return out;
}
