/**
 * Worst-case runtime cost of a CEL program, in the units of cel-go's cost tracker, as Kubernetes
 * configures it (`k8s.io/apiserver/pkg/cel/environment` base options: `PresenceTestHasCost(false)`,
 * the strict cost estimator `library.CostEstimator`, `CostLimit(PerCallLimit)`).
 *
 * Input: a `CelProgram` and size bounds. Output: the cost of every single expression (each
 * variable, validation expression and messageExpression is its own CEL program in Kubernetes'
 * composition: `variables.x` costs 2 where it is read, its own cost is charged to its own
 * program) and the cost of one Gatekeeper evaluation of the template.
 *
 * How Kubernetes charges (checked against `admission/plugin/cel` and `policy/validating`):
 * - every program evaluation is stopped at `PerCallLimit` = 1,000,000;
 * - one evaluation of the template has a budget: the validations' pass (each variable a
 *   validation reads, once, then every validation expression), then the messages' pass (a new
 *   lazy variable map: each variable a messageExpression reads, again, then every
 *   messageExpression — for passing validations too). Gatekeeper's K8sNativeValidation driver
 *   gives it `PerCallLimit` (1,000,000); a ValidatingAdmissionPolicy has `RuntimeCELCostBudget`
 *   (10,000,000). Out of budget, Gatekeeper denies the object with "running out of cost budget".
 *
 * Unit costs (cel-go `interpreter/runtimecost.go`, `checker/cost.go`; Kubernetes
 * `cel/library/cost.go`): constants 0 (constant lists and maps are folded by `OptOptimize`); an
 * identifier 1; each field selection or index 1 (one more on a computed operand); `has()` the cost
 * of its operand; `&&`, `||` and `?:` nothing of their own; `!`, arithmetic, `size`, `type`,
 * conversions 1; `==`, `!=` and orderings ceil(min(size) × 0.1) (1 for scalars); `in` on a list
 * its size; string `+` ceil((l + r) × 0.1), list `+` 1; `startsWith`/`endsWith` ceil(size(target)
 * × 0.1); `substring`, `upperAscii`, `lowerAscii` ceil(size × 0.1); `join` ceil(size(result) ×
 * 0.2); `matches` ceil((1 + size) × 0.1) × ceil(size(regex) × 0.25); a new list 10, a new map 30.
 * Comprehensions as the macros expand (cel-go `parser/macro.go`): per element `all` 3 + body,
 * `exists` 4 + body, `map` 12 + f, `map(x, p, f)` p + 12 + f, `filter` 13 + p, plus 1 for the
 * result. It is an upper bound by construction: every loop runs to its bound, every branch takes
 * its dearer side, every operand has its largest size — but where the constraint's parameters
 * decide a condition (`variables.param_x == <constant>`, `!`/`&&`/`||` of such, a comprehension
 * over a parameter list that is empty), only the branch taken is charged, and a left operand of
 * `&&`/`||` so decided leaves the right one uncharged, as cel-go's short-circuiting evaluation
 * charges; a filter so decided false keeps nothing.
 */
import type { CelProgram, Expr } from "./ast.js";

/** Size bounds of the reviewed object and parameters. */
export interface CostBounds {
  /** Containers of the pod, all lists together. @default 1000 */
  readonly containers: number;
  /** Entries of each container's lists (ports, volumeMounts, env, capabilities add and drop, probe handlers). @default 8 */
  readonly containerList: number;
  /** Entries of the pod's other lists and maps (volumes, sysctls, supplementalGroups, annotations, a volume's fields). @default 64 */
  readonly podList: number;
  /** Longest string other than a name (images, paths, capabilities, annotation values). @default 128 */
  readonly stringLength: number;
  /**
   * Longest `name` (of a container, volume, volumeMount, port): a DNS label of at most 63
   * characters, which the API server validates before any validating admission (Gatekeeper's
   * webhook or a ValidatingAdmissionPolicy) sees the Pod. @default 63
   */
  readonly nameLength: number;
}

