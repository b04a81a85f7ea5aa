/**
 * Pass `collectRules`: modules → modules with one body per rule (v0 `p { a } { b }` becomes two
 * definitions), and rule-level conflicts reported: mixed rule kinds at one path, functions of
 * different arity, several defaults, rules nested under another rule's path, entry-less bodies.
 */
import type { Module, Rule } from "../../syntax/ast.js";
import { error, indexRules, type Program } from "./program.js";

export function collectRules(p: Program): Program {
  const modules = p.modules.map((m): Module => ({
    ...m,
    rules: m.rules.flatMap((r): Rule[] =>
      r.bodies.length <= 1 ? [r.bodies.length === 0 ? { ...r, bodies: [[]] } : r]
        : r.bodies.map((b, i) => ({ ...r, bodies: [b], else: i === 0 ? r.else : [] }))),
  }));
  const { groups } = indexRules(modules);
  for (const g of groups.values()) {
    let defaults = 0;
    for (const { rule } of g.defs) {
      const multi = (r: Rule) => r.general?.multi === true;
      if (rule.headKind !== g.kind || multi(rule) !== multi(g.defs[0]!.rule)) {
        p.diagnostics.push(error("rego-compile", `conflicting rules named ${g.path[g.path.length - 1]} found`, rule.nameSpan));
      } else if (rule.headKind === "function" && (rule.args?.length ?? 0) !== g.arity) {
        p.diagnostics.push(error("rego-compile", `conflicting rules named ${g.path[g.path.length - 1]} found`, rule.nameSpan));
      }
      if (rule.isDefault) {
        defaults++;
        if (defaults > 1) p.diagnostics.push(error("rego-compile", `multiple default rules named ${g.path[g.path.length - 1]} found`, rule.span));
        if (rule.headKind !== "complete" && rule.headKind !== "function") {
          p.diagnostics.push(error("rego-compile", `default rules must be complete rules or functions: ${g.id}`, rule.span));
        }
      }
    }
    // A rule path strictly under another rule path (`a := 1` and `a.b := 2`). As in OPA, only
    // rules whose ref is ground conflict so: an object rule with a variable key (`a[k] := v`)
    // may have rules in its extent (`a.b := 2`; its value then holds both), functions aside.
    for (let i = 1; i < g.path.length; i++) {
      const prefix = "data." + g.path.slice(0, i).join(".");
      const other = groups.get(prefix);
      if (other && (other.kind !== "partialObject" || g.kind === "function")) {
        p.diagnostics.push(error("rego-compile", `rule ${prefix} conflicts with rule ${g.id}`, g.defs[0]!.rule.nameSpan));
      }
    }
  }
  return { ...p, modules };
}
