/**
 * Sample cases: each policy's allowed and denied examples run through the engine, as
 * `gator verify` would run a suite.
 *
 * Input: build artifacts (templates, and per policy its constraints, expansion templates and
 * cases). Output: one `CaseResult` per case. A case passes when:
 * - `allowed`: no violation with action `deny` (nor `deny` among scoped actions);
 * - `denied`: at least one violation; every `messages` pattern (a Go regex, unanchored) matches
 *   some violation's msg; exactly `count` violations when given; every constraint in `deniedBy`
 *   reported one;
 * and, in both cases, the review raised no error. A denied case that no constraint of its policy
 * matches fails with the reason, from the engine's match semantics: which matcher (kind,
 * namespace, label selector, namespace selector, name) excluded the object from each constraint.
 */
import type { Artifacts, PolicyArtifacts, SampleCase } from "../gatekeeper/artifacts.js";
import { createEngine, type Engine, type EngineProblem } from "./engine.js";
import { actionsAt, isDeny } from "./enforcement.js";
import { expand } from "./expand.js";
import { explainMismatch, gvkOf, MatchError, mismatch, type Match } from "./match.js";
import { celEngineInputs, defaultEngine, diffEngines, type EngineSelection } from "./compare.js";
import type { CompiledTemplate } from "./wasm.js";
import { WasmCache } from "./wasm.js";
import type { TemplateRego } from "./template.js";
import type { K8sObject, ReviewError, Violation } from "./types.js";

/** The outcome of one case. */
export interface CaseResult {
  readonly policy: string;
  readonly sourceFile: string;
  readonly name: string;
  readonly expect: "allowed" | "denied";
  readonly passed: boolean;
  /** Why it failed, one reason per line; empty when it passed. */
  readonly failures: string[];
  readonly violations: Violation[];
  readonly errors: ReviewError[];
  readonly object: K8sObject;
  readonly ms: number;
  /** Differences from the cross-check evaluator, when one ran. */
  readonly crossCheck?: string[];
}

/** Options of `runCases`. */
export interface RunCasesOptions {
  readonly cache?: WasmCache;
  /** Called after each case, for progress display. */
  readonly onCase?: (r: CaseResult, done: number, total: number) => void;
  /** A second loader (e.g. OPA's evaluator) whose violations must equal the engine's. */
  readonly crossCheck?: (t: TemplateRego) => Promise<CompiledTemplate>;
  /**
   * Which Gatekeeper engine evaluates the cases: `rego`, `cel` (templates' K8sNativeValidation:
   * one violation per failed validation, as Gatekeeper's driver reports), or `both`: Rego decides,
   * any difference from CEL (decision or message piece, see ./compare.ts) fails the case, and
   * `count` must hold for what gator evaluates too (the CEL of templates that carry it).
   * @default "both" when some template carries CEL, else "rego"
   */
  readonly engine?: EngineSelection;
}

/** Go regexp → JavaScript RegExp (leading `(?i)`/`(?s)`/`(?m)` flags become JS flags). */
export function goRegExp(pattern: string): RegExp {
  const m = /^\(\?([imsU]+)\)/.exec(pattern);
  const flags = m ? [...new Set(m[1]!.replace("U", ""))].join("") : "";
  return new RegExp(m ? pattern.slice(m[0].length) : pattern, flags);
}

/** Checks one case's violations against its expectation; returns the failure reasons. */
export function judgeCase(c: SampleCase, violations: readonly Violation[], errors: readonly ReviewError[]): string[] {
  const failures: string[] = [];
  for (const e of errors) failures.push(`review error${e.constraint ? ` in ${e.constraint.kind}/${e.constraint.name}` : ""}: ${e.message}`);
  if (c.expect === "allowed") {
    const denies = violations.filter((v) => isDeny(v));
    if (denies.length > 0) failures.push(`expected allowed, got ${denies.length} deny violation${denies.length === 1 ? "" : "s"}`);
    return failures;
  }
  if (violations.length === 0) { failures.push("expected denied, got no violations"); return failures; }
  for (const p of c.messages ?? []) {
    let re: RegExp;
    try { re = goRegExp(p); } catch (e) { failures.push(`message pattern ${JSON.stringify(p)} is not a valid regular expression: ${(e as Error).message}`); continue; }
    if (!violations.some((v) => re.test(v.msg))) failures.push(`no violation message matches ${JSON.stringify(p)}`);
  }
  if (c.count !== undefined && violations.length !== c.count) failures.push(`expected ${c.count} violation${c.count === 1 ? "" : "s"}, got ${violations.length}`);
  for (const name of c.deniedBy ?? []) {
    if (!violations.some((v) => v.constraint.name === name)) failures.push(`expected a violation from constraint ${name}, got none`);
  }
  return failures;
}