export const DEFAULT_BOUNDS: CostBounds = { containers: 1000, containerList: 8, podList: 64, stringLength: 128, nameLength: 63 };

/** Kubernetes' per-expression runtime cost limit (`celconfig.PerCallLimit`), also Gatekeeper's budget for one template evaluation. */
export const PER_CALL_LIMIT = 1_000_000;
/** Kubernetes' runtime cost budget of one ValidatingAdmissionPolicy evaluation (`celconfig.RuntimeCELCostBudget`). */
export const RUNTIME_BUDGET = 10_000_000;

/** The cost estimate of a program. */
export interface CostEstimate {
  /** Every expression by name (`variables.<name>`, `validations[i].expression`, `validations[i].messageExpression`), in program order. */
  readonly expressions: readonly { readonly name: string; readonly cost: number }[];
  /** The largest single expression evaluation (the per-call limit applies to it). */
  readonly maxExpression: number;
  /** The name of that expression. */
  readonly maxName: string;
  /** One evaluation of the template: the validations' pass plus the messages' pass (Gatekeeper's budget is 1,000,000). */
  readonly total: number;
}

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);
const PER_CONTAINER = new Set(["ports", "volumeMounts", "env", "envFrom", "add", "drop"]);
const POD_LISTS = new Set(["volumes", "sysctls", "supplementalGroups", "annotations", "labels", "hostAliases", "imagePullSecrets", "tolerations"]);

type Kind = "string" | "list" | "map" | "scalar" | "any";

/**
 * An estimate: `cost` fixed plus, per container list iterated (`per`), a cost per element; the
 * lists share one bound (`containers` in all), so the worst case puts every container in the
 * dearest list. `size` is elements, entries or characters; `elem` and `fields` describe the
 * elements and known fields when they are known.
 */
interface Est { cost: number; per?: Readonly<Record<string, number>>; size: number; kind: Kind; family?: string; elem?: Est; fields?: Readonly<Record<string, Est>> }

const ceil = Math.ceil;
const TRUE_LIT: Expr = { kind: "Lit", value: true };

/** The shape of a value that is one of `a` or `b`: the larger size of each part (costs are not merged). */
function merge(a: Est | undefined, b: Est | undefined): Est | undefined {
  if (!a || !b) return a ?? b;
  const kind: Kind = a.kind === b.kind ? a.kind : a.kind === "list" || b.kind === "list" ? "list" : "any";
  const elem = merge(a.elem, b.elem);
  let fields: Record<string, Est> | undefined;
  if (a.fields && b.fields) {
    fields = {};
    for (const k of new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])) fields[k] = merge(a.fields[k], b.fields[k])!;
  }
  const family = a.family ?? b.family;
  return { cost: Math.max(a.cost, b.cost), size: Math.max(a.size, b.size), kind, ...(family ? { family } : {}), ...(elem ? { elem } : {}), ...(fields ? { fields } : {}) };
}
const addPer = (...xs: (Readonly<Record<string, number>> | undefined)[]): Record<string, number> | undefined => {
  let out: Record<string, number> | undefined;
  for (const x of xs) if (x) for (const [k, n] of Object.entries(x)) (out ??= {})[k] = (out[k] ?? 0) + n;
  return out;
};
const maxPer = (a?: Readonly<Record<string, number>>, b?: Readonly<Record<string, number>>): Record<string, number> | undefined => {
  if (!a) return b ? { ...b } : undefined;
  if (!b) return { ...a };
  const out: Record<string, number> = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, n);
  return out;
};

/**
 * Estimates a program. `params` (the constraint's parameters, when known) give the sizes of the
 * `param_<name>` variables; without them a parameter is as large as its default.
 */
