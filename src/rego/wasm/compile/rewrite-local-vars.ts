/**
 * Pass `rewriteLocalVars`: modules → modules where every declared local is unambiguous.
 *
 * `:=`, `some x`, `some x in xs` and `every` declare variables. A declaration inside a closure
 * (comprehension or `every` body) gets a fresh name `x#N` so that it shadows any outer `x`; an
 * undeclared var inside a closure refers to the enclosing declaration of that name, if any.
 * Errors, as OPA reports them: redeclaring (`var x assigned above`, `var x declared above`),
 * declaring a var already used (`var x referenced above`), and shadowing `data` (a local may
 * shadow `input`, as in OPA; `with input as …` still targets the root document).
 */
import type { Body, Expr, Literal, Rule, Term, Var } from "../../syntax/ast.js";
import { isRoot, mapTerm, mkVar } from "./ast-util.js";
import { error, type Program } from "./program.js";

type How = "assigned" | "declared" | "arg";

class Scope {
  readonly decl = new Map<string, { name: string; how: How }>();
  readonly seen = new Set<string>();
  /** Names used undeclared inside closures of this scope (they stay the closures' own vars). */
  readonly innerSeen = new Set<string>();
  constructor(readonly parent: Scope | undefined, readonly closure: boolean) {}
  lookup(name: string): string | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const d = s.decl.get(name);
      if (d) return d.name;
    }
    return undefined;
  }
}

