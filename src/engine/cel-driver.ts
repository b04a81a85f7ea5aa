/**
 * The K8sNativeValidation driver: evaluates a ConstraintTemplate's CEL the way Gatekeeper's
 * `pkg/drivers/k8scel` does (through Kubernetes' ValidatingAdmissionPolicy validator), on
 * @bufbuild/cel (conformance-tested against cel-spec) plus the Kubernetes libraries gpc's CEL uses.
 *
 * Input: a template's `code[engine=K8sNativeValidation].source` and, per review, Gatekeeper's
 * review object and the constraint. Output: the violations, `{msg}` each (the CEL driver reports
 * no details), one per failed validation.
 *
 * Semantics (Gatekeeper / Kubernetes):
 * - Bindings: `object` (null on DELETE), `oldObject`, `request` (the admission request),
 *   `params` (the whole constraint), `namespaceObject` (the Namespace, or null), and `variables`
 *   with Gatekeeper's `variables.anyObject` (`oldObject` on DELETE, else `object`) and
 *   `variables.params` (the constraint's `spec.parameters`, or null) before the template's own.
 * - Variables are lazy, in order: an expression only evaluates the variables it refers to, so a
 *   failing variable fails only the validations that use it.
 * - `matchCondition` (all must hold, else no violation) and `failurePolicy` (`Fail` by default:
 *   an evaluation error is a violation `expression '<expr>' resulted in error: <error>`;
 *   `Ignore`: no violation).
 * - A validation whose expression is false is one violation with the messageExpression's value;
 *   when that errs, is empty or contains a line break, the static `message`; else
 *   `failed expression: <expression>`.
 * - Not modelled: Kubernetes' runtime cost limits (@bufbuild/cel tracks no cost). Gatekeeper stops
 *   an expression over `PerCallLimit` (an error: `… operation cancelled: actual cost limit
 *   exceeded`, a violation under `Fail`) and a template evaluation over its budget of the same
 *   1,000,000 (one violation "validation failed due to running out of cost budget, no further
 *   validation rules will be run" under `Fail`, none under `Ignore`); here such an evaluation runs
 *   to its end. src/cel/cost.ts bounds where that can happen (`gpc build`'s cel-cost warning).
 */