export function estimateCost(p: CelProgram, bounds: CostBounds = DEFAULT_BOUNDS, params?: Readonly<Record<string, unknown>>): CostEstimate {
  const S = bounds.stringLength, N = bounds.containers;
  const vars = new Map<string, { est: Est; deps: Set<string> }>();
  const caps = new Map<string, number>();
  /** The scalar values of the `param_<name>` variables: as given, else their defaults. */
  const knownParams = new Map<string, Known>();
  /** The worst-case total of an estimate. */
  const worst = (e: Est): number => e.cost + N * Math.max(0, ...Object.values(e.per ?? {}));
  const unknown = (size = S): Est => ({ cost: 0, size, kind: "any" });
  const field = (name: string): Est => {
    if (CONTAINER_LISTS.has(name)) return { cost: 0, size: N, kind: "list", family: name, elem: unknown() };
    if (PER_CONTAINER.has(name)) return { cost: 0, size: bounds.containerList, kind: "list", elem: unknown() };
    // A sysctl's name is not a DNS label: as long as any string.
    if (name === "sysctls") return { cost: 0, size: bounds.podList, kind: "any", elem: { ...unknown(), fields: { name: unknown(), value: unknown() } } };
    if (POD_LISTS.has(name)) return { cost: 0, size: bounds.podList, kind: "any", elem: unknown() };
    if (name === "name") return unknown(bounds.nameLength);
    return unknown();
  };
  const isAttr = (e: Expr): boolean => e.kind === "Ident" || ((e.kind === "Select" || e.kind === "Index") && isAttr(e.operand));
  const walk = (e: Expr, scope: ReadonlyMap<string, Est>, deps: Set<string>): Est => {
    const sum = (xs: Est[], own: number): { cost: number; per?: Record<string, number> } => ({ cost: xs.reduce((a, x) => a + x.cost, own), ...(addPer(...xs.map((x) => x.per)) ? { per: addPer(...xs.map((x) => x.per))! } : {}) });
    switch (e.kind) {
      case "Lit":
        return typeof e.value === "string" ? { cost: 0, size: [...e.value].length, kind: "string" } : { cost: 0, size: 1, kind: "scalar" };
      case "Type": return { cost: 1, size: 1, kind: "scalar" };
      case "Ident": { const b = scope.get(e.name); return b ? { ...b, cost: 1, per: undefined } : { ...unknown(), cost: 1 }; }
      case "Select": {
        if (e.operand.kind === "Ident" && e.operand.name === "variables") {
          const v = vars.get(e.field);
          if (v) {
            deps.add(e.field); for (const d of v.deps) deps.add(d);
            // Capped below the shared container bound: a list of at most that many elements, whatever list it came from.
            const cap = caps.get(e.field);
            if (cap !== undefined && cap < v.est.size) { const { family: _f, ...rest } = v.est; return { ...rest, cost: 2, per: undefined, size: cap }; }
            return { ...v.est, cost: 2, per: undefined };
          }
          return { ...unknown(), cost: 2 };
        }
        if (e.operand.kind === "Select" && e.operand.field === "params" && e.operand.operand.kind === "Ident" && e.operand.operand.name === "variables" && params && e.field in params) {
          // `variables.params.<name>` read directly (custom checks): as large as the parameter given.
          const est: Est = { ...unknown(), cost: 3 };
          sizeParam(est, e, params[e.field]);
          return est;
        }
        const o = walk(e.operand, scope, deps);
        const known = o.fields?.[e.field];
        const own = isAttr(e.operand) ? 1 : 2;
        const shape = known ?? (o.kind === "map" && o.fields ? unknown() : field(e.field));
        return { ...shape, ...sum([o], own) };
      }
      case "Index": {
        const o = walk(e.operand, scope, deps), i = walk(e.index, scope, deps);
        return { ...(o.elem ?? unknown(Math.max(S, bounds.podList))), ...sum([o, i], isAttr(e.operand) ? 1 : 2) };
      }
      case "Has": { const o = walk(e.operand, scope, deps); return { ...sum([o], 0), size: 1, kind: "scalar" }; }
      case "Unary": { const a = walk(e.arg, scope, deps); return { ...sum([a], 1), size: 1, kind: "scalar" }; }
      case "Binary": {
        const l = walk(e.left, scope, deps), r = walk(e.right, scope, deps);
        const stringy = (x: Est) => x.kind === "string" || x.kind === "any";
        switch (e.op) {
          case "&&": case "||":
            // A left operand the parameters decide (false for `&&`, true for `||`) leaves the right one unevaluated.
            if (paramTest(e.left, knownParams) === (e.op === "||")) return { ...sum([l], 0), size: 1, kind: "scalar" };
            return { ...sum([l, r], 0), size: 1, kind: "scalar" };
          case "in": return { ...sum([l, r], Math.max(1, r.size)), size: 1, kind: "scalar" };
          case "==": case "!=": case "<": case "<=": case ">": case ">=":
            return { ...sum([l, r], Math.max(1, ceil(Math.min(l.size, r.size) * 0.1))), size: 1, kind: "scalar" };
          case "+": {
            if (l.kind === "list" || r.kind === "list") {
              const family = l.family && r.family ? "*" : undefined;
              const size = family ? Math.min(N, l.size + r.size) : l.size + r.size;
              const elem = merge(l.elem, r.elem);
              return { ...sum([l, r], 1), size, kind: "list", ...(family ? { family } : {}), ...(elem ? { elem } : {}) };
            }
            if (stringy(l) && stringy(r)) return { ...sum([l, r], Math.max(1, ceil((l.size + r.size) * 0.1))), size: l.size + r.size, kind: "string" };
            return { ...sum([l, r], 1), size: 1, kind: "scalar" };
          }
          default: return { ...sum([l, r], 1), size: 1, kind: "scalar" };
        }
      }
      case "Cond": {
        // `size(variables.x) <= K ? a : b`: in `a`, the list x has at most K elements (the runtime charges the branch taken).
        const c = walk(e.cond, scope, deps);
        // `variables.param_x == <constant>`: the constraint's parameter decides the branch.
        const fixed = paramTest(e.cond, knownParams);
        if (fixed !== undefined) { const b = walk(fixed ? e.then : e.else, scope, deps); return { ...b, cost: c.cost + b.cost, per: addPer(c.per, b.per) }; }
        const cap = sizeCap(e.cond);
        const saved = cap ? caps.get(cap[0]) : undefined;
        if (cap) caps.set(cap[0], Math.min(cap[1], saved ?? Infinity));
        const t = walk(e.then, scope, deps);
        if (cap) { if (saved === undefined) caps.delete(cap[0]); else caps.set(cap[0], saved); }
        const f = walk(e.else, scope, deps);
        const dear = worst(t) >= worst(f) ? t : f;
        // A value of either branch: its shape is known only as far as both branches know it.
        const shape = merge(t, f)!;
        return { ...shape, cost: c.cost + dear.cost, per: addPer(c.per, dear.per) };
      }
      case "List": {
        const items = e.items.map((i) => walk(i, scope, deps));
        const constant = e.items.every((i) => i.kind === "Lit");
        const elem = items.reduce<Est | undefined>((a, b) => merge(a, b), undefined);
        return { ...sum(items, constant ? 0 : 10), size: e.items.length, kind: "list", ...(elem ? { elem: { ...elem, cost: 0, per: undefined } } : {}) };
      }
      case "Map": {
        const fields: Record<string, Est> = {};
        const parts: Est[] = [];
        for (const [k, v] of e.entries) {
          const ve = walk(v, scope, deps);
          parts.push(walk(k, scope, deps), ve);
          if (k.kind === "Lit" && typeof k.value === "string") fields[k.value] = { ...ve, cost: 0, per: undefined };
        }
        const constant = e.entries.every(([k, v]) => k.kind === "Lit" && v.kind === "Lit");
        return { ...sum(parts, constant ? 0 : 30), size: e.entries.length, kind: "map", fields };
      }
      case "Call": {
        const t = e.target ? walk(e.target, scope, deps) : undefined;
        const args = e.args.map((a) => walk(a, scope, deps));
        const all = t ? [t, ...args] : args;
        const tsize = t?.size ?? args[0]?.size ?? S;
        switch (e.fn) {
          case "join": {
            const sep = args[0]?.size ?? 0;
            const size = (t?.size ?? 1) * ((t?.elem?.size ?? S) + sep);
            return { ...sum(all, ceil(size * 0.2)), size, kind: "string" };
          }
          case "substring": case "upperAscii": case "lowerAscii": case "trim":
            return { ...sum(all, ceil(tsize * 0.1)), size: tsize, kind: "string" };
          case "startsWith": case "endsWith":
            return { ...sum(all, Math.max(1, ceil(tsize * 0.1))), size: 1, kind: "scalar" };
          case "contains":
            return { ...sum(all, Math.max(1, ceil(tsize * 0.1) * ceil((args[0]?.size ?? S) * 0.1))), size: 1, kind: "scalar" };
          case "matches":
            return { ...sum(all, ceil((1 + tsize) * 0.1) * Math.max(1, ceil((args[0]?.size ?? S) * 0.25))), size: 1, kind: "scalar" };
          case "dyn": return { ...(args[0] ?? unknown()), ...sum(all, 1) };
          case "string": return { ...sum(all, 1), size: Math.max(20, args[0]?.kind === "string" ? args[0].size : 0), kind: "string" };
          default: return { ...sum(all, 1), size: 1, kind: "scalar" };
        }
      }
      case "Macro": {
        const t = walk(e.target, scope, deps);
        // Iterating an element of a list itself (a volume's fields): a typed object of at most `containerList` fields.
        if (e.target.kind === "Ident" && scope.has(e.target.name) && !t.elem) Object.assign(t, { size: Math.min(t.size, bounds.containerList), elem: unknown() });
        const inner = new Map(scope);
        inner.set(e.var, { ...(t.elem ?? unknown()), cost: 0, per: undefined });
        const body = walk(e.body, inner, deps);
        const filter = e.filter ? walk(e.filter, inner, deps) : undefined;
        const b = worst(body), f = filter ? worst(filter) : 0;
        const step = e.fn === "all" ? 3 + b : e.fn === "exists" ? 4 + b : e.fn === "filter" ? 13 + b : filter ? f + 12 + b : 12 + b;
        // Iterating a container list: the cost per element is charged to that list, whose size is shared.
        const per = t.family ? addPer(t.per, { [t.family]: step }) : t.per;
        const loop = t.family ? 0 : t.size * step;
        const listy = e.fn === "map" || e.fn === "filter";
        // A filter the parameters make false everywhere keeps nothing (its test is still charged).
        if (listy && paramTest(e.fn === "filter" ? e.body : e.filter ?? TRUE_LIT, knownParams) === false) {
          return { cost: t.cost + loop + 1, ...(per ? { per } : {}), size: 0, kind: "list" };
        }
        const elem = e.fn === "map" ? { ...body, cost: 0, per: undefined } : e.fn === "filter" ? t.elem : undefined;
        return { cost: t.cost + loop + 1, ...(per ? { per } : {}), size: listy ? t.size : 1, kind: listy ? "list" : "scalar", ...(listy && t.family ? { family: t.family } : {}), ...(elem ? { elem } : {}) };
      }
    }
  };
  const expressions: { name: string; cost: number; deps: Set<string> }[] = [];
  for (const v of p.variables) {
    const deps = new Set<string>();
    const est = walk(v.expression, new Map(), deps);
    if (v.name.startsWith("param_")) {
      const given = params?.[v.name.slice("param_".length)];
      sizeParam(est, v.expression, given);
      const dflt = v.expression.kind === "Cond" && v.expression.else.kind === "Lit" ? v.expression.else.value : undefined;
      const value = params ? (given === undefined || given === null ? dflt : given) : undefined;
      if (typeof value === "boolean" || typeof value === "string") knownParams.set(v.name, value);
      const emptyDefault = v.expression.kind === "Cond" && v.expression.else.kind === "List" && v.expression.else.items.length === 0;
      if (params && (Array.isArray(given) ? given.length === 0 : (given === undefined || given === null) && emptyDefault)) knownParams.set(v.name, EMPTY);
    }
    vars.set(v.name, { est, deps });
    expressions.push({ name: `variables.${v.name}`, cost: worst(est), deps });
  }
  const exprCost = (e: Expr | undefined, name: string): { name: string; cost: number; deps: Set<string> } | undefined => {
    if (!e) return undefined;
    const deps = new Set<string>();
    return { name, cost: worst(walk(e, new Map(), deps)), deps };
  };
  const checks = p.validations.map((v, i) => exprCost(v.expression, `validations[${i}].expression`)!);
  const messages = p.validations.flatMap((v, i) => exprCost(v.messageExpression, `validations[${i}].messageExpression`) ?? []);
  const pass = (xs: { cost: number; deps: Set<string> }[]): number => {
    const used = new Set(xs.flatMap((x) => [...x.deps]));
    return xs.reduce((a, x) => a + x.cost, 0) + [...used].reduce((a, d) => a + worst(vars.get(d)!.est), 0);
  };
  const all = [...expressions, ...checks, ...messages];
  const max = all.reduce((a, x) => (x.cost > a.cost ? x : a), { name: "", cost: 0 });
  return { expressions: all.map(({ name, cost }) => ({ name, cost })), maxExpression: max.cost, maxName: max.name, total: pass(checks) + pass(messages) };
}

