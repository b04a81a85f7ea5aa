/**
 * Pass `rewriteRefPatterns`: modules → modules where no reference segment is a composite pattern
 * with variables. As OPA's compiler does, `p[{"msg": msg, "field": "containers"}]` becomes
 * `p[$ref1]` followed by the literal `$ref1 = {"msg": msg, "field": "containers"}`: the reference
 * iterates (a partial set's elements, an object's keys, an array's indices) and each key is
 * unified with the pattern, binding its variables. Ground composite segments (`p[{"a": 1}]`) stay
 * lookups. In a negated literal the pattern stays as written (its variables must then be bound
 * elsewhere; otherwise `checkSafety` reports them). Runs after `rewriteRefsInHead`, so head
 * terms moved into the body get the same treatment.
 */
import type { Body, Literal, Term } from "../../syntax/ast.js";
import { eachVar, isRoot, mapLiteralTerms, mapRuleParts, mapTerm, mkVar, type TermMapper } from "./ast-util.js";
import type { Program } from "./program.js";

export function rewriteRefPatterns(p: Program): Program {
  let counter = 0;
  const hasVars = (t: Term) => { let any = false; eachVar(t, (v) => { if (!isRoot(v.name)) any = true; }); return any; };

  const body = (b: Body): Body => {
    const out: Literal[] = [];
    for (const l of b) {
      const extracted: [Term, Term][] = [];
      const mapper: TermMapper = {
        body,
        term: (t) => {
          if (t.kind !== "ref") return undefined;
          const head = mapTerm(t.head, mapper);
          const path = t.path.map((seg) => {
            const x = mapTerm(seg, mapper);
            if (l.negated || (x.kind !== "object" && x.kind !== "array") || !hasVars(x)) return x;
            const v = mkVar(`$ref${++counter}`, x.span);
            extracted.push([v, x]);
            return v;
          });
          return { ...t, head, path };
        },
      };
      const mapped = mapLiteralTerms(l, mapper);
      out.push(mapped);
      for (const [v, pattern] of extracted) {
        out.push({ kind: "literal", span: l.span, negated: false, with: [], expr: { kind: "termExpr", span: l.span, term: { kind: "infix", span: l.span, op: "=", left: v, right: pattern } } });
      }
    }
    return out;
  };

  const heads: TermMapper = { body };
  // Head terms are not rewritten (a pattern there is a value), but their comprehensions are.
  const head = (t: Term) => mapTerm(t, heads);
  return { ...p, modules: p.modules.map((m) => ({ ...m, rules: m.rules.map((r) => mapRuleParts(r, head, body)) })) };
}
