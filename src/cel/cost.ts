/**
 * Worst-case runtime cost of a CEL program, in the units of cel-go's cost tracker that
 * Kubernetes limits (`PerCallLimit` = 1,000,000 per expression evaluation; a ValidatingAdmission-
 * Policy evaluation also has a 10,000,000 total budget). Gatekeeper's K8sNativeValidation driver
 * passes the same per-call limit to the same validator.
 *
 * Input: a `CelProgram` and size bounds. Output: per validation the cost of its expression and
 * messageExpression including every variable they (transitively) make evaluate, the largest, and
 * the whole program's. The object is untyped (dyn) in Gatekeeper, so list and string sizes come
 * from `CostBounds`, not from a schema: a pod with up to `containers` containers in all (over
 * containers, initContainers and ephemeralContainers together) and the other bounds below.
 *
 * The model follows cel-go's runtime costs: 1 per identifier, field selection, operator, function
 * call and `has`; constants 0; each comprehension step its body plus 1 (the accumulator); `in` on
 * a list its size; string functions and comparisons 1 + length × 0.1 (Kubernetes' string cost
 * factor); `join` 1 + the joined length × 0.1; a conditional its condition plus its dearer branch.
 * It is an upper bound by construction (every loop runs its bound, every branch its dearer side).
 */
import type { CelProgram, Expr } from "./ast.js";

/** Size bounds of the reviewed object and parameters. */
export interface CostBounds {
  /** Containers of the pod, all lists together. @default 1000 */
  readonly containers: number;
  /** Entries of each container's lists (ports, volumeMounts, capabilities add and drop), and fields of one list element (a volume's sources). @default 8 */
  readonly containerList: number;
  /** Entries of the pod's other lists and maps (volumes, sysctls, supplementalGroups, annotations, a volume's fields). @default 64 */
  readonly podList: number;
  /** Longest string (names, images, paths, annotation values). @default 128 */
  readonly stringLength: number;
}

export const DEFAULT_BOUNDS: CostBounds = { containers: 1000, containerList: 8, podList: 64, stringLength: 128 };

const PER_CONTAINER = new Set(["ports", "volumeMounts", "add", "drop"]);
const POD_LISTS = new Set(["volumes", "sysctls", "supplementalGroups", "annotations"]);

/** Kubernetes' per-expression runtime cost limit (`celconfig.PerCallLimit`). */
export const PER_CALL_LIMIT = 1_000_000;
/** Kubernetes' runtime cost budget of one ValidatingAdmissionPolicy evaluation (`celconfig.RuntimeCELCostBudget`). */
export const RUNTIME_BUDGET = 10_000_000;

/** The cost estimate of a program. */
export interface CostEstimate {
  /** Per validation: expression + messageExpression, each with the variables it evaluates first. */
  readonly validations: readonly number[];
  /** The largest single expression evaluation. */
  readonly maxExpression: number;
  /** Every variable once plus every validation. */
  readonly total: number;
}

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);

/** A cost and a size (elements, entries or characters), with the element's and fields' estimates when known. */
interface Est { cost: number; size: number; family?: boolean; elem?: Est; fields?: Record<string, Est> }

/**
 * Estimates a program. `params` (the constraint's parameters, when known) give the sizes of the
 * `param_<name>` variables; without them a parameter is as large as its default.
 */