/** A `param_<name>` variable is as large as the parameter given, else as its default. */
function sizeParam(est: Est, e: Expr, given: unknown): void {
  const dflt = e.kind === "Cond" ? e.else : undefined;
  const longest = (xs: readonly unknown[]) => Math.max(1, ...xs.map((x) => (typeof x === "string" ? [...x].length : 1)));
  if (Array.isArray(given)) {
    const fields = scalarFields(given);
    Object.assign(est, { size: given.length, kind: "list", elem: { cost: 0, size: longest(given), kind: given.every((x) => typeof x === "string") ? "string" : "any", ...(fields ? { fields } : {}) } });
  }
  else if (typeof given === "string") Object.assign(est, { size: [...given].length, kind: "string" });
  else if (given !== undefined) Object.assign(est, { size: 1, kind: typeof given === "object" && given !== null ? "map" : "scalar" });
  else if (dflt?.kind === "List") Object.assign(est, { size: dflt.items.length, kind: "list", elem: { cost: 0, size: longest(dflt.items.map((i) => (i.kind === "Lit" ? i.value : 1))), kind: "string" } });
  else if (dflt?.kind === "Lit") Object.assign(est, typeof dflt.value === "string" ? { size: [...dflt.value].length, kind: "string" } : { size: 1, kind: "scalar" });
}

