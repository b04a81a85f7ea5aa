/**
 * Pass `checkRecursion`: rules and functions may not depend on themselves (OPA rejects
 * recursion). Builds the dependency graph between rule paths — a `data` ref depends on the rules
 * it can reach (all rules below a prefix or a variable key), a call on its function — and reports
 * each cycle once, as OPA words it: `rule p is recursive: p -> q -> p`.
 */
import type { Body, Literal, Rule, Term } from "../../syntax/ast.js";
import { exprTerms, mapTerm } from "./ast-util.js";
import { error, indexRules, treeNode, type Program, type RuleGroup, type RuleIndex, type TreeNode } from "./program.js";

export function checkRecursion(p: Program): Program {
  const index = indexRules(p.modules);
  const deps = new Map<string, Set<string>>();
  for (const g of index.groups.values()) {
    const s = new Set<string>();
    for (const { rule } of g.defs) ruleDeps(index, rule, s);
    // An object rule's value also holds the rules in its extent (`a[k] := v` and `a.b := 2`).
    if (g.kind === "partialObject") {
      const n = treeNode(index.tree, g.path);
      if (n) for (const c of n.children.values()) under(c, s);
    }
    deps.set(g.id, s);
  }
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string) => {
    const st = state.get(id);
    if (st === "done") return;
    if (st === "visiting") {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      const key = [...cycle].sort().join(",");
      if (!reported.has(key)) {
        reported.add(key);
        const g = index.groups.get(id)!;
        const short = (x: string) => x.slice(x.lastIndexOf(".") + 1);
        p.diagnostics.push(error("rego-compile", `rule ${short(id)} is recursive: ${cycle.map(short).join(" -> ")}`, g.defs[0]!.rule.span));
      }
      return;
    }
    state.set(id, "visiting");
    stack.push(id);
    for (const d of deps.get(id) ?? []) visit(d);
    stack.pop();
    state.set(id, "done");
  };
  for (const id of index.groups.keys()) visit(id);
  return p;
}

function under(n: TreeNode, out: Set<string>): void {
  if (n.group) out.add(n.group.id);
  for (const c of n.children.values()) under(c, out);
}

/**
 * The rule ids a `data` ref can reach. A variable or computed segment matches any key, and the
 * rest of the path must still match (`data[x].allow` reaches the `allow` rules only), as the
 * planner evaluates it; a variable last reaches everything below.
 */
export function refTargets(index: RuleIndex, path: readonly Term[], out: Set<string>, n: TreeNode = index.tree, from = 0): void {
  for (let i = from; i < path.length; i++) {
    const seg = path[i]!;
    if (n.group) { out.add(n.group.id); return; }
    if (seg.kind === "scalar" && typeof seg.value === "string") {
      const c = n.children.get(seg.value);
      if (!c) return;
      n = c;
    } else if (seg.kind === "scalar" || seg.kind === "array" || seg.kind === "object" || seg.kind === "set") {
      return; // a constant that is not a string names no rule (`data[2]` reads base data only)
    } else if (i + 1 < path.length) {
      for (const c of n.children.values()) refTargets(index, path, out, c, i + 1);
      return;
    } else {
      under(n, out);
      return;
    }
  }
  under(n, out);
}

function ruleDeps(index: RuleIndex, r: Rule, out: Set<string>): void {
  const term = (t: Term) => mapTerm(t, {
    term: (x) => {
      if (x.kind === "ref" && x.head.kind === "var" && x.head.name === "data") refTargets(index, x.path, out);
      if (x.kind === "call" && x.name.startsWith("data.")) {
        const g: RuleGroup | undefined = index.groups.get(x.name);
        if (g) out.add(g.id);
      }
      return undefined;
    },
    body: (b) => { body(b); return b; },
  });
  const lit = (l: Literal) => {
    exprTerms(l.expr).forEach(term);
    if (l.expr.kind === "every") body(l.expr.body);
    l.with.forEach((w) => term(w.value));
  };
  const body = (b: Body) => b.forEach(lit);
  r.args?.forEach(term);
  if (r.key) term(r.key);
  if (r.value) term(r.value);
  r.bodies.forEach(body);
  r.else.forEach((e) => { if (e.value) term(e.value); body(e.body); });
}