export function rewriteLocalVars(p: Program): Program {
  let counter = 0;
  const fresh = (name: string) => `${name}#${++counter}`;

  const declare = (s: Scope, v: Var, how: How): Var => {
    if (v.name.startsWith("$wildcard")) return v;
    if (v.name === "input" && how !== "arg" && !s.decl.has("input")) {
      // OPA lets a local shadow `input` (`input := {…}`; `with input as input` then replaces the
      // root document by the local). Its uses get a fresh name; `with` targets stay the root.
      const name = fresh("input");
      s.decl.set("input", { name, how });
      return { ...v, name };
    }
    if (isRoot(v.name)) {
      p.diagnostics.push(error("rego-compile", `variables must not shadow ${v.name} (use a different variable name)`, v.span));
      return v;
    }
    const prev = s.decl.get(v.name) ?? (!s.closure && s.parent?.decl.get(v.name)?.how === "arg" ? s.parent.decl.get(v.name) : undefined);
    if (prev) {
      const msg = prev.how === "arg" ? `arg ${v.name} redeclared` : `var ${v.name} ${prev.how} above`;
      p.diagnostics.push(error("rego-compile", msg, v.span));
      return { ...v, name: prev.name };
    }
    if (s.seen.has(v.name)) {
      p.diagnostics.push(error("rego-compile", `var ${v.name} referenced above`, v.span));
    }
    // A name a closure above already used on its own (`y := {x | xs[x]}` before `x := …`) stays
    // the closure's: the declaration gets a fresh name, as OPA renames every local.
    const name = s.closure || s.innerSeen.has(v.name) ? fresh(v.name) : v.name;
    s.decl.set(v.name, { name, how });
    return { ...v, name };
  };

  /** Rename uses of vars in a term (closures get their own scopes). */
  const use = (t: Term, s: Scope): Term =>
    mapTerm(t, {
      term: (x) => {
        switch (x.kind) {
          case "var": {
            if (x.name === "input") { const n = s.lookup("input"); return n === undefined ? x : { ...x, name: n }; }
            if (isRoot(x.name)) return x;
            const n = s.lookup(x.name);
            if (n === undefined) {
              s.seen.add(x.name);
              if (s.closure) for (let a = s.parent; a; a = a.parent) a.innerSeen.add(x.name);
              return x;
            }
            return n === x.name ? x : { ...x, name: n };
          }
          case "arrayCompr":
          case "setCompr": {
            const c = new Scope(s, true);
            const body = block(x.body, c);
            return { ...x, body, head: use(x.head, c) };
          }
          case "objectCompr": {
            const c = new Scope(s, true);
            const body = block(x.body, c);
            return { ...x, body, key: use(x.key, c), value: use(x.value, c) };
          }
          default:
            return undefined;
        }
      },
    });

  /** Declare every var of a pattern (`[a, b] := …`, `some [k, v] in …`). */
  const declarePattern = (t: Term, s: Scope, how: How): Term =>
    mapTerm(t, {
      term: (x) => {
        if (x.kind === "var") return declare(s, x, how);
        if (x.kind === "ref" && x.path.length === 0 && x.head.kind === "var" && x.head.name === "input") return declare(s, x.head, how);
        // `some f(x) in xs` and `some input.a in xs` unify each element with the call's or the
        // ref's value, as OPA does (`input.a = xs[$k]`: membership, the ref declares nothing).
        if ((x.kind === "call" || x.kind === "ref") && how === "declared") return use(x, s);
        if (x.kind === "ref" || x.kind === "call") {
          p.diagnostics.push(error("rego-compile", `cannot assign to ${x.kind === "ref" ? "ref" : "call"}`, x.span));
          return x;
        }
        return undefined;
      },
    });

  const expr = (e: Expr, s: Scope): Expr => {
    switch (e.kind) {
      case "someDecl":
        return { ...e, vars: e.vars.map((v) => declare(s, v, "declared")) };
      case "someIn": {
        const collection = use(e.collection, s);
        const key = e.key ? declarePattern(e.key, s, "declared") : undefined;
        const value = declarePattern(e.value, s, "declared");
        return { ...e, collection, value, ...(key ? { key } : {}) };
      }
      case "every": {
        const collection = use(e.collection, s);
        const c = new Scope(s, true);
        const key = e.key ? declare(c, e.key, "declared") : undefined;
        const value = declare(c, e.value, "declared");
        return { ...e, collection, value, ...(key ? { key } : {}), body: block(e.body, c) };
      }
      case "termExpr": {
        const t = e.term;
        if (t.kind === "infix" && t.op === ":=") {
          const right = use(t.right, s);
          const left = declarePattern(t.left, s, "assigned");
          return { ...e, term: { ...t, left, right } };
        }
        return { ...e, term: use(t, s) };
      }
    }
  };

  const literal = (l: Literal, s: Scope): Literal => {
    const withs = l.with.map((w) => ({ ...w, value: use(w.value, s) }));
    return { ...l, expr: expr(l.expr, s), with: withs };
  };
  const block = (b: Body, s: Scope): Body => b.map((l) => literal(l, s));

  const rule = (r0: Rule): Rule => {
    const r = callArgsToBody(r0);
    const rs = new Scope(undefined, false);
    const args = r.args?.map((a) => declarePattern(a, rs, "arg"));
    const bodyScope = () => new Scope(rs, false);
    const s0 = bodyScope();
    const bodies = r.bodies.map((b) => block(b, s0));
    const key = r.key ? use(r.key, s0) : undefined;
    const value = r.value ? use(r.value, s0) : undefined;
    const elses = r.else.map((e) => {
      const s = bodyScope();
      const body = block(e.body, s);
      return { ...e, body, ...(e.value ? { value: use(e.value, s) } : {}) };
    });
    return {
      ...r,
      ...(args ? { args } : {}),
      ...(key ? { key } : {}),
      ...(value ? { value } : {}),
      bodies,
      else: elses,
    };
  };

  return { ...p, modules: p.modules.map((m) => ({ ...m, rules: m.rules.map(rule) })) };
}


/**
 * A function argument that is a call (`f($"{x}") := …`, a template string) is a value the
 * argument must equal once the body has run: `f($argN) := … if { …; $argN = <call> }`.
 */
function callArgsToBody(r: Rule): Rule {
  if (!r.args?.some((a) => a.kind === "call")) return r;
  const extra: Literal[] = [];
  const args = r.args.map((a, i) => {
    if (a.kind !== "call") return a;
    const v = mkVar(`$arg${i}`, a.span);
    extra.push({ kind: "literal", span: a.span, negated: false, with: [], expr: { kind: "termExpr", span: a.span, term: { kind: "infix", span: a.span, op: "=", left: v, right: a } } });
    return v;
  });
  return {
    ...r,
    args,
    bodies: r.bodies.map((b) => [...b, ...extra]),
    else: r.else.map((e) => ({ ...e, body: [...e.body, ...extra] })),
  };
}
