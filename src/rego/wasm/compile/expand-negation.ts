/**
 * Pass `expandNegation`: modules → modules where every negated expression has been expanded the
 * way OPA's compiler expands it, so that `not` sees what it sees in OPA.
 *
 * OPA runs three stages over every expression (v1/ast/compile.go, unchanged from v1.10 to the
 * newest): `rewriteExprTerms` hoists each call nested in the expression (also inside refs and
 * composite values) into a generated local computed *before* the expression, and a composite
 * ref head (`[1, 2][i]`) into a local; `rewriteEquals` turns `a == b` into `a = b`; after the
 * safety check, `rewriteDynamicTerms` binds to locals, before the expression, every ref and
 * comprehension that is an argument of a call (an operator other than `=` is a call), every
 * ref nested in a composite argument, and the refs used as dynamic segments of a ref. For a
 * negated expression those hoisted locals are evaluated outside the negation, so an undefined
 * argument makes the whole `not` undefined (OPA issues #1877, #8387):
 *
 *   not input.nope > 0              →  $l = input.nope; not $l > 0          (undefined)
 *   not startswith(input.nope, "x") →  $l = input.nope; not startswith($l, "x")
 *   not count(input.xs) > 0         →  $a = input.xs; $b = count($a); not $b > 0
 *   not input.nope == 1             →  not input.nope = 1                   (true: refs stay)
 *
 * The hoisted literals carry the negated literal's `with` modifiers. Outside negation the same
 * rewrite cannot change a result (an undefined argument makes the expression undefined either
 * way), so only negated literals are rewritten. Runs after `checkSafety`, as OPA's last stage
 * does, so the hoisted locals land directly before their negation.
 */
import type { Body, Literal, Rule, Term, Var } from "../../syntax/ast.js";
import { isRoot, mapLiteralTerms, mapTerm, mkVar, type TermMapper } from "./ast-util.js";
import type { Program } from "./program.js";

export function expandNegation(p: Program): Program {
  const x = new Expander();
  return { ...p, modules: p.modules.map((m) => ({ ...m, rules: m.rules.map((r) => x.rule(r)) })) };
}

class Expander {
  private n = 0;
  private readonly closures: TermMapper = { body: (b) => this.body(b) };

  rule(r: Rule): Rule {
    const head = (t: Term | undefined) => (t ? mapTerm(t, this.closures) : undefined);
    const key = head(r.key);
    const value = head(r.value);
    return {
      ...r,
      ...(key ? { key } : {}),
      ...(value ? { value } : {}),
      bodies: r.bodies.map((b) => this.body(b)),
      else: r.else.map((e) => {
        const v = head(e.value);
        return { ...e, ...(v ? { value: v } : {}), body: this.body(e.body) };
      }),
    };
  }

  body(b: Body): Body {
    const out: Literal[] = [];
    for (const l0 of b) {
      const l = mapLiteralTerms(l0, this.closures);
      if (l.negated && l.expr.kind === "termExpr") out.push(...this.negated(l, l.expr.term));
      else out.push(l);
    }
    return out;
  }

