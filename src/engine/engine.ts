/**
 * The engine: evaluates Constraints on objects exactly as Gatekeeper would.
 *
 * Input: ConstraintTemplates, Constraints (each with the policy it came from), ExpansionTemplates.
 * Output, per reviewed object: the violations of every constraint that applies — chosen with
 * Gatekeeper's match semantics, enforcement points and workload expansion — each evaluated on
 * `input = {review, parameters}` by the template's Rego compiled to Wasm.
 *
 * Errors are Gatekeeper's: a Rego runtime error or an undecidable match becomes one violation of
 * that constraint (fail closed); a violation whose `msg` is not a string is a review error; one
 * that is not an object or has no `msg` is silently dropped; identical `{msg, details}` collapse.
 */
import { actionsAt, enforcementProblems, type PointActions } from "./enforcement.js";
import { expand, expansionTemplateProblems } from "./expand.js";
import { gvkOf, labelSelectorProblems, MatchError, matches, type Match } from "./match.js";
import { constraintParameters } from "./params.js";
import { buildReview } from "./review.js";
import { templateRego, type TemplateRego } from "./template.js";
import type { K8sObject, Operation, ReviewError, ReviewResult, Violation } from "./types.js";
import { GATOR_POINT } from "./types.js";
import { gatekeeperJSON, InputDepthError } from "./input-json.js";
import { loadBatch, resolveBudget, WasmCache, type CompiledTemplate, type EvalBudget } from "./wasm.js";
import { CelTemplate, convertReview, templateCel, type ConvertedReview } from "./cel-driver.js";
import { byCodeUnits as cmp } from "../order.js";


/** A Gatekeeper engine (driver) the engine evaluates templates with. */
export type EngineKind = "rego" | "cel";

/** A constraint and the policy that owns it. */
export interface ConstraintEntry {
  readonly constraint: K8sObject;
  /** Policy name, reported in findings. */
  readonly policy?: string;
}

/** Something that keeps a template or constraint from being used (Gatekeeper: ingest error). */
export interface EngineProblem {
  /** `template/<name>`, `constraint/<Kind>/<name>` or `expansion/<name>`. */
  readonly subject: string;
  readonly message: string;
}

/** Options of `createEngine`. */
export interface EngineOptions {
  readonly templates: readonly K8sObject[];
  readonly constraints: readonly ConstraintEntry[];
  /** ExpansionTemplates in force (a policy with `expandWorkloads` brings them). @default [] */
  readonly expansionTemplates?: readonly K8sObject[];
  /** @default a new WasmCache with the disk cache in `.gpc-cache/` */
  readonly cache?: WasmCache;
  /** @default "gator.gatekeeper.sh" */
  readonly enforcementPoint?: string;
  /** Compile templates of one Rego version into one module (parses each review once). @default true */
  readonly batch?: boolean;
  /** Compiles and loads a template (turns batching off). @default cache.load (gpc's compiler + opa-wasm) */
  readonly loader?: (t: TemplateRego) => Promise<CompiledTemplate>;
  /**
   * Steps and memory one evaluation may use; over budget, the constraint reports a runtime error
   * for that object (fail closed). @default $GPC_EVAL_BUDGET steps and $GPC_EVAL_MEMORY MiB, else
   * 100000000 steps and 256 MiB (see `resolveBudget`)
   */
  readonly budget?: EvalBudget;
  /**
   * The driver: `rego` (the template's Rego, compiled to Wasm) or `cel` (its
   * K8sNativeValidation source, see ./cel-driver.ts); a template without that engine is a problem.
   * @default "rego"
   */
  readonly driver?: EngineKind;
}

/** What to review. */
export interface ReviewInput {
  readonly object: K8sObject;
  /** @default "CREATE" */
  readonly operation?: Operation;
  readonly oldObject?: K8sObject | null;
  /** Namespace objects, by name, for namespaceSelector and `namespaceObject`. */
  readonly namespaces?: ReadonlyMap<string, K8sObject>;
  /**
   * Builds `input.review` for the object (or a resultant of its expansion) in place of gpc's
   * admission request: gator's shape for plain objects, an AdmissionReview's own request.
   * @default buildReview (an admission request as the webhook sees it)
   */
  readonly request?: (object: K8sObject) => Record<string, unknown>;
  /** Also review the resources the ExpansionTemplates derive from the object. @default true */
  readonly expand?: boolean;
}