export function estimateCost(p: CelProgram, bounds: CostBounds = DEFAULT_BOUNDS, params?: Readonly<Record<string, unknown>>): CostEstimate {
  const vars = new Map<string, { est: Est; deps: Set<string> }>();
  const S = bounds.stringLength;
  const str = (n: number) => 1 + Math.ceil((n * 0.1));
  const walk = (e: Expr, scope: Map<string, Est>, deps: Set<string>): Est => {
    switch (e.kind) {
      case "Lit": return { cost: 0, size: typeof e.value === "string" ? [...e.value].length : 1 };
      case "Type": return { cost: 0, size: 1 };
      case "Ident": { const b = scope.get(e.name); return b ? { ...b, cost: 1 } : { cost: 1, size: S }; }
      case "Select": {
        if (e.operand.kind === "Ident" && e.operand.name === "variables") {
          const v = vars.get(e.field);
          if (v) { deps.add(e.field); for (const d of v.deps) deps.add(d); return { ...v.est, cost: 2 }; }
          return { cost: 2, size: S };
        }
        const o = walk(e.operand, scope, deps);
        const known = o.fields?.[e.field];
        if (known) return { ...known, cost: o.cost + 1 };
        if (CONTAINER_LISTS.has(e.field)) return { cost: o.cost + 1, size: bounds.containers, family: true };
        if (PER_CONTAINER.has(e.field)) return { cost: o.cost + 1, size: bounds.containerList };
        if (POD_LISTS.has(e.field)) return { cost: o.cost + 1, size: bounds.podList };
        return { cost: o.cost + 1, size: S };
      }
      case "Index": { const o = walk(e.operand, scope, deps), i = walk(e.index, scope, deps); return { cost: o.cost + i.cost + 1, size: Math.max(S, bounds.podList) }; }
      case "Has": { const o = walk(e.operand, scope, deps); return { cost: o.cost + 1, size: 1 }; }
      case "Unary": { const a = walk(e.arg, scope, deps); return { cost: a.cost + 1, size: 1 }; }
      case "Binary": {
        const l = walk(e.left, scope, deps), r = walk(e.right, scope, deps);
        let op = 1, size = 1;
        if (e.op === "in") op = 1 + r.size;
        else if (e.op === "+") { size = l.family && r.family ? Math.min(l.size + r.size, bounds.containers) : l.size + r.size; op = str(size); }
        else if (e.op === "==" || e.op === "!=") op = str(Math.min(l.size, r.size));
        const fam = e.op === "+" && l.family && r.family;
        const elem = e.op === "+" ? (l.elem ?? r.elem) : undefined;
        return { cost: l.cost + r.cost + op, size, ...(fam ? { family: true } : {}), ...(elem ? { elem } : {}) };
      }
      case "Cond": {
        const c = walk(e.cond, scope, deps), t = walk(e.then, scope, deps), f = walk(e.else, scope, deps);
        const fam = t.family || f.family;
        const elem = t.elem ?? f.elem, fields = t.fields ?? f.fields;
        return { cost: c.cost + Math.max(t.cost, f.cost), size: Math.max(t.size, f.size), ...(fam ? { family: true } : {}), ...(elem ? { elem } : {}), ...(fields ? { fields } : {}) };
      }
      case "List": {
        const items = e.items.map((i) => walk(i, scope, deps));
        return { cost: items.reduce((a, b) => a + b.cost, 0) + 1, size: e.items.length, ...(items[0] ? { elem: items[0] } : {}) };
      }
      case "Map": {
        const fields: Record<string, Est> = {};
        let cost = 1;
        for (const [k, v] of e.entries) {
          const ve = walk(v, scope, deps);
          cost += walk(k, scope, deps).cost + ve.cost;
          if (k.kind === "Lit" && typeof k.value === "string") fields[k.value] = { ...ve, cost: 0 };
        }
        return { cost, size: e.entries.length, fields };
      }
      case "Call": {
        const t = e.target ? walk(e.target, scope, deps) : undefined;
        const args = e.args.map((a) => walk(a, scope, deps));
        const base = (t?.cost ?? 0) + args.reduce((a, b) => a + b.cost, 0);
        switch (e.fn) {
          case "join": return { cost: base + str((t?.size ?? 1) * S), size: (t?.size ?? 1) * S };
          case "substring": case "upperAscii": case "startsWith": case "endsWith": case "contains": case "matches": return { cost: base + str(t?.size ?? S) * (e.fn === "matches" ? 2 : 1), size: t?.size ?? S };
          case "size": return { cost: base + 1, size: 1 };
          default: return { cost: base + 1, size: args[0]?.size ?? S };
        }
      }
      case "Macro": {
        const t = walk(e.target, scope, deps);
        // Iterating a list element itself (a volume's fields): an object of at most containerList entries.
        if (e.target.kind === "Ident" && scope.has(e.target.name) && !t.elem) t.size = Math.min(t.size, bounds.containerList);
        const inner = new Map(scope);
        inner.set(e.var, { ...(t.elem ?? { size: S }), cost: 0 });
        const body = walk(e.body, inner, deps);
        const steps = t.size;
        const size = e.fn === "map" || e.fn === "filter" ? t.size : 1;
        const elem = e.fn === "map" ? { ...body, cost: 0 } : e.fn === "filter" ? t.elem : undefined;
        return { cost: t.cost + steps * (body.cost + 1) + 1, size, ...(t.family && (e.fn === "map" || e.fn === "filter") ? { family: true } : {}), ...(elem ? { elem } : {}) };
      }
    }
  };
  for (const v of p.variables) {
    const deps = new Set<string>();
    const est = walk(v.expression, new Map(), deps);
    if (v.name.startsWith("param_")) {
      const given = params?.[v.name.slice("param_".length)];
      const dflt = v.expression.kind === "Cond" ? v.expression.else : undefined;
      est.size = Array.isArray(given) ? given.length : typeof given === "string" ? [...given].length : given !== undefined ? 1
        : dflt?.kind === "List" ? dflt.items.length : dflt?.kind === "Lit" && typeof dflt.value === "string" ? [...dflt.value].length : 1;
    }
    vars.set(v.name, { est, deps });
  }
  const withVars = (e: Expr | undefined): number => {
    if (!e) return 0;
    const deps = new Set<string>();
    const est = walk(e, new Map(), deps);
    return est.cost + [...deps].reduce((a, d) => a + vars.get(d)!.est.cost, 0);
  };
  const validations = p.validations.map((v) => Math.max(withVars(v.expression), withVars(v.messageExpression)));
  const total = [...vars.values()].reduce((a, v) => a + v.est.cost, 0) + p.validations.reduce((a, v) => a + withVars(v.expression) + withVars(v.messageExpression), 0);
  return { validations, maxExpression: Math.max(0, ...validations), total };
}