/** Why `constraint` does not apply to the case's object nor to what it expands to; undefined when it applies. */
export function constraintMismatch(p: Pick<PolicyArtifacts, "expansionTemplates">, c: SampleCase, constraint: K8sObject): string | undefined {
  if (!actionsAt(constraint)) return "not enforced at the gator.gatekeeper.sh point (scopedEnforcementActions)";
  const namespaces = new Map((c.namespaces ?? []).map((n) => [n.metadata?.name ?? "", n]));
  const targets = [
    { object: c.object, generated: false, label: "" },
    ...expand(c.object, p.expansionTemplates).map((r) => ({ object: r.object, generated: true, label: `its ${r.object.kind} (from ${r.templateName}): ` })),
  ];
  const match = (constraint.spec as { match?: Match } | undefined)?.match;
  const reasons: string[] = [];
  for (const t of targets) {
    const ns = t.object.metadata?.namespace;
    const m = { object: t.object, gvk: gvkOf(t.object), namespace: ns ? namespaces.get(ns) : undefined, generated: t.generated };
    let which;
    // An undecidable match is a violation of its own: the constraint applies.
    try { which = mismatch(match, m); } catch (e) { if (e instanceof MatchError) return undefined; throw e; }
    if (!which) return undefined;
    reasons.push(`${t.label}${explainMismatch(which, match!, m)}`);
  }
  return reasons.join("; ");
}

/**
 * Why no constraint of the policy applies to the case's object (and the resources it expands
 * to), one line per distinct reason naming the constraints; `[]` when some constraint applies.
 */
export function unmatchedReasons(p: Pick<PolicyArtifacts, "constraints" | "expansionTemplates">, c: SampleCase): string[] {
  const byReason = new Map<string, string[]>();
  for (const constraint of p.constraints) {
    const reason = constraintMismatch(p, c, constraint);
    if (reason === undefined) return [];
    const name = `${constraint.kind}/${constraint.metadata?.name ?? ""}`;
    const l = byReason.get(reason);
    if (l) l.push(name); else byReason.set(reason, [name]);
  }
  return [...byReason].map(([reason, names]) => `${reason} (${names.length === p.constraints.length && names.length > 1 ? `all ${names.length} constraints` : names.join(", ")})`);
}

function violationKey(v: Violation): string {
  return JSON.stringify([v.constraint.kind, v.constraint.name, v.error ? "<error>" : v.msg, v.error ? null : v.details]);
}

/** Differences between two evaluations of one case, one line each. */
export function diffViolations(ours: readonly Violation[], theirs: readonly Violation[], theirName: string): string[] {
  const a = new Map(ours.map((v) => [violationKey(v), v])), b = new Map(theirs.map((v) => [violationKey(v), v]));
  const out: string[] = [];
  for (const [k, v] of a) if (!b.has(k)) out.push(`only gpc: ${v.constraint.kind}/${v.constraint.name}: ${v.msg}`);
  for (const [k, v] of b) if (!a.has(k)) out.push(`only ${theirName}: ${v.constraint.kind}/${v.constraint.name}: ${v.msg}`);
  return out;
}

function runOne(engine: Engine, c: SampleCase): { violations: Violation[]; errors: ReviewError[] } {
  const namespaces = new Map((c.namespaces ?? []).map((n) => [n.metadata?.name ?? "", n]));
  engine.setInventory([c.object, ...(c.namespaces ?? [])]);
  // As the gator suite's AdmissionReview: UPDATE carries the object as its own old version.
  const r = engine.review({ object: c.object, operation: c.operation ?? "CREATE", ...(c.operation === "UPDATE" ? { oldObject: c.object } : {}), namespaces });
  return { violations: r.violations, errors: r.errors };
}