interface Prepared {
  readonly entry: ConstraintEntry;
  readonly kind: string;
  readonly name: string;
  readonly match: Match | undefined;
  readonly actions: PointActions;
  /** The constraint's parameters (defaults applied) as UTF-8 JSON. */
  readonly params: Uint8Array;
  /** Rego driver: the compiled template. */
  readonly compiled?: CompiledTemplate;
  /** CEL driver: the compiled template. */
  readonly cel?: CelTemplate;
}

const UTF8 = new TextEncoder();
let reviewIds = 0;

/** Builds an engine: reads, compiles and loads every template that has constraints. */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const cache = opts.cache ?? new WasmCache();
  resolveBudget(opts.budget); // a bad budget (option or environment) fails here, clearly
  const problems: EngineProblem[] = [];
  const byKind = new Map<string, { template: K8sObject; rego: TemplateRego }>();
  const driver = opts.driver ?? "rego";
  const celByKind = new Map<string, { template: K8sObject; cel: CelTemplate }>();
  for (const t of opts.templates) {
    const name = t.metadata?.name ?? "";
    try {
      if (driver === "cel") {
        const kind = ((t.spec ?? {}) as { crd?: { spec?: { names?: { kind?: string } } } }).crd?.spec?.names?.kind ?? "";
        const src = templateCel(t);
        if (!kind) throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: spec.crd.spec.names.kind is empty`);
        if (!src) throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: no K8sNativeValidation (CEL) source in code[]`);
        celByKind.set(kind, { template: t, cel: new CelTemplate(name, src) });
        continue;
      }
      const rego = templateRego(t);
      byKind.set(rego.kind, { template: t, rego });
    } catch (e) {
      problems.push({ subject: `template/${name}`, message: (e as Error).message });
    }
  }
  const loaded = new Map<string, CompiledTemplate | null>();
  const prepared: Prepared[] = [];
  const sorted = [...opts.constraints].sort((a, b) => cmp(a.constraint.kind, b.constraint.kind) || cmp(a.constraint.metadata?.name ?? "", b.constraint.metadata?.name ?? ""));
  const point = opts.enforcementPoint ?? GATOR_POINT;
  if (driver === "rego" && !opts.loader && opts.batch !== false) {
    // Templates of one Rego version share one module, so each review is parsed once (merge.ts);
    // when that is not possible they are compiled one by one below.
    const kinds = new Set(sorted.filter((e) => byKind.has(e.constraint.kind) && actionsAt(e.constraint, point) && enforcementProblems(e.constraint).length === 0).map((e) => e.constraint.kind));
    for (const v of ["v0", "v1"] as const) {
      const group = [...kinds].map((k) => byKind.get(k)!.rego).filter((r) => r.regoVersion === v && !r.metadataPackages).sort((a, b) => cmp(a.name, b.name));
      if (group.length < 2) continue;
      try {
        const batch = await loadBatch(cache, group, opts.budget);
        for (const r of group) loaded.set(r.kind, batch.get(r.name)!);
      } catch { /* compiled one by one below, with precise problems */ }
    }
  }
  for (const entry of sorted) {
    const c = entry.constraint;
    const kind = c.kind, name = c.metadata?.name ?? "";
    const subject = `constraint/${kind}/${name}`;
    const ct = driver === "cel" ? celByKind.get(kind) : byKind.get(kind);
    if (!ct) { problems.push({ subject, message: `no ConstraintTemplate defines kind ${kind}${driver === "cel" ? " with a CEL source" : ""}` }); continue; }
    const spec = (c.spec ?? {}) as { match?: Match };
    const bad = [
      ...enforcementProblems(c),
      ...labelSelectorProblems(spec.match?.labelSelector, "spec.match.labelSelector"),
      ...labelSelectorProblems(spec.match?.namespaceSelector, "spec.match.namespaceSelector"),
    ];
    if (bad.length) { problems.push(...bad.map((message) => ({ subject, message }))); continue; }
    const actions = actionsAt(c, point);
    if (!actions) continue; // scoped, and not at this enforcement point: never evaluated
    if ("cel" in ct) {
      // Gatekeeper applies the schema's defaults to the stored constraint, which CEL reads whole.
      const cs = (c.spec ?? {}) as { parameters?: unknown };
      const withDefaults = cs.parameters === undefined ? c : { ...c, spec: { ...cs, parameters: constraintParameters(c, ct.template) } };
      prepared.push({ entry: { ...entry, constraint: withDefaults }, kind, name, match: spec.match, actions, params: new Uint8Array(), cel: ct.cel });
      continue;
    }
    const t = ct;
    if (!loaded.has(kind)) {
      try {
        loaded.set(kind, await (opts.loader ?? ((r: TemplateRego) => cache.load(r, opts.budget)))(t.rego));
      } catch (e) {
        loaded.set(kind, null);
        problems.push({ subject: `template/${t.rego.name}`, message: `cannot compile its Rego: ${(e as Error).message}` });
      }
    }
    const compiled = loaded.get(kind);
    if (!compiled) continue;
    let params: Uint8Array;
    try {
      params = UTF8.encode(gatekeeperJSON(constraintParameters(c, t.template), 1));
    } catch (e) {
      if (!(e instanceof InputDepthError)) throw e;
      problems.push({ subject, message: `spec.parameters: ${e.message}` });
      continue;
    }
    prepared.push({ entry, kind, name, match: spec.match, actions, params, compiled });
  }
  const expansion = opts.expansionTemplates ?? [];
  for (const x of expansion) for (const message of expansionTemplateProblems(x)) problems.push({ subject: `expansion/${x.metadata?.name ?? ""}`, message });
  return new Engine(prepared, expansion, problems, cache);
}

