/**
 * Pass `rewriteRefsInHead`: modules → modules where no rule head iterates. OPA's compiler moves
 * every head term that needs evaluation into the body (`rewriteRefsInHead`): `p contains
 * input.xs[_]` is `p contains $h if { $h = input.xs[_] }`, `volumes[pod.spec.volumes[_]]` is
 * `volumes[$h] { …; $h = pod.spec.volumes[_] }` and `q := xs[_]` is `q := $h if { $h = xs[_] }`
 * (several values of a complete rule then conflict, as in OPA). gpc plans head terms after the
 * body already, so only heads with a ref that has a variable segment — where the difference
 * shows — are moved; function values and `else` values likewise. The one pass for heads: it runs
 * before `rewriteRefPatterns`, which then also rewrites the moved terms' patterns.
 */
import type { Body, Literal, Rule, Term } from "../../syntax/ast.js";
import { eachVar, mapTerm, mkVar } from "./ast-util.js";
import type { Program } from "./program.js";

export function rewriteRefsInHead(p: Program): Program {
  let n = 0;
  const move = (t: Term | undefined, body: Body): [Term | undefined, Body] => {
    if (!t || !iterates(t)) return [t, body];
    const v = mkVar(`$head${++n}`, t.span);
    const eq: Term = { kind: "infix", span: t.span, op: "=", left: v, right: t };
    const lit: Literal = { kind: "literal", span: t.span, negated: false, expr: { kind: "termExpr", span: t.span, term: eq }, with: [] };
    return [v, [...body, lit]];
  };
  const rule = (r: Rule): Rule => {
    if (r.isDefault) return r;
    let body = r.bodies[0] ?? [];
    let key: Term | undefined, value: Term | undefined;
    [key, body] = move(r.key, body);
    [value, body] = move(r.value, body);
    const elses = r.else.map((e) => {
      const [v, b] = move(e.value, e.body);
      return { ...e, ...(v ? { value: v } : {}), body: b };
    });
    return { ...r, ...(key ? { key } : {}), ...(value ? { value } : {}), bodies: [body], else: elses };
  };
  return { ...p, modules: p.modules.map((m) => ({ ...m, rules: m.rules.map(rule) })) };
}

/** Does the term (outside closures) contain a ref with a variable in its path? */
function iterates(t: Term): boolean {
  let found = false;
  mapTerm(t, {
    term: (x) => {
      if (x.kind === "arrayCompr" || x.kind === "setCompr" || x.kind === "objectCompr") return x;
      if (x.kind === "ref") for (const seg of x.path) eachVar(seg, (_v, _p) => { found = true; });
      return undefined;
    },
  });
  return found;
}
