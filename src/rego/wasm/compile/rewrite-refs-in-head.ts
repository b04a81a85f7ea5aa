/**
 * Pass `rewriteRefsInHead`: modules → modules where no rule head iterates. OPA's compiler moves
 * every head term that needs evaluation into the body (`rewriteRefsInHead`): `p contains
 * input.xs[_]` is `p contains $h if { $h = input.xs[_] }`, `volumes[pod.spec.volumes[_]]` is
 * `volumes[$h] { …; $h = pod.spec.volumes[_] }` and `q := xs[_]` is `q := $h if { $h = xs[_] }`
 * (several values of a complete rule then conflict, as in OPA). gpc plans head terms after the
 * body already, so only heads with a ref that has a variable segment — where the difference
 * shows — are moved; function values and `else` values likewise. The one pass for heads: it runs
 * before `rewriteRefPatterns`, which then also rewrites the moved terms' patterns.
 *
 * Comprehension heads likewise (OPA's `expandExprTerm` and `rewriteComprehensionTerms`, both
 * before its safety check), when the head has a ref with a variable: each call in the head
 * becomes a body literal and the rest of the head, if it still iterates, one more:
 * `[{"p": f(i), "v": sprintf("%s", wanted[i])} | not startswith(wanted[i][0], "a")]` is
 * `[{"p": $c1, "v": $c2} | not …; $c1 = f(i); $c2 = sprintf("%s", wanted[i])]`, so the head's
 * `wanted[i]` binds `i` for the negation and for `f(i)` once the safety check has ordered them.
 */
import type { Body, Literal, Rule, Term } from "../../syntax/ast.js";
import { eachVar, mapLiteralTerms, mapRuleParts, mapTerm, mkVar, type TermMapper } from "./ast-util.js";
import type { Program } from "./program.js";

export function rewriteRefsInHead(p: Program): Program {
  const counts = { $head: 0, $chead: 0 };
  /** `$<prefix>N = t` appended to `out`; the new var. */
  const bind = (t: Term, out: Literal[], prefix: keyof typeof counts = "$chead"): Term => {
    const v = mkVar(`${prefix}${++counts[prefix]}`, t.span);
    const eq: Term = { kind: "infix", span: t.span, op: "=", left: v, right: t };
    out.push({ kind: "literal", span: t.span, negated: false, expr: { kind: "termExpr", span: t.span, term: eq }, with: [] });
    return v;
  };
  const move = (t: Term | undefined, body: Body): [Term | undefined, Body] => {
    if (!t || !iterates(t)) return [t, body];
    const out = [...body];
    return [bind(t, out, "$head"), out];
  };
  // Every call in the head (arguments first) becomes a body literal, as OPA's expandExprTerm
  // does, so that the safety check may order them: a ref argument of one binds the vars of another.
  const hoistCalls = (t: Term, out: Literal[]): Term => mapTerm(t, {
    term: (x) => {
      if (x.kind === "arrayCompr" || x.kind === "setCompr" || x.kind === "objectCompr") return x;
      if (x.kind === "call") return bind({ ...x, args: x.args.map((a) => hoistCalls(a, out)) }, out);
      if (x.kind === "infix" && ARITH.has(x.op)) return bind({ ...x, left: hoistCalls(x.left, out), right: hoistCalls(x.right, out) }, out);
      return undefined;
    },
  });
  const moveCompr = (t0: Term, body0: Body): [Term, Body] => {
    if (!iterates(t0)) return [t0, body0];
    const body = [...body0];
    const t = hoistCalls(t0, body);
    return [iterates(t) ? bind(t, body) : t, body];
  };
  const compr: TermMapper = {
    term: (t) => {
      if (t.kind === "arrayCompr" || t.kind === "setCompr") {
        const [head, body] = moveCompr(mapTerm(t.head, compr), t.body.map((l) => mapLiteralTerms(l, compr)));
        return { ...t, head, body };
      }
      if (t.kind === "objectCompr") {
        let body: Body = t.body.map((l) => mapLiteralTerms(l, compr));
        let key: Term, value: Term;
        [key, body] = moveCompr(mapTerm(t.key, compr), body);
        [value, body] = moveCompr(mapTerm(t.value, compr), body);
        return { ...t, key, value, body };
      }
      return undefined;
    },
  };
  const rule = (r0: Rule): Rule => {
    const r = mapRuleParts(r0, (t) => mapTerm(t, compr), (b) => b.map((l) => mapLiteralTerms(l, compr)));
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

const ARITH: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%", "&", "|"]);

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