/** Runs every case of every policy. Engine problems (bad templates/constraints) fail that policy's cases. */
export async function runCases(artifacts: Artifacts, opts: RunCasesOptions = {}): Promise<{ results: CaseResult[]; problems: EngineProblem[] }> {
  const cache = opts.cache ?? new WasmCache();
  const total = artifacts.policies.reduce((n, p) => n + p.cases.length, 0);
  const results: CaseResult[] = [];
  const problems: EngineProblem[] = [];
  let done = 0;
  for (const p of artifacts.policies) {
    const base = { templates: artifacts.templates, constraints: p.constraints.map((constraint) => ({ constraint, policy: p.name })), expansionTemplates: p.expansionTemplates };
    const selection = opts.engine ?? defaultEngine(artifacts.templates);
    const engine = await createEngine({ ...base, cache, ...(selection === "cel" ? { driver: "cel" as const } : {}) });
    const other = opts.crossCheck ? await createEngine({ ...base, cache, loader: opts.crossCheck }) : undefined;
    const celInputs = selection === "both" ? celEngineInputs(base.templates, base.constraints) : undefined;
    const cel = celInputs ? await createEngine({ ...base, ...celInputs, driver: "cel" }) : undefined;
    problems.push(...engine.problems, ...(cel?.problems ?? []));
    for (const c of p.cases) {
      const t0 = performance.now();
      let violations: Violation[] = [], errors: ReviewError[] = [];
      const failures: string[] = engine.problems.map((x) => `cannot evaluate: ${x.subject}: ${x.message.split("\n")[0]}${x.message.includes("\n") ? " (…)" : ""}`);
      try {
        ({ violations, errors } = runOne(engine, c));
        failures.push(...judgeCase(c, violations, errors));
        if (c.expect === "denied") {
          const why = violations.length === 0 ? unmatchedReasons(p, c) : [];
          if (why.length) failures.push(`no constraint of policy ${p.name} matches the object:`, ...why.map((w) => `  ${w}`));
          // A deniedBy constraint that reported nothing because it does not apply: say why.
          else for (const name of c.deniedBy ?? []) {
            const constraint = p.constraints.find((k) => k.metadata?.name === name);
            if (!constraint || violations.some((v) => v.constraint.name === name)) continue;
            const reason = constraintMismatch(p, c, constraint);
            if (reason !== undefined) failures.push(`constraint ${name} does not match the object: ${reason}`);
          }
        }
        if (cel && celInputs) {
          const kinds = celInputs.kinds;
          const celViolations = runOne(cel, c).violations;
          for (const d of diffEngines(violations.filter((v) => kinds.has(v.constraint.kind)), celViolations)) failures.push(`engines differ on ${c.object.kind} ${c.object.metadata?.name ?? ""}: ${d}`);
          // gator and Gatekeeper evaluate the CEL of a template that carries it: `count` must hold there too.
          const gatorCount = violations.filter((v) => !kinds.has(v.constraint.kind)).length + celViolations.length;
          if (c.count !== undefined && gatorCount !== c.count) failures.push(`expected ${c.count} violation${c.count === 1 ? "" : "s"} with CEL too (as gator and Gatekeeper evaluate it: one violation per failed CEL validation, where the Rego reports one per item), got ${gatorCount}; give a count that holds for both engines, or none`);
        }
      } catch (e) {
        failures.push(`engine error: ${(e as Error).message}`);
      }
      let crossCheck: string[] | undefined;
      if (other) {
        try {
          crossCheck = diffViolations(violations, runOne(other, c).violations, "opa");
        } catch (e) {
          crossCheck = [`opa evaluation failed: ${(e as Error).message}`];
        }
        for (const d of crossCheck) failures.push(`cross-check: ${d}`);
      }
      const r: CaseResult = { policy: p.name, sourceFile: p.sourceFile, name: c.name, expect: c.expect, passed: failures.length === 0, failures, violations, errors, object: c.object, ms: performance.now() - t0, ...(crossCheck ? { crossCheck } : {}) };
      results.push(r);
      opts.onCase?.(r, ++done, total);
    }
  }
  return { results, problems };
}