import { celEnv, celError, celList, celMap, isCelError, type CelEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { K8S_CEL_FUNCS } from "../cel/k8s.js";
import { CelPrograms, type CelTreeStore } from "./cel-programs.js";
import type { K8sObject } from "./types.js";

/** `code[engine=K8sNativeValidation].source`, as Gatekeeper decodes it. */
export interface CelSource {
  readonly variables: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly { readonly expression: string; readonly message?: string; readonly messageExpression?: string }[];
  readonly matchCondition: readonly { readonly name: string; readonly expression: string }[];
  readonly failurePolicy: "Fail" | "Ignore";
}

/** Kubernetes' `celconfig.MaxEvaluatedMessageExpressionSizeBytes`: a longer evaluated message is dropped. */
export const MAX_MESSAGE_BYTES = 5 * 1024;

/** The engine name Gatekeeper gives the CEL driver. */
export const CEL_ENGINE = "K8sNativeValidation";

/** Reads a template's CEL source; undefined when it has none. Throws on a malformed one. */
export function templateCel(template: K8sObject): CelSource | undefined {
  const name = template.metadata?.name ?? "";
  const targets = ((template.spec ?? {}) as { targets?: { code?: { engine?: string; source?: unknown }[] }[] }).targets ?? [];
  const code = (targets[0]?.code ?? []).find((c) => c.engine === CEL_ENGINE);
  if (!code) return undefined;
  const src = (code.source ?? {}) as Record<string, unknown>;
  const where = `ConstraintTemplate ${JSON.stringify(name)}: code[${CEL_ENGINE}].source`;
  const items = (key: string, fields: readonly string[]): Record<string, string>[] => {
    const v = src[key] ?? [];
    if (!Array.isArray(v)) throw new Error(`${where}.${key} must be a list`);
    return v.map((x, i) => {
      if (typeof x !== "object" || x === null) throw new Error(`${where}.${key}[${i}] must be an object`);
      const o = x as Record<string, unknown>;
      for (const f of fields) if (o[f] !== undefined && typeof o[f] !== "string") throw new Error(`${where}.${key}[${i}].${f} must be a string`);
      return o as Record<string, string>;
    });
  };
  const variables = items("variables", ["name", "expression"]).map((v, i) => {
    if (!v.name || !v.expression) throw new Error(`${where}.variables[${i}] needs a name and an expression`);
    if (v.name === "params" || v.name === "anyObject" || v.name.startsWith("gatekeeper_internal_")) throw new Error(`${where}.variables[${i}]: the name ${JSON.stringify(v.name)} is reserved`);
    return { name: v.name, expression: v.expression };
  });
  const validations = items("validations", ["expression", "message", "messageExpression"]).map((v, i) => {
    if (!v.expression) throw new Error(`${where}.validations[${i}] needs an expression`);
    return { expression: v.expression, ...(v.message !== undefined ? { message: v.message } : {}), ...(v.messageExpression !== undefined ? { messageExpression: v.messageExpression } : {}) };
  });
  const matchCondition = items("matchCondition", ["name", "expression"]).map((m, i) => {
    if (!m.expression) throw new Error(`${where}.matchCondition[${i}] needs an expression`);
    return { name: m.name ?? "", expression: m.expression };
  });
  const fp = src.failurePolicy ?? "Fail";
  if (fp !== "Fail" && fp !== "Ignore") throw new Error(`${where}.failurePolicy must be Fail or Ignore`);
  return { variables, validations, matchCondition, failurePolicy: fp };
}

/**
 * JSON → CEL values, as Kubernetes' unstructured objects hold them: integers are `int`, objects
 * maps. Converted deeply, once: @bufbuild/cel wraps a plain `Map` or array anew on every access
 * (`toCel`), a CEL map or list it returns as it is, so each field read allocates nothing.
 */
export function toCelValue(v: unknown): unknown {
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return celList(v.map(toCelValue) as never[]);
  if (v !== null && typeof v === "object") {
    const m = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) if (x !== undefined) m.set(k, toCelValue(x));
    return celMap(m as Map<string, never>);
  }
  return v;
}

/** Constraints converted to CEL values once. */
const constraintValues = new WeakMap<object, { params: unknown; constraint: unknown }>();

type Program = (ctx: Record<string, unknown>) => unknown;

interface Compiled {
  readonly text: string;
  readonly run: Program;
  /** Indices of the variables this expression needs, transitively, in declaration order. */
  readonly needs: readonly number[];
}

let sharedEnv: CelEnv | undefined;
/** The CEL environment: the standard library, the strings extension and Kubernetes' libraries. */
export function celEnvironment(): CelEnv {
  return (sharedEnv ??= celEnv({ funcs: [...strings, ...K8S_CEL_FUNCS] }));
}

const VAR_REF = /\bvariables\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g;

/** The names an expression refers to as `variables.<name>`, once per text (templates share many texts). */
const varRefs = new Map<string, readonly string[]>();
function referencedVariables(text: string): readonly string[] {
  let names = varRefs.get(text);
  if (!names) varRefs.set(text, (names = [...new Set([...text.matchAll(VAR_REF)].map((m) => m[1]!))]));
  return names;
}

/** A template's CEL, compiled. */
export class CelTemplate {
  private readonly vars: readonly Compiled[];
  private readonly validations: readonly { readonly expr: Compiled; readonly message?: string; readonly messageExpr?: Compiled }[];
  private readonly conditions: readonly Compiled[];
  private readonly varIndex: ReadonlyMap<string, number>;