  /** The hoisted literals, then the negated literal over the rewritten term. */
  private negated(l: Literal, t: Term): Literal[] {
    const support: Literal[] = [];
    const hoist = (value: Term): Var => {
      const v = mkVar(`$neg${++this.n}`, value.span);
      const term: Term = { kind: "infix", span: value.span, op: "=", left: v, right: value };
      support.push({ kind: "literal", span: l.span, negated: false, expr: { kind: "termExpr", span: value.span, term }, with: l.with });
      return v;
    };
    // rewriteExprTerms: the operator's (or call's) operands, or the term itself.
    const expand = (x: Term): Term => this.expandTerm(x, hoist);
    let term: Term;
    if (t.kind === "call") term = isNoop(t.name) ? t : { ...t, args: t.args.map(expand) };
    else if (t.kind === "infix") term = withOperands(t, expand);
    else if (t.kind === "unary") term = { ...t, operand: expand(t.operand) };
    else term = expand(t);
    // rewriteEquals, then rewriteDynamicTerms.
    const one = (x: Term): Term => this.dynamicOne(x, hoist);
    const inTerm = (x: Term): Term => this.dynamicInTerm(x, hoist);
    if (term.kind === "infix" && (term.op === "=" || term.op === "==" || term.op === ":=")) term = { ...term, left: inTerm(term.left), right: inTerm(term.right) };
    else if (term.kind === "infix") term = withOperands(term, one);
    else if (term.kind === "call") term = isNoop(term.name) ? term : { ...term, args: term.args.map(one) };
    else if (term.kind === "unary") term = { ...term, operand: one(term.operand) };
    else term = inTerm(term);
    if (support.length === 0) return [l];
    return [...support, { ...l, expr: { ...l.expr, term } as Literal["expr"] }];
  }

  /** OPA's `expandExprTerm`: calls become locals; so do composite ref heads. */
  private expandTerm(t: Term, hoist: (v: Term) => Var): Term {
    const e = (x: Term) => this.expandTerm(x, hoist);
    switch (t.kind) {
      case "call":
        if (isNoop(t.name)) return t;
        return hoist({ ...t, args: t.args.map(e) });
      case "infix":
        if (t.op === "=" || t.op === ":=") return t;
        return hoist(withOperands(t, e));
      case "unary":
        return hoist({ ...t, operand: e(t.operand) });
      case "ref": {
        let head = e(t.head);
        const path = t.path.map(e);
        if (isComposite(head)) head = hoist(head);
        return { ...t, head, path };
      }
      case "array":
      case "set":
        return { ...t, items: t.items.map(e) };
      case "object":
        return { ...t, entries: t.entries.map(([k, v]) => [e(k), e(v)] as const) };
      default:
        return t;
    }
  }

  /** OPA's `rewriteDynamicsInTerm`: a ref keeps its place (its dynamic segments move out). */
  private dynamicInTerm(t: Term, hoist: (v: Term) => Var): Term {
    switch (t.kind) {
      case "ref":
        return { ...t, path: t.path.map((x) => this.dynamicOne(x, hoist)) };
      case "arrayCompr":
      case "setCompr":
      case "objectCompr":
        return t;
      default:
        return this.dynamicOne(t, hoist);
    }
  }

  /** OPA's `rewriteDynamicsOne`: refs and comprehensions become locals, composites recurse. */
  private dynamicOne(t: Term, hoist: (v: Term) => Var): Term {
    const one = (x: Term) => this.dynamicOne(x, hoist);
    switch (t.kind) {
      case "ref":
        // A lone `input`/`data` is a variable in OPA's AST, not a ref.
        if (t.path.length === 0 && t.head.kind === "var" && isRoot(t.head.name)) return t;
        return hoist({ ...t, path: t.path.map(one) });
      case "array":
      case "set":
        return { ...t, items: t.items.map(one) };
      case "object":
        return { ...t, entries: t.entries.map(([k, v]) => [one(k), one(v)] as const) };
      case "arrayCompr":
      case "setCompr":
      case "objectCompr":
        return hoist(t);
      default:
        return t;
    }
  }
}

/** `print` and `trace` are no-ops the planner handles; their arguments stay where they are. */
function isNoop(name: string): boolean {
  return name === "print" || name === "trace";
}

function isComposite(t: Term): boolean {
  switch (t.kind) {
    case "array":
    case "set":
    case "object":
    case "arrayCompr":
    case "setCompr":
    case "objectCompr":
      return true;
    default:
      return false;
  }
}

function withOperands(t: Term & { kind: "infix" }, f: (x: Term) => Term): Term {
  return t.key ? { ...t, key: f(t.key), left: f(t.left), right: f(t.right) } : { ...t, left: f(t.left), right: f(t.right) };
}
