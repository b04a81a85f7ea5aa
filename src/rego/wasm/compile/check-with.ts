/**
 * Pass `rewriteWith`: checks every `with` modifier. Supported targets are `input[.path]`,
 * `data.path` where the path is base data (no rule at, above or below it), `data.<rule path>`
 * (replacing a whole rule value), and functions (builtins or user functions) replaced by a
 * function, a builtin or any value; the planner replaces documents with `rt_upsert` and plans
 * specialised copies of the functions called under a function mock; a package replaced as a
 * whole is marked so that its rules read the new value. Part of a rule's value is reported as
 * unsupported.
 */
import type { Body, Literal, Ref, Term } from "../../syntax/ast.js";
import { groundRootPath, mapLiteralTerms, mapRuleParts, mapTerm, mkVar, type TermMapper } from "./ast-util.js";
import { error, indexRules, ruleId, type Program, type RuleIndex } from "./program.js";
import { OPA_BUILTINS } from "./opa-builtins.js";

export function rewriteWith(p: Program): Program {
  const index = indexRules(p.modules);
  for (const m of p.modules) {
    for (const r of m.rules) {
      const bodies = [...r.bodies, ...r.else.map((e) => e.body)];
      bodies.forEach((b) => checkBody(p, index, b));
    }
  }
  return hoistWithValues(p, index);
}

/**
 * OPA's rewriteWithModifiers: a `with` value on input or data that needs evaluation (contains a
 * ref or a comprehension) is bound to a local before the expression, outside the `with`
 * (`f(1) with input.a as xs[_]` iterates `xs`); so is a value replacing a function (`with f as
 * rule`). Replacements by functions and constants are left alone.
 */
function hoistWithValues(p: Program, index: RuleIndex): Program {
  let n = 0;
  const closures: TermMapper = { body: (b) => body(b) };
  const body = (b: Body): Body => {
    const out: Literal[] = [];
    for (const l0 of b) {
      const l = mapLiteralTerms(l0, closures);
      if (l.with.length === 0) { out.push(l); continue; }
      const withs = l.with.map((w) => {
        if (withNamesFunction(w, index, p.builtins) || !needsEval(w.value)) return w;
        const v = mkVar(`$with${++n}`, w.value.span);
        const eq: Term = { kind: "infix", span: w.value.span, op: "=", left: v, right: w.value };
        out.push({ kind: "literal", span: w.span, negated: false, expr: { kind: "termExpr", span: w.span, term: eq }, with: [] });
        return { ...w, value: v };
      });
      out.push({ ...l, with: withs });
    }
    return out;
  };
  const head = (t: Term) => mapTerm(t, closures);
  return { ...p, modules: p.modules.map((m) => ({ ...m, rules: m.rules.map((r) => mapRuleParts(r, head, body)) })) };
}

/** Does a term contain a ref (other than a lone input/data) or a comprehension? */
function needsEval(t: Term): boolean {
  let found = false;
  mapTerm(t, {
    term: (x) => {
      if (x.kind === "arrayCompr" || x.kind === "setCompr" || x.kind === "objectCompr") { found = true; return x; }
      if (x.kind === "ref") { found = true; return x; }
      return undefined;
    },
  });
  return found;
}

/**
 * The callee a `with` target replaces: a builtin the runtime offers (`count`, `strings.upper`)
 * or a user function (`data.t.f`, as resolveRefs rewrote a local `f`); undefined otherwise.
 */
export function withFunctionTarget(t: Ref, index: RuleIndex, builtins: ReadonlyMap<string, number>): string | undefined {
  if (t.head.kind !== "var") return undefined;
  const segs: string[] = [t.head.name];
  for (const x of t.path) {
    if (x.kind !== "scalar" || typeof x.value !== "string") return undefined;
    segs.push(x.value);
  }
  if (segs[0] === "data") {
    const g = index.groups.get(ruleId(segs.slice(1)));
    return g?.kind === "function" ? g.id : undefined;
  }
  if (segs[0] === "input") return undefined;
  const name = segs.join(".");
  // Also OPA builtins the runtime lacks: mocked (`with time.now_ns as …`) they need no runtime.
  return builtins.has(name) || OPA_BUILTINS.has(name) ? name : undefined;
}