/**
 * The fields of a parameter list's objects (`ranges: [{min, max}]`) whose values are all numbers,
 * booleans or strings, as large as the largest given: `p.hostPort >= r.min` then costs 1, as
 * cel-go charges comparing with a number, not as comparing two strings of unknown length.
 */
function scalarFields(xs: readonly unknown[]): Record<string, Est> | undefined {
  if (xs.length === 0 || !xs.every((x) => typeof x === "object" && x !== null && !Array.isArray(x))) return undefined;
  const out: Record<string, Est> = {}, bad = new Set<string>();
  for (const x of xs as Record<string, unknown>[]) for (const [k, v] of Object.entries(x)) {
    const size = typeof v === "string" ? [...v].length : typeof v === "number" || typeof v === "boolean" ? 1 : undefined;
    if (size === undefined) { bad.add(k); continue; }
    const kind: Kind = typeof v === "string" ? "string" : "scalar";
    const prev = out[k];
    out[k] = { cost: 0, size: Math.max(size, prev?.size ?? 0), kind: prev && prev.kind !== kind ? "any" : kind };
  }
  for (const k of bad) delete out[k];
  return Object.keys(out).length ? out : undefined;
}

/** What is known of a parameter: its scalar value, or that it is an empty list. */
const EMPTY: unique symbol = Symbol("empty list");
type Known = string | boolean | typeof EMPTY;

