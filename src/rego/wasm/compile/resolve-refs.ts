/**
 * Pass `resolveRefs`: modules → modules where every global name is explicit.
 *
 * - a var naming a rule of the package (`deny`, `containers`) becomes `data.<pkg>.<name>`;
 * - a var naming an import (`helpers` for `import data.lib.helpers`, `review` for
 *   `import input.review`) becomes the imported ref; refs with such heads are flattened;
 * - a call's name becomes `data.<path>` for user functions, or stays the builtin's name; unknown
 *   functions and arity mismatches are diagnostics (OPA builtins the runtime lacks are reported
 *   by the planner, only when a planned rule calls them).
 *
 * Vars the rule declares (`:=`, `some`, `every`, function arguments) are local and left alone.
 */
import type { Body, Import, Literal, Module, Ref, Rule, Term } from "../../syntax/ast.js";
import { eachVar, mapLiteralTerms, mapRuleParts, mapTerm, mkRef, mkStr, mkVar } from "./ast-util.js";
import { error, indexRules, ruleId, type Program, type RuleIndex } from "./program.js";
import { OPA_BUILTINS } from "./opa-builtins.js";

/** Namespaces and names of OPA builtins, to tell "not supported" from "undefined". */
const OPA_NAMESPACES = new Set([
  "http", "time", "crypto", "io", "net", "rand", "uuid", "graphql", "providers", "rego", "opa", "units",
  "semver", "regex", "glob", "strings", "array", "object", "json", "yaml", "base64", "base64url", "hex",
  "urlquery", "numbers", "bits", "internal", "jwt", "aws", "sets",
]);
const OPA_TOPLEVEL = new Set([
  "abs", "all", "any", "and", "assign", "cast_array", "cast_boolean", "cast_null", "cast_object", "cast_set",
  "cast_string", "ceil", "concat", "contains", "count", "div", "endswith", "eq", "equal", "floor", "format_int",
  "gt", "gte", "indexof", "indexof_n", "intersection", "is_array", "is_boolean", "is_null", "is_number",
  "is_object", "is_set", "is_string", "lower", "lt", "lte", "max", "min", "minus", "mul", "neq", "or", "plus",
  "print", "product", "re_match", "rem", "replace", "round", "sort", "split", "sprintf", "startswith",
  "substring", "sum", "to_number", "trace", "trim", "trim_left", "trim_prefix", "trim_right", "trim_space",
  "trim_suffix", "type_name", "union", "upper", "walk", "net.lookup_ip_addr",
]);

/**
 * Builtins the planner handles itself, as no-ops that are true: `print` (OPA erases it unless
 * print statements are enabled; any arity) and `trace` (notes for tracing only).
 */
export const PLANNER_BUILTINS: ReadonlyMap<string, number> = new Map([
  ["print", -1], ["trace", 1],
  // The parser's form of the experimental `a and b` / `a or b` (operands as closures).
  ["internal.logical_and", 2], ["internal.logical_or", 2],
]);

interface Globals {
  /** Name → the ref it stands for. */
  readonly names: Map<string, Ref>;
  readonly imports: Map<string, Import>;
  /** First names of the package's rules. */
  readonly ruleNames: Set<string>;
}

export function resolveRefs(p: Program): Program {
  const index = indexRules(p.modules);
  const modules = p.modules.map((m) => resolveModule(p, index, m));
  return { ...p, modules };
}

function resolveModule(p: Program, index: RuleIndex, m: Module): Module {
  const names = new Map<string, Ref>();
  const imports = new Map<string, Import>();
  const pkgKey = m.package.join(".");
  const ruleNames = new Set<string>();
  for (const other of p.modules) if (other.package.join(".") === pkgKey) other.rules.forEach((r) => ruleNames.add(r.name[0]!));
  for (const imp of m.imports) {
    const head = imp.path.head;
    if (head.kind !== "var" || (head.name !== "data" && head.name !== "input")) continue;
    const alias = imp.alias ?? lastName(imp.path);
    if (!alias || alias === "input" || alias === "data") continue;
    if (names.has(alias)) {
      p.diagnostics.push(error("rego-compile", `import must not shadow import ${alias}`, imp.span));
    }
    names.set(alias, imp.path);
    imports.set(alias, imp);
  }
  {
    for (const name of ruleNames) {
      if (imports.has(name)) {
        const imp = imports.get(name)!;
        p.diagnostics.push(error("rego-compile", `import ${name} conflicts with rule ${ruleId([...m.package, name])}`, imp.span));
        continue;
      }
      const span = m.packageSpan;
      names.set(name, mkRef(mkVar("data", span), [...m.package, name].map((s) => mkStr(s, span)), span));
    }
  }
  const g: Globals = { names, imports, ruleNames };
  return { ...m, rules: m.rules.map((r) => resolveRule(p, index, m, g, r)) };
}

function lastName(r: Ref): string | undefined {
  const last = r.path[r.path.length - 1];
  if (!last) return r.head.kind === "var" ? r.head.name : undefined;
  return last.kind === "scalar" && typeof last.value === "string" ? last.value : undefined;
}