  /**
   * Compiles every expression; throws an Error naming the expression when one does not parse.
   * `mode: "vap"` evaluates a ValidatingAdmissionPolicy instead: no Gatekeeper variables
   * (`anyObject`, `params` come from the policy's own variables). `store`: where parse trees
   * are cached (./cel-programs.ts; default the cache folder).
   */
  constructor(readonly name: string, readonly source: CelSource, private readonly mode: "gatekeeper" | "vap" = "gatekeeper", store?: CelTreeStore) {
    const env = celEnvironment();
    // Programs: parsed (or read from the cache of parse trees) and planned by ./cel-programs.ts.
    const texts = [
      ...source.variables.map((v) => v.expression),
      ...source.validations.flatMap((v) => (v.messageExpression !== undefined ? [v.expression, v.messageExpression] : [v.expression])),
      ...source.matchCondition.map((m) => m.expression),
    ];
    const programs = new CelPrograms(env, texts, store);
    const index = new Map(source.variables.map((v, i) => [v.name, i]));
    this.varIndex = index;
    const direct = (text: string): number[] => referencedVariables(text).map((n) => index.get(n)).filter((i): i is number => i !== undefined);
    const closure: number[][] = [];
    source.variables.forEach((v, i) => {
      const set = new Set<number>();
      for (const d of direct(v.expression)) {
        if (d >= i) continue; // only earlier variables are visible
        set.add(d);
        for (const x of closure[d]!) set.add(x);
      }
      closure.push([...set].sort((a, b) => a - b));
    });
    const compile = (text: string, what: string, limit = Infinity): Compiled => {
      let run: Program;
      try {
        run = programs.program(text);
      } catch (e) {
        throw new Error(`cannot compile ${what} ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
      const set = new Set<number>();
      for (const d of direct(text)) if (d < limit) { set.add(d); for (const x of closure[d]!) set.add(x); }
      return { text, run, needs: [...set].sort((a, b) => a - b) };
    };
    this.vars = source.variables.map((v, i) => compile(v.expression, `variable ${v.name}`, i));
    this.validations = source.validations.map((v, i) => ({
      expr: compile(v.expression, `validations[${i}].expression`),
      ...(v.message !== undefined ? { message: v.message } : {}),
      ...(v.messageExpression !== undefined ? { messageExpr: compile(v.messageExpression, `validations[${i}].messageExpression`) } : {}),
    }));
    this.conditions = source.matchCondition.map((m, i) => compile(m.expression, `matchCondition[${i}]`));
    programs.done();
  }

  /**
   * `variables` as Kubernetes' composition gives it: a map whose template variables are
   * evaluated when first read, once per evaluation (so a variable only some elements of a
   * comprehension read is evaluated only if one does), each seeing only the variables declared
   * before it. A variable that fails is a CEL error value where it is read ("composited variable
   * "x" fails to evaluate: …"), which `&&`/`||` may absorb as in cel-go. One CEL map object, not a
   * plain Map that @bufbuild/cel would wrap anew on every read.
   */
  private lazyVariables(fixed: ReadonlyMap<string, unknown>, bindings: Record<string, unknown>): unknown {
    const state = new Map<number, unknown>();
    let limit = Infinity;
    const get = (key: unknown): unknown => {
      if (typeof key !== "string") return undefined;
      const i = this.varIndex.get(key);
      if (i === undefined) return fixed.get(key);
      if (i >= limit) return undefined;
      if (!state.has(i)) {
        const saved = limit;
        limit = i;
        const out = evalOnce(this.vars[i]!, bindings);
        limit = saved;
        state.set(i, out.ok ? out.value : celError(`composited variable ${JSON.stringify(key)} fails to evaluate: ${out.error}`));
      }
      return state.get(i);
    };
    const names = () => [...fixed.keys(), ...this.source.variables.map((v) => v.name)].filter((n) => get(n) !== undefined);
    const entries = function* (): Generator<[string, unknown]> { for (const n of names()) yield [n, get(n)]; };
    return {
      [Symbol.for("@bufbuild/cel/map")]: {},
      get size() { return names().length; },
      get,
      has: (key: unknown) => get(key) !== undefined,
      keys: () => names()[Symbol.iterator](),
      entries,
      *values() { for (const n of names()) yield get(n); },
      forEach(cb: (v: unknown, k: string, m: unknown) => void, thisArg?: unknown) { for (const n of names()) cb.call(thisArg, get(n), n, this); },
      [Symbol.iterator]: entries,
    };
  }

  /**
   * Evaluates the template for one review (Gatekeeper's review object, `object = oldObject` on
   * DELETE as the Rego driver sees it) and one constraint.
   */
  evaluate(review: Record<string, unknown>, constraint: K8sObject, converted?: ConvertedReview): { msg: string }[] {
    const r = converted ?? convertReview(review);
    let cv = constraintValues.get(constraint);
    if (!cv) {
      const spec = (constraint.spec ?? {}) as { parameters?: unknown };
      cv = { params: spec.parameters === undefined || spec.parameters === null ? null : toCelValue(spec.parameters), constraint: toCelValue(constraint) };
      constraintValues.set(constraint, cv);
    }
    const params = cv.params;
    const bindings: Record<string, unknown> = { object: r.object, oldObject: r.oldObject, request: r.request, params: this.mode === "vap" ? null : cv.constraint, namespaceObject: r.namespaceObject };
    bindings.variables = this.lazyVariables(this.mode === "vap" ? new Map() : new Map([["anyObject", r.anyObject], ["params", params]]), bindings);
    const run = (c: Compiled) => evalOnce(c, bindings);
    const failed = (text: string, error: string) => (this.source.failurePolicy === "Fail" ? [{ msg: `expression '${text}' resulted in error: ${error}` }] : []);
    for (const c of this.conditions) {
      const out = run(c);
      if (!out.ok) return failed(c.text, out.error);
      if (out.value !== true) {
        if (typeof out.value !== "boolean") return failed(c.text, "expected a bool result");
        return [];
      }
    }
    const violations: { msg: string }[] = [];
    for (const v of this.validations) {
      const out = run(v.expr);
      if (!out.ok) { violations.push(...failed(v.expr.text, out.error)); continue; }
      if (out.value === true) continue;
      if (typeof out.value !== "boolean") { violations.push(...failed(v.expr.text, "expected a bool result")); continue; }
      let msg: string | undefined;
      if (v.messageExpr) {
        const m = run(v.messageExpr);
        // Kubernetes trims the message and drops one with a line break or over 5 KiB (MaxEvaluatedMessageExpressionSizeBytes).
        if (m.ok && typeof m.value === "string" && m.value.trim() !== "" && !/\n/.test(m.value) && Buffer.byteLength(m.value.trim()) <= MAX_MESSAGE_BYTES) msg = m.value.trim();
      }
      msg ??= v.message !== undefined && v.message.trim() !== "" ? v.message.trim() : `failed expression: ${v.expr.text.trim()}`;
      violations.push({ msg });
    }
    return violations;
  }
}

function evalOnce(c: Compiled, bindings: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const value = c.run(bindings);
    if (isCelError(value)) return { ok: false, error: (value as Error).message };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** A review converted to CEL values once, shared by every constraint of the review. */
export interface ConvertedReview {
  readonly object: unknown;
  readonly oldObject: unknown;
  readonly anyObject: unknown;
  readonly request: unknown;
  readonly namespaceObject: unknown;
}

/** Gatekeeper's review → the CEL driver's bindings (DELETE clears `object`, as Gatekeeper does). */
export function convertReview(review: Record<string, unknown>): ConvertedReview {
  const { object, oldObject, namespaceObject, ...request } = review;
  const del = review.operation === "DELETE";
  const old = oldObject === undefined ? null : toCelValue(oldObject);
  const obj = del ? null : object === undefined ? null : toCelValue(object);
  return { object: obj, oldObject: old, anyObject: del && obj === null ? old : obj, request: toCelValue(request), namespaceObject: namespaceObject === undefined ? null : toCelValue(namespaceObject) };
}