/**
 * What replaces a function: (the id of) a user function, (the name of) a builtin the runtime
 * offers (`with count as object.union_n`), a constant, or any other value (`with f as v`, a
 * rule's value, a comprehension): every call then returns that value, once its arguments are
 * defined, as in OPA.
 */
export function withFunctionValue(v: Term, index: RuleIndex, builtins?: ReadonlyMap<string, number>): { const: Term } | { func: string } | { value: Term } {
  const path = v.kind === "ref" ? groundRootPath(v) : undefined;
  if (path && v.kind === "ref" && v.head.kind === "var" && v.head.name === "data") {
    const g = index.groups.get(ruleId(path));
    if (g?.kind === "function") return { func: g.id };
  }
  const name = dottedName(v);
  // A builtin, also one of OPA's the runtime lacks (then reported where it is called).
  if (name !== undefined && (builtins?.has(name) || OPA_BUILTINS.has(name))) return { func: name };
  return isGround(v) ? { const: v } : { value: v };
}

/** Does a `with` replace a function by a function or a constant (no variables to bind)? */
export function withNamesFunction(w: { readonly target: Ref; readonly value: Term }, index: RuleIndex, builtins: ReadonlyMap<string, number>): boolean {
  return withFunctionTarget(w.target, index, builtins) !== undefined && !("value" in withFunctionValue(w.value, index, builtins));
}

/** `count`, `object.union_n`: a var or a ref of string segments off a var other than input/data. */
function dottedName(v: Term): string | undefined {
  if (v.kind === "var") return v.name;
  if (v.kind !== "ref" || v.head.kind !== "var" || v.head.name === "input" || v.head.name === "data") return undefined;
  const segs = [v.head.name];
  for (const x of v.path) {
    if (x.kind !== "scalar" || typeof x.value !== "string") return undefined;
    segs.push(x.value);
  }
  return segs.join(".");
}

function isGround(t: Term): boolean {
  switch (t.kind) {
    case "scalar": return true;
    case "array": case "set": return t.items.every(isGround);
    case "object": return t.entries.every(([k, v]) => isGround(k) && isGround(v));
    default: return false;
  }
}

/** OPA's validateWithBuiltinTarget: builtins that `with` may not replace, with OPA's message. */
function builtinTargetError(name: string | undefined): string | undefined {
  if (name === undefined || name.startsWith("data.")) return undefined;
  const pre = "with keyword replacing built-in function:";
  if (name === "eq" || name === "rego.metadata.chain" || name === "rego.metadata.rule") return `${pre} replacement of "${name}" invalid`;
  if (name.startsWith("internal.")) return `${pre} replacement of internal function "${name}" invalid`;
  if (name === "walk") return `${pre} target must not be a relation`;
  if (name === "print") return `${pre} target must not be a void function`;
  return undefined;
}

function checkBody(p: Program, index: RuleIndex, b: Body): void {
  for (const l of b) checkLiteral(p, index, l);
}

function checkLiteral(p: Program, index: RuleIndex, l: Literal): void {
  for (const w of l.with) {
    const t = w.target;
    const path = groundRootPath(t);
    const fn = withFunctionTarget(t, index, p.builtins);
    const invalid = builtinTargetError(fn ?? dottedName(t));
    if (invalid) { p.diagnostics.push(error("rego-compile", invalid, t.span)); continue; }
    if (fn !== undefined || t.head.kind !== "var" || (t.head.name !== "input" && t.head.name !== "data")) {
      if (fn === undefined) {
        p.diagnostics.push(error("rego-compile", `with target must be input, data or a function`, t.span));
      }
      continue;
    }
    if (!path) {
      p.diagnostics.push(error("rego-compile", `with target must be a ref with string keys`, t.span));
      continue;
    }
    if (t.head.name === "data") {
      // OPA's validateWith: a target inside a rule's value is a compile error (OPA replaces
      // documents, never part of a rule); a rule's whole value, a package or all of `data`
      // may be replaced (the planner gives the rules below a prologue reading the new value).
      for (let i = 1; i < path.length; i++) {
        if (index.groups.has(ruleId(path.slice(0, i)))) {
          p.diagnostics.push(error("rego-compile", `with keyword cannot partially replace virtual document(s)`, t.span));
          break;
        }
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