/** Names the rule declares anywhere (shadowing globals in OPA's resolution). */
function declaredNames(r: Rule): Set<string> {
  const s = new Set<string>();
  const addVars = (t: Term) => eachVar(t, (v) => s.add(v.name));
  r.args?.forEach(addVars);
  const body = (b: Body) => {
    for (const l of b) {
      const e = l.expr;
      if (e.kind === "someDecl") e.vars.forEach((v) => s.add(v.name));
      else if (e.kind === "someIn") { if (e.key) addVars(e.key); addVars(e.value); }
      else if (e.kind === "every") { if (e.key) s.add(e.key.name); s.add(e.value.name); body(e.body); }
      else if (e.term.kind === "infix" && e.term.op === ":=") addVars(e.term.left);
      // closures
      const visit = (t: Term): Term | undefined => {
        if (t.kind === "arrayCompr" || t.kind === "setCompr" || t.kind === "objectCompr") body(t.body);
        return undefined;
      };
      mapLiteralTerms(l, { term: visit });
    }
  };
  r.bodies.forEach(body);
  r.else.forEach((e) => body(e.body));
  return s;
}

function resolveRule(p: Program, index: RuleIndex, m: Module, g: Globals, r: Rule): Rule {
  const locals = declaredNames(r);
  const mapper = {
    term: (t: Term): Term | undefined => {
      if (t.kind === "var") {
        if (locals.has(t.name)) return t;
        const ref = g.names.get(t.name);
        return ref ? { ...ref, span: t.span } : t;
      }
      if (t.kind === "ref") {
        const head = mapTerm(t.head, mapper);
        const path = t.path.map((x) => mapTerm(x, mapper));
        if (head.kind === "ref") return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      if (t.kind === "call") {
        // `set()` is the empty set literal, not a call.
        if (t.name === "set" && t.args.length === 0 && !g.ruleNames.has("set")) return { kind: "set", span: t.span, items: [] };
        return { ...t, name: resolveCall(p, index, m, g, t.name, t.args.length, t.nameSpan), args: t.args.map((x) => mapTerm(x, mapper)) };
      }
      return undefined;
    },
  };
  const lit = (l: Literal): Literal => {
    const out = mapLiteralTerms(l, mapper);
    return {
      ...out,
      with: out.with.map((w) => ({ ...w, target: resolveWithTarget(g, w.target) })),
    };
  };
  const body = (b: Body): Body => b.map(lit);
  // Every bodies are mapped by mapLiteralTerms through `mapper` (no `body` hook): handled there.
  const mt = (t: Term) => mapTerm(t, mapper);
  const out = mapRuleParts(r, mt, body);
  return r.args ? { ...out, args: r.args.map(mt) } : out;
}

function resolveWithTarget(g: Globals, t: Ref): Ref {
  if (t.head.kind === "var") {
    const ref = g.names.get(t.head.name);
    if (ref) return { ...t, head: ref.head, path: [...ref.path, ...t.path] };
  }
  return t;
}

/** The canonical name of a call: `data.a.b.f` for user functions, else the builtin's name. */
function resolveCall(p: Program, index: RuleIndex, m: Module, g: Globals, name: string, nargs: number, span: Ref["span"]): string {
  const segs = name.split(".");
  let path: string[] | undefined;
  if (segs[0] === "data") path = segs.slice(1);
  else if (g.imports.has(segs[0]!)) {
    const imp = g.imports.get(segs[0]!)!;
    if (imp.path.head.kind === "var" && imp.path.head.name === "data") {
      const base = imp.path.path.map((x) => (x.kind === "scalar" ? String(x.value) : "?"));
      path = [...base, ...segs.slice(1)];
    }
  } else if (g.ruleNames.has(segs[0]!)) {
    path = [...m.package, ...segs];
  }
  if (path) {
    const id = ruleId(path);
    const grp = index.groups.get(id);
    if (!grp) {
      p.diagnostics.push(error("rego-compile", `undefined function ${id}`, span));
    } else if (grp.kind !== "function" && !(nargs === 0 && grp.kind === "complete")) {
      p.diagnostics.push(error("rego-compile", `${id} is not a function`, span));
    } else if (nargs !== grp.arity && nargs !== grp.arity + 1) {
      p.diagnostics.push(error("rego-compile", `function ${id} has arity ${grp.arity}, got ${nargs} argument${nargs === 1 ? "" : "s"}`, span));
    }
    return id;
  }
  const own = PLANNER_BUILTINS.get(name);
  if (own !== undefined) {
    if (own >= 0 && nargs !== own) {
      p.diagnostics.push(error("rego-compile", `function ${name} has arity ${own}, got ${nargs} argument${nargs === 1 ? "" : "s"}`, span));
    }
    return name;
  }
  const arity = p.builtins.get(name);
  if (arity === undefined) {
    const opaArity = OPA_BUILTINS.get(name);
    if (opaArity !== undefined && opaArity >= 0 && nargs !== opaArity && nargs !== opaArity + 1) {
      p.diagnostics.push(error("rego-compile", `function ${name} has arity ${opaArity}, got ${nargs} argument${nargs === 1 ? "" : "s"}`, span));
    } else if (opaArity !== undefined || OPA_TOPLEVEL.has(name) || (segs.length > 1 && OPA_NAMESPACES.has(segs[0]!))) {
      // An OPA builtin the runtime lacks: reported by the planner if a planned rule calls it,
      // so that unused library helpers (say, one using `http.send`) do not fail the build.
    } else {
      p.diagnostics.push(error("rego-compile", `undefined function ${name}`, span));
    }
  } else if (nargs !== arity && nargs !== arity + 1) {
    p.diagnostics.push(error("rego-compile", `function ${name} has arity ${arity}, got ${nargs} argument${nargs === 1 ? "" : "s"}`, span));
  }
  return name;
}