/**
 * The value of a condition the constraint's parameters decide: `variables.param_x == <constant>`
 * (either way round) when the parameter is known, and `!`, `&&`, `||` of such tests as far as
 * they decide the whole.
 */
function paramTest(e: Expr, known: ReadonlyMap<string, Known>): boolean | undefined {
  if (e.kind === "Lit" && typeof e.value === "boolean") return e.value;
  // A comprehension over a parameter list known to be empty.
  if (e.kind === "Macro" && (e.fn === "exists" || e.fn === "all") && known.get(variableName(e.target) ?? "") === EMPTY) return e.fn === "all";
  if (e.kind === "Unary" && e.op === "!") { const a = paramTest(e.arg, known); return a === undefined ? undefined : !a; }
  if (e.kind === "Binary" && (e.op === "&&" || e.op === "||")) {
    const l = paramTest(e.left, known), r = paramTest(e.right, known), absorb = e.op === "||";
    if (l === absorb || r === absorb) return absorb;
    return l !== undefined && r !== undefined ? !absorb : undefined;
  }
  if (e.kind !== "Binary" || (e.op !== "==" && e.op !== "!=")) return undefined;
  const side = (a: Expr, b: Expr) => {
    const name = variableName(a);
    return name !== undefined && known.has(name) && b.kind === "Lit" && (typeof b.value === "boolean" || typeof b.value === "string") ? known.get(name) === b.value : undefined;
  };
  const eqv = side(e.left, e.right) ?? side(e.right, e.left);
  return eqv === undefined ? undefined : e.op === "==" ? eqv : !eqv;
}

