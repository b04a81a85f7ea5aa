/**
 * Small helpers over the Rego AST shared by the compile passes and the planner: term
 * constructors, a structural term mapper, and variable collection.
 */
import type { Span } from "../../../diagnostics/diagnostic.js";
import type { Body, Expr, Literal, Ref, Scalar, Term, Var } from "../../syntax/ast.js";

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

/** Structural map over a term; `m.term` is tried first at each node. */
export function mapTerm(t: Term, m: TermMapper): Term {
  const r = m.term?.(t);
  if (r) return r;
  const mt = (x: Term) => mapTerm(x, m);
  const mb = (b: Body) => (m.body ? m.body(b) : b.map((l) => mapLiteralTerms(l, m)));
  switch (t.kind) {
    case "scalar":
    case "var":
      return t;
    case "ref":
      return { ...t, head: mt(t.head), path: t.path.map(mt) };
    case "array":
    case "set":
      return { ...t, items: t.items.map(mt) };
    case "object":
      return { ...t, entries: t.entries.map(([k, v]) => [mt(k), mt(v)] as const) };
    case "arrayCompr":
    case "setCompr":
      return { ...t, head: mt(t.head), body: mb(t.body) };
    case "objectCompr":
      return { ...t, key: mt(t.key), value: mt(t.value), body: mb(t.body) };
    case "call":
      return { ...t, args: t.args.map(mt) };
    case "infix":
      return { ...t, left: mt(t.left), right: mt(t.right), ...(t.key ? { key: mt(t.key) } : {}) };
    case "unary":
      return { ...t, operand: mt(t.operand) };
  }
}

export function mapExprTerms(e: Expr, m: TermMapper): Expr {
  const mt = (x: Term) => mapTerm(x, m);
  switch (e.kind) {
    case "termExpr":
      return { ...e, term: mt(e.term) };
    case "someDecl":
      return e;
    case "someIn":
      return { ...e, ...(e.key ? { key: mt(e.key) } : {}), value: mt(e.value), collection: mt(e.collection) };
    case "every":
      return { ...e, collection: mt(e.collection), body: m.body ? m.body(e.body) : e.body.map((l) => mapLiteralTerms(l, m)) };
  }
}

export function mapLiteralTerms(l: Literal, m: TermMapper): Literal {
  return {
    ...l,
    expr: mapExprTerms(l.expr, m),
    with: l.with.map((w) => ({ ...w, value: mapTerm(w.value, m) })),
  };
}

/** Calls `f` for every var of `t` (not descending into closures unless `closures`). */
export function eachVar(t: Term, f: (v: Var, inRefPath: boolean) => void, closures = false, inRefPath = false): void {
  const go = (x: Term, p = false) => eachVar(x, f, closures, p);
  switch (t.kind) {
    case "scalar":
      return;
    case "var":
      f(t, inRefPath);
      return;
    case "ref":
      go(t.head, inRefPath);
      for (const p of t.path) go(p, true);
      return;
    case "array":
    case "set":
      t.items.forEach((x) => go(x));
      return;
    case "object":
      t.entries.forEach(([k, v]) => { go(k); go(v); });
      return;
    case "arrayCompr":
    case "setCompr":
      if (closures) { go(t.head); bodyVars(t.body).forEach((v) => f(v, false)); }
      return;
    case "objectCompr":
      if (closures) { go(t.key); go(t.value); bodyVars(t.body).forEach((v) => f(v, false)); }
      return;
    case "call":
      t.args.forEach((x) => go(x));
      return;
    case "infix":
      go(t.left); go(t.right); if (t.key) go(t.key);
      return;
    case "unary":
      go(t.operand);
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