/** A ready engine. Reviews are synchronous. */
export class Engine {
  /** @internal use createEngine */
  constructor(
    private readonly constraints: readonly Prepared[],
    readonly expansionTemplates: readonly K8sObject[],
    /** Templates and constraints that could not be used; callers must report them. */
    readonly problems: readonly EngineProblem[],
    readonly cache: WasmCache,
  ) {}

  /** Number of constraints that will be evaluated. */
  get constraintCount(): number { return this.constraints.length; }

  /** Policy owning a constraint, by kind and name. */
  policyOf(kind: string, name: string): string | undefined {
    return this.constraints.find((c) => c.kind === kind && c.name === name)?.entry.policy;
  }

  /**
   * Loads `data.inventory` (gator's layout) into every referential template. Returns a message
   * for each object left out because it is nested too deeply for the runtime (the object's own
   * review reports the same error).
   */
  setInventory(objects: readonly K8sObject[]): string[] {
    const cluster: Record<string, Record<string, Record<string, K8sObject>>> = {};
    const namespace: Record<string, Record<string, Record<string, Record<string, K8sObject>>>> = {};
    const skipped: string[] = [];
    for (const o of objects) {
      const gv = o.apiVersion, k = o.kind, n = o.metadata?.name ?? "", ns = o.metadata?.namespace;
      try {
        gatekeeperJSON(o, ns ? 6 : 5); // data.inventory.namespace[ns][gv][kind][name] / .cluster[gv][kind][name]
      } catch (e) {
        if (!(e instanceof InputDepthError)) throw e;
        skipped.push(`${k} ${ns ? `${ns}/` : ""}${n}: left out of data.inventory: ${e.message}`);
        continue;
      }
      if (ns) ((((namespace[ns] ??= {})[gv] ??= {})[k] ??= {})[n] = o);
      else (((cluster[gv] ??= {})[k] ??= {})[n] = o);
    }
    const seen = new Set<CompiledTemplate>();
    for (const c of this.constraints) {
      if (!c.compiled || seen.has(c.compiled) || !c.compiled.template.usesInventory) continue;
      seen.add(c.compiled);
      c.compiled.setData({ inventory: { cluster, namespace } });
    }
    return skipped;
  }