/** `x` of `variables.x`. */
function variableName(e: Expr): string | undefined {
  return e.kind === "Select" && e.operand.kind === "Ident" && e.operand.name === "variables" ? e.field : undefined;
}

/** `size(variables.x) <= K` (or `< K`): the variable and its bound. */
function sizeCap(e: Expr): [string, number] | undefined {
  if (e.kind !== "Binary" || (e.op !== "<=" && e.op !== "<")) return undefined;
  const l = e.left, r = e.right;
  if (l.kind !== "Call" || l.fn !== "size" || l.target || l.args.length !== 1 || r.kind !== "Lit" || typeof r.value !== "bigint") return undefined;
  const name = variableName(l.args[0]!);
  return name === undefined ? undefined : [name, Number(r.value) - (e.op === "<" ? 1 : 0)];
}

/**
 * The most containers (up to `bounds.containers`) for which `measure` of the estimate stays within
 * `limit`, the other bounds unchanged; 0 when even an empty pod is over.
 */
export function containersWithin(p: CelProgram, bounds: CostBounds, params: Readonly<Record<string, unknown>> | undefined, limit: number, measure: (e: CostEstimate) => number): number {
  const ok = (n: number) => measure(estimateCost(p, { ...bounds, containers: n }, params)) <= limit;
  if (ok(bounds.containers)) return bounds.containers;
  let lo = 0, hi = bounds.containers;
  if (!ok(0)) return 0;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (ok(mid)) lo = mid; else hi = mid; }
  return lo;
}
