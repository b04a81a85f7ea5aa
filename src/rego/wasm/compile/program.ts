/**
 * The state the compile passes thread through: the modules (rewritten pass by pass), the
 * builtins the runtime offers, and the diagnostics collected so far. Also the rule index
 * (rule path → all definitions) and the virtual-document tree that passes and planner share.
 */
import type { Diagnostic, Span } from "../../../diagnostics/diagnostic.js";
import type { Module, Rule } from "../../syntax/ast.js";

/** What every pass receives and returns. */
export interface Program {
  readonly modules: readonly Module[];
  /** Rego builtin name → arity, as the runtime exports them. */
  readonly builtins: ReadonlyMap<string, number>;
  /** Collected diagnostics (passes append). */
  readonly diagnostics: Diagnostic[];
}

/** One compile pass: a name (for dumps and timings) and a function. */
export interface Pass {
  readonly name: string;
  readonly run: (p: Program) => Program;
}

export type RuleKind = Rule["headKind"];

/** All definitions sharing one rule path. */
export interface RuleGroup {
  /** Full path without `data`: `["t", "r"]`. */
  readonly path: readonly string[];
  /** `data.t.r`: the planned function's name and the name in messages. */
  readonly id: string;
  readonly kind: RuleKind;
  /** Number of arguments (functions), 0 otherwise. */
  readonly arity: number;
  readonly defs: readonly RuleDef[];
}

export interface RuleDef {
  readonly rule: Rule;
  readonly module: Module;
}

/** A node of the virtual document tree (`data.*` as far as rules define it). */
export interface TreeNode {
  readonly children: Map<string, TreeNode>;
  group?: RuleGroup;
}

export interface RuleIndex {
  readonly groups: ReadonlyMap<string, RuleGroup>;
  readonly tree: TreeNode;
}

export const ruleId = (path: readonly string[]): string => "data." + path.join(".");

export function error(code: "rego-compile" | "rego-unsupported", message: string, span: Span | undefined): Diagnostic {
  return { code, severity: "error", message, ...(span ? { span } : {}) };
}

/** Index the rules of all modules by full path and build the tree. Conflicts are reported by `collectRules`. */
export function indexRules(modules: readonly Module[]): RuleIndex {
  const groups = new Map<string, { path: string[]; id: string; kind: RuleKind; arity: number; defs: RuleDef[] }>();
  for (const module of modules) {
    for (const rule of module.rules) {
      const path = [...module.package, ...rule.name];
      const id = ruleId(path);
      let g = groups.get(id);
      if (!g) {
        g = { path, id, kind: rule.headKind, arity: rule.args?.length ?? 0, defs: [] };
        groups.set(id, g);
      }
      g.defs.push({ rule, module });
    }
  }
  const tree: TreeNode = { children: new Map() };
  // Every package is a node, even without rules: `data.a.b` of an empty `package a.b` is {}.
  for (const module of modules) {
    let n = tree;
    for (const seg of module.package) {
      let c = n.children.get(seg);
      if (!c) { c = { children: new Map() }; n.children.set(seg, c); }
      n = c;
    }
  }
  for (const g of groups.values()) {
    let n = tree;
    for (const seg of g.path) {
      let c = n.children.get(seg);
      if (!c) { c = { children: new Map() }; n.children.set(seg, c); }
      n = c;
    }
    n.group = g;
  }
  return { groups, tree };
}

/** The tree node at a path, if rules exist at or below it. */
export function treeNode(tree: TreeNode, path: readonly string[]): TreeNode | undefined {
  let n: TreeNode | undefined = tree;
  for (const seg of path) {
    n = n.children.get(seg);
    if (!n) return undefined;
  }
  return n;
}
