/**
 * Pass `rewriteWith`: checks every `with` modifier. Supported targets are `input[.path]`,
 * `data.path` where the path is base data (no rule at, above or below it), and `data.<rule path>`
 * (replacing a whole rule value); the planner replaces the document with `rt_upsert`. Mocking
 * functions, packages containing rules, or part of a rule's value is reported as unsupported.
 */
import type { Body, Literal, Term } from "../../syntax/ast.js";
import { groundRootPath, mapTerm } from "./ast-util.js";
import { error, indexRules, ruleId, treeNode, type Program, type RuleIndex } from "./program.js";

export function rewriteWith(p: Program): Program {
  const index = indexRules(p.modules);
  for (const m of p.modules) {
    for (const r of m.rules) {
      const bodies = [...r.bodies, ...r.else.map((e) => e.body)];
      bodies.forEach((b) => checkBody(p, index, b));
    }
  }
  return p;
}

function checkBody(p: Program, index: RuleIndex, b: Body): void {
  for (const l of b) checkLiteral(p, index, l);
}

function checkLiteral(p: Program, index: RuleIndex, l: Literal): void {
  for (const w of l.with) {
    const t = w.target;
    const path = groundRootPath(t);
    if (t.head.kind !== "var" || (t.head.name !== "input" && t.head.name !== "data")) {
      const name = t.head.kind === "var" ? [t.head.name, ...t.path.map((x) => (x.kind === "scalar" ? String(x.value) : "?"))].join(".") : "?";
      p.diagnostics.push(error("rego-unsupported", `with on function ${name} is not supported`, t.span));
      continue;
    }
    if (!path) {
      p.diagnostics.push(error("rego-compile", `with target must be a ref with string keys`, t.span));
      continue;
    }
    if (t.head.name === "data") {
      if (path.length === 0) {
        p.diagnostics.push(error("rego-unsupported", `with data as … is not supported`, t.span));
        continue;
      }
      for (let i = 1; i <= path.length; i++) {
        const g = index.groups.get(ruleId(path.slice(0, i)));
        if (!g) continue;
        // Replacing a rule's whole value is supported (the planner gives mocked rules a
        // prologue reading the replaced document); functions and parts of a value are not.
        if (g.kind === "function") {
          p.diagnostics.push(error("rego-unsupported", `with on function ${g.id} is not supported`, t.span));
        } else if (i < path.length) {
          p.diagnostics.push(error("rego-unsupported", `with on data.${path.join(".")} (inside the value of rule ${g.id}) is not supported`, t.span));
        }
        break;
      }
      if (path.length > 0 && treeNode(index.tree, path) && !index.groups.has(ruleId(path))) {
        p.diagnostics.push(error("rego-unsupported", `with on data.${path.join(".")} (which contains rules) is not supported`, t.span));
      }
    }
  }
  // Closures and every bodies.
  const visit = (t: Term): Term | undefined => {
    if (t.kind === "arrayCompr" || t.kind === "setCompr" || t.kind === "objectCompr") checkBody(p, index, t.body);
    return undefined;
  };
  const e = l.expr;
  if (e.kind === "every") checkBody(p, index, e.body);
  if (e.kind === "termExpr") mapTerm(e.term, { term: visit });
}