  /** Reviews an object and, through expansion, the resources it would create. */
  review(input: ReviewInput): ReviewResult {
    const out = this.reviewOne(input, false);
    for (const r of input.expand === false ? [] : expand(input.object, this.expansionTemplates)) {
      const child = this.reviewOne({ ...input, object: r.object, oldObject: null }, true);
      for (const v of child.violations) {
        out.violations.push({
          ...v,
          msg: `[Implied by ${r.templateName}] ${v.msg}`,
          expandedBy: r.templateName,
          ...(r.enforcementAction ? { enforcementAction: r.enforcementAction, scopedActions: undefined } : {}),
        });
      }
      out.errors.push(...child.errors.map((e) => ({ ...e, message: `[Implied by ${r.templateName}] ${e.message}` })));
    }
    return out;
  }

  private reviewOne(input: ReviewInput, generated: boolean): ReviewResult {
    const violations: Violation[] = [];
    const errors: ReviewError[] = [];
    const op = input.operation ?? "CREATE";
    const obj = op === "DELETE" && input.oldObject ? input.oldObject : input.object;
    const gvk = gvkOf(obj);
    const nsName = obj.metadata?.namespace;
    const nsObj = nsName ? input.namespaces?.get(nsName) : undefined;
    const oldObject = input.oldObject ?? (op === "DELETE" ? input.object : null);
    let review: Uint8Array | undefined;
    let reviewError: string | undefined;
    let reviewValue: Record<string, unknown> | undefined;
    let celReview: ConvertedReview | undefined;
    const reviewId = ++reviewIds;
    for (const c of this.constraints) {
      const base = { constraint: { kind: c.kind, name: c.name }, enforcementAction: c.actions.effective, ...(c.actions.scopedActions ? { scopedActions: c.actions.scopedActions } : {}), ...(c.entry.policy !== undefined ? { policy: c.entry.policy } : {}) };
      let hit: boolean;
      try {
        hit = matches(c.match, { object: obj, gvk, namespace: nsObj, generated });
        if (!hit && op === "UPDATE" && oldObject) hit = matches(c.match, { object: oldObject, gvk: gvkOf(oldObject), namespace: nsObj, generated });
      } catch (e) {
        if (!(e instanceof MatchError)) throw e;
        violations.push({ ...base, msg: `unable to match constraint: ${e.message}`, details: {}, error: "match" });
        continue;
      }
      if (!hit) continue;
      if (!c.cel && review === undefined && reviewError === undefined) {
        // Gatekeeper's number representation; too deep is this object's error, in every mode
        try {
          review = UTF8.encode(gatekeeperJSON(input.request ? input.request(input.object) : buildReview({ object: input.object, operation: op, oldObject, namespaceObject: nsObj }), 1));
        } catch (e) {
          if (!(e instanceof InputDepthError)) throw e;
          reviewError = e.message;
        }
      }
      if (!c.cel && review === undefined) {
        violations.push({ ...base, msg: reviewError!, details: {}, error: "runtime" });
        continue;
      }
      let raw: unknown[];
      try {
        if (c.cel) {
          reviewValue ??= buildReview({ object: input.object, operation: op, oldObject, namespaceObject: nsObj });
          raw = c.cel.evaluate(reviewValue, c.entry.constraint, (celReview ??= convertReview(reviewValue)));
        } else raw = c.compiled!.evaluate({ review: review!, reviewId, params: c.params });
      } catch (e) {
        const text = typeof e === "string" ? e : e instanceof Error ? e.message : (e as { message?: string })?.message ?? String(e);
        violations.push({ ...base, msg: text, details: {}, error: "runtime" });
        continue;
      }
      const seen = new Set<string>();
      for (const r of raw) {
        if (typeof r !== "object" || r === null || Array.isArray(r) || !("msg" in r)) continue;
        const { msg, details } = r as { msg: unknown; details?: unknown };
        if (typeof msg !== "string") {
          errors.push({ constraint: base.constraint, message: `violation msg is not a string: ${JSON.stringify(msg)}` });
          continue;
        }
        const d = details === undefined ? {} : details;
        const key = JSON.stringify([msg, d]);
        if (seen.has(key)) continue;
        seen.add(key);
        violations.push({ ...base, msg, details: d });
      }
    }
    return { violations, errors };
  }
}
