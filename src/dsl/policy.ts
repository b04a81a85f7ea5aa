/**
 * `definePolicy`: the authoring entry point.
 *
 * Input: `PolicyProps` (readonly, documented, wire values as string literals). Output: a
 * validated `PolicyModel` (plain data, src/model). All cross-field checks run here, at definition
 * time, and every problem is reported at once as a `PolicyDefinitionError` with property paths.
 * This file is the one mapping from friendly names (`pss`, `psp`, `exemptions.podLabels`, …) to
 * the model.
 */
import { CAPABILITY_NAMES, CHECKS, PSS_VERSIONS, pspToChecks, pssPreset, VOLUME_TYPES } from "../checks/index.js";
import type { CheckParamsById, PodSecurityPolicySpec, PssLevel } from "../checks/index.js";
import type {
  CaseModel, CheckInstance, CustomCheckModel, EnforcementAction, EnforcementModel, EnforcementPoint,
  ExemptionsModel, Expr, LabelSelector, MatchModel, PolicyModel,
} from "../model/index.js";
import { ENFORCEMENT_POINTS } from "../model/index.js";
import type { CustomCheckProps } from "./custom.js";
import { PolicyDefinitionError, type Issue } from "./errors.js";
import { WORKLOAD_API_VERSIONS, withSampleNamespace, type SampleCaseProps } from "./samples.js";

/** A Pod Security Standards version: `v1.0` … the newest, or `latest`. */
export type PssVersion = `v1.${number}` | "latest";

/** A Pod Security Standards preset. */
export interface PssProps {
  /** `baseline` or `restricted` (restricted includes baseline). @default (required) */
  readonly level: PssLevel;
  /** Version whose rules are enforced, as Pod Security Admission's `enforce-version`. @default "latest" */
  readonly version?: PssVersion;
}

/**
 * Built-in checks with their parameters, keyed by check id. `true` enables a check with its
 * defaults; `false` removes a check a preset (`pss`/`psp`) added; an object replaces the preset's
 * parameters for that check.
 */
export type ChecksProps = { readonly [K in keyof CheckParamsById]?: CheckParamsById[K] | boolean };

/** Which objects the policy's constraints look at (Gatekeeper `spec.match`). */
export interface MatchProps {
  /**
   * Kinds reviewed. `"Pod"` means `{apiGroups: [""], kinds: ["Pod"]}`. The built-in checks read a
   * pod spec, so other kinds only make sense for custom checks.
   * @default ["Pod"]
   */
  readonly kinds?: readonly ("Pod" | { readonly apiGroups: readonly string[]; readonly kinds: readonly string[] })[];
  /** Only these namespaces; `*` allowed at the start and/or end (prefix/suffix/contains). @default (all) */
  readonly namespaces?: readonly string[];
  /** Never these namespaces; same `*` rules. @default [] */
  readonly excludedNamespaces?: readonly string[];
  /** Only objects whose labels match. @default (all) */
  readonly labelSelector?: LabelSelector;
  /** Only objects in namespaces whose labels match. @default (all) */
  readonly namespaceSelector?: LabelSelector;
  /** `Namespaced`, `Cluster` or `*`. @default "*" */
  readonly scope?: "*" | "Cluster" | "Namespaced";
  /** Only objects with this name; `*` prefix/suffix rules. @default (any) */
  readonly name?: string;
}

/** One scoped enforcement action. */
export interface ScopedActionProps {
  /** @default (required) */
  readonly action: EnforcementAction;
  /** Where the action applies; non-empty. @default (required) */
  readonly enforcementPoints: readonly EnforcementPoint[];
}

/** `deny` (block), `warn` (admit with a warning), `dryrun` (audit only), or per enforcement point. */
export type EnforcementActionProps = EnforcementAction | { readonly scoped: readonly ScopedActionProps[] };

/** What the policy never flags. */
export interface ExemptionsProps {
  /** Container images not checked; exact, or prefix when ending with `*`. @default [] */
  readonly images?: readonly string[];
  /** Container names not checked. @default [] */
  readonly containers?: readonly string[];
  /**
   * Pods not checked, by label: `{ "example.com/exempt": ["true"] }` exempts pods whose label has
   * one of the values; `"*"` exempts pods carrying the label with any value.
   * @default {}
   */
  readonly podLabels?: Readonly<Record<string, readonly string[] | "*">>;
}

/** A policy: checks, where they apply, how they are enforced, and sample cases. */
export interface PolicyProps {
  /** Lowercase DNS label; names the output folder and prefixes constraint names. @default (required) */
  readonly name: string;
  /** One paragraph for the README. @default "" */
  readonly description?: string;
  /** Start from a Pod Security Standards preset. @default (none) */
  readonly pss?: PssProps;
  /** Start from a PodSecurityPolicy spec (the `policy/v1beta1` fields), mapped onto the checks. @default (none) */
  readonly psp?: PodSecurityPolicySpec;
  /** Built-in checks, added to or overriding the preset. @default {} */
  readonly checks?: ChecksProps;
  /** Custom checks built with `forEachContainer` / `forPod`. @default [] */
  readonly custom?: readonly CustomCheckProps[];
  /** @default { kinds: ["Pod"] } */
  readonly match?: MatchProps;
  /** @default "deny" */
  readonly enforcementAction?: EnforcementActionProps;
  /** @default {} */
  readonly exemptions?: ExemptionsProps;
  /** Sample cases; at least one allowed and one denied. @default (required) */
  readonly cases: readonly SampleCaseProps[];
  /**
   * Also check Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs through their
   * pod templates (Gatekeeper `ExpansionTemplate`s, `expansion.gatekeeper.sh/v1beta1`, emitted to
   * `generated/expansion/`; Gatekeeper must run with generator resource expansion enabled).
   * @default false
   */
  readonly expandWorkloads?: boolean;
  /**
   * Engines of this policy's templates: `["rego"]` pins Rego only (the output for Gatekeeper
   * < 3.16), `["cel"]` CEL only, `["rego", "cel"]` both (CEL first, as gatekeeper-library). A
   * template shared with other policies carries an engine only if every policy using it allows it;
   * `gpc build --engines` overrides all policies.
   * @default both where the checks have a CEL form, else Rego
   */
  readonly engines?: readonly ("rego" | "cel")[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NS_PATTERN = /^\*?[-:a-z0-9]*\*?$/;
const NAME_PATTERN = /^\*?[-.a-z0-9]*\*?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CAMEL_ID = /^[a-z][A-Za-z0-9]*$/;
const ACTIONS: readonly string[] = ["deny", "warn", "dryrun"];
/** `Array.isArray` without narrowing readonly arrays to `any[]`. */
const isList = (x: unknown): boolean => Array.isArray(x);

/** `runAsUser` → `run-as-user`. */
export function kebab(id: string): string {
  return id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `pss-restricted` → `PssRestricted`. */
export function pascal(s: string): string {
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/** The constraint name of a check in a policy (validated ≤ 63 characters at definition time). */
export function constraintName(policy: string, checkId: string): string {
  return `${policy}-${kebab(checkId)}`;
}

/** The ConstraintTemplate kind of a custom check. */
export function customKind(policy: string, id: string): string {
  return `GpcCustom${pascal(policy)}${pascal(id)}`;
}

function validLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `label key prefix "${prefix}" is not a DNS subdomain`;
  if (name.length > 63 || !LABEL_NAME.test(name)) return `label key "${key}" is not a valid label name (alphanumerics, '-', '_', '.'; at most 63 characters)`;
  return undefined;
}

function checkLabelValue(v: unknown, path: string, issues: Issue[]): void {
  if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) issues.push({ path, message: `${JSON.stringify(v)} is not a valid label value` });
}

function checkSelector(sel: LabelSelector, path: string, issues: Issue[]): void {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    const bad = validLabelKey(k);
    if (bad) issues.push({ path: `${path}.matchLabels`, message: bad });
    checkLabelValue(v, `${path}.matchLabels["${k}"]`, issues);
  }
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const bad = validLabelKey(e.key);
    if (bad) issues.push({ path: `${p}.key`, message: bad });
    if (e.operator === "In" || e.operator === "NotIn") {
      if (!e.values?.length) issues.push({ path: `${p}.values`, message: `operator ${e.operator} needs at least one value` });
      e.values?.forEach((v, j) => checkLabelValue(v, `${p}.values[${j}]`, issues));
    } else if (e.operator === "Exists" || e.operator === "DoesNotExist") {
      if (e.values?.length) issues.push({ path: `${p}.values`, message: `operator ${e.operator} takes no values` });
    } else {
      issues.push({ path: `${p}.operator`, message: `unknown operator ${JSON.stringify(e.operator)} (In, NotIn, Exists, DoesNotExist)` });
    }
  });
}

function checkPatterns(list: readonly string[] | undefined, path: string, re: RegExp, what: string, issues: Issue[]): void {
  list?.forEach((ns, i) => {
    if (typeof ns !== "string" || !re.test(ns)) issues.push({ path: `${path}[${i}]`, message: `${JSON.stringify(ns)} is not a valid ${what} pattern (lowercase letters, digits, '-', ':' and a '*' only at the start or end)` });
  });
}

/** RE2 (Go) rejects look-around and back-references; JavaScript must also compile the pattern. */
function checkGoRegex(pattern: string, path: string, issues: Issue[]): void {
  if (/\(\?[=!<]|\\[1-9]/.test(pattern)) {
    issues.push({ path, message: `${JSON.stringify(pattern)} uses look-around or back-references, which Go regular expressions do not support` });
    return;
  }
  try { new RegExp(pattern); } catch (e) { issues.push({ path, message: `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}` }); }
}

function mapMatch(m: MatchProps | undefined, issues: Issue[]): MatchModel {
  const kinds = (m?.kinds ?? ["Pod"]).map((k, i) => {
    if (k === "Pod") return { apiGroups: [""], kinds: ["Pod"] };
    if (typeof k !== "object" || !isList(k.kinds) || !isList(k.apiGroups)) {
      issues.push({ path: `match.kinds[${i}]`, message: `expected "Pod" or { apiGroups, kinds }, got ${JSON.stringify(k)}` });
      return { apiGroups: [""], kinds: ["Pod"] };
    }
    k.kinds.forEach((kind, j) => {
      if (kind !== "*" && !/^[A-Z][A-Za-z0-9]*$/.test(kind)) issues.push({ path: `match.kinds[${i}].kinds[${j}]`, message: `${JSON.stringify(kind)} is not a Kind (CamelCase, e.g. "Pod"; not the plural resource name)` });
    });
    k.apiGroups.forEach((g, j) => {
      if (g !== "*" && g !== "" && !DNS_SUBDOMAIN.test(g)) issues.push({ path: `match.kinds[${i}].apiGroups[${j}]`, message: `${JSON.stringify(g)} is not an API group ("" is the core group)` });
    });
    return { apiGroups: [...k.apiGroups].sort(), kinds: [...k.kinds].sort() };
  });
  checkPatterns(m?.namespaces, "match.namespaces", NS_PATTERN, "namespace", issues);
  checkPatterns(m?.excludedNamespaces, "match.excludedNamespaces", NS_PATTERN, "namespace", issues);
  if (m?.name !== undefined) checkPatterns([m.name], "match.name", NAME_PATTERN, "name", issues);
  if (m?.labelSelector) checkSelector(m.labelSelector, "match.labelSelector", issues);
  if (m?.namespaceSelector) checkSelector(m.namespaceSelector, "match.namespaceSelector", issues);
  if (m?.scope !== undefined && !["*", "Cluster", "Namespaced"].includes(m.scope)) {
    issues.push({ path: "match.scope", message: `unknown scope ${JSON.stringify(m.scope)} (Gatekeeper would treat it as "*"); use "*", "Cluster" or "Namespaced"` });
  }
  const uniqSorted = (l?: readonly string[]) => (l ? [...new Set(l)].sort() : undefined);
  return {
    kind: "Match",
    kinds,
    ...(m?.namespaces ? { namespaces: uniqSorted(m.namespaces)! } : {}),
    ...(m?.excludedNamespaces ? { excludedNamespaces: uniqSorted(m.excludedNamespaces)! } : {}),
    ...(m?.labelSelector ? { labelSelector: m.labelSelector } : {}),
    ...(m?.namespaceSelector ? { namespaceSelector: m.namespaceSelector } : {}),
    ...(m?.scope ? { scope: m.scope } : {}),
    ...(m?.name !== undefined ? { name: m.name } : {}),
  };
}

function mapEnforcement(e: EnforcementActionProps | undefined, issues: Issue[]): EnforcementModel {
  if (e === undefined) return { kind: "Enforcement", action: "deny" };
  if (typeof e === "string") {
    if (!ACTIONS.includes(e)) issues.push({ path: "enforcementAction", message: `unknown enforcement action ${JSON.stringify(e)} (deny, warn, dryrun, or { scoped: [...] }; case-sensitive)` });
    return { kind: "Enforcement", action: e };
  }
  if (typeof e !== "object" || !isList(e.scoped) || e.scoped.length === 0) {
    issues.push({ path: "enforcementAction.scoped", message: "scoped enforcement needs at least one { action, enforcementPoints } entry" });
    return { kind: "Enforcement", action: "deny" };
  }
  e.scoped.forEach((s, i) => {
    if (!ACTIONS.includes(s.action)) issues.push({ path: `enforcementAction.scoped[${i}].action`, message: `unknown enforcement action ${JSON.stringify(s.action)} (deny, warn, dryrun)` });
    if (!isList(s.enforcementPoints) || s.enforcementPoints.length === 0) issues.push({ path: `enforcementAction.scoped[${i}].enforcementPoints`, message: "needs at least one enforcement point" });
    (s.enforcementPoints ?? []).forEach((p, j) => {
      if (!ENFORCEMENT_POINTS.includes(p)) issues.push({ path: `enforcementAction.scoped[${i}].enforcementPoints[${j}]`, message: `unknown enforcement point ${JSON.stringify(p)} (${ENFORCEMENT_POINTS.join(", ")})` });
    });
  });
  return { kind: "Enforcement", action: "scoped", scoped: e.scoped.map((s) => ({ action: s.action, enforcementPoints: [...new Set(s.enforcementPoints)].sort() })) };
}

function mapExemptions(x: ExemptionsProps | undefined, issues: Issue[]): ExemptionsModel {
  (x?.images ?? []).forEach((img, i) => {
    if (typeof img !== "string" || img === "" || img.slice(0, -1).includes("*")) issues.push({ path: `exemptions.images[${i}]`, message: `${JSON.stringify(img)}: an image pattern may contain '*' only at the end` });
  });
  (x?.containers ?? []).forEach((c, i) => {
    if (typeof c !== "string" || !DNS_LABEL.test(c)) issues.push({ path: `exemptions.containers[${i}]`, message: `${JSON.stringify(c)} is not a container name (lowercase DNS label)` });
  });
  const podLabels = Object.entries(x?.podLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, values]) => {
    const bad = validLabelKey(key);
    if (bad) issues.push({ path: `exemptions.podLabels["${key}"]`, message: bad });
    if (values === "*") return { key };
    if (!isList(values) || values.length === 0) {
      issues.push({ path: `exemptions.podLabels["${key}"]`, message: `expected a non-empty list of values or "*"` });
      return { key };
    }
    values.forEach((v, j) => checkLabelValue(v, `exemptions.podLabels["${key}"][${j}]`, issues));
    return { key, values: [...new Set(values)].sort() };
  });
  return { kind: "Exemptions", images: [...new Set(x?.images ?? [])].sort(), containers: [...new Set(x?.containers ?? [])].sort(), podLabels };
}

/** Unknown capability names and volume types, at the property path they came from. */
function checkKnownNames(id: string, params: Record<string, unknown>, path: string, fromPsp: boolean, issues: Issue[]): void {
  const lists: [string, string, readonly string[], string][] = id === "capabilities"
    ? [["allowedCapabilities", "allowedCapabilities", [...CAPABILITY_NAMES, "*"], "capability"], ["requiredDropCapabilities", "requiredDropCapabilities", [...CAPABILITY_NAMES, "ALL"], "capability"]]
    : id === "volumeTypes" ? [["allowedTypes", "volumes", [...VOLUME_TYPES, "*"], "volume type"]] : [];
  for (const [key, pspKey, known, what] of lists) {
    const v = params[key];
    if (!Array.isArray(v)) continue;
    v.forEach((name, i) => {
      const caseFix = known.find((k) => k.toLowerCase() === String(name).toLowerCase());
      if (!known.includes(name)) issues.push({ path: fromPsp ? `psp.${pspKey}[${i}]` : `${path}.${key}[${i}]`, message: `unknown ${what} ${JSON.stringify(name)}${caseFix ? ` (did you mean ${JSON.stringify(caseFix)}?)` : ""}` });
    });
  }
}

function latestVersion(): string {
  return PSS_VERSIONS[PSS_VERSIONS.length - 1]!;
}

function mapChecks(p: PolicyProps, issues: Issue[]): { checks: CheckInstance[]; origin: string[] } {
  const byId = new Map<string, object>();
  const fromPsp = new Set<string>();
  const origin: string[] = [];
  if (p.pss !== undefined) {
    const level = p.pss.level;
    const version = p.pss.version ?? "latest";
    const resolved = version === "latest" ? latestVersion() : version;
    if (level !== "baseline" && level !== "restricted") issues.push({ path: "pss.level", message: `unknown level ${JSON.stringify(level)} (baseline, restricted)` });
    else if (!PSS_VERSIONS.includes(resolved)) issues.push({ path: "pss.version", message: `unknown Pod Security Standards version ${JSON.stringify(version)} (${PSS_VERSIONS[0]} … ${latestVersion()}, or latest)` });
    else {
      for (const c of pssPreset(level, resolved)) byId.set(c.check, c.params);
      origin.push(`Pod Security Standards \`${level}\` at ${resolved}${version === "latest" ? " (latest)" : ""}`);
    }
  }
  if (p.psp !== undefined) {
    const r = pspToChecks(p.psp, "psp");
    for (const d of r.diagnostics) if (d.severity === "error") issues.push({ path: d.path ?? "psp", message: d.message });
    for (const c of r.checks) {
      if (byId.has(c.check)) issues.push({ path: "psp", message: `check ${c.check} is set by both pss and psp; drop one or override it in checks` });
      byId.set(c.check, c.params);
      fromPsp.add(c.check);
    }
    origin.push("a PodSecurityPolicy spec");
  }
  for (const [id, v] of Object.entries(p.checks ?? {})) {
    const path = `checks.${id}`;
    if (!Object.hasOwn(CHECKS, id)) {
      issues.push({ path, message: `unknown check ${JSON.stringify(id)} (known: ${Object.keys(CHECKS).sort().join(", ")})` });
      continue;
    }
    fromPsp.delete(id);
    if (v === false) { byId.delete(id); continue; }
    if (v === true) { byId.set(id, {}); continue; }
    if (typeof v !== "object" || v === null || isList(v)) { issues.push({ path, message: "expected true, false or a parameters object" }); continue; }
    byId.set(id, v);
  }
  if (p.checks && Object.keys(p.checks).length) origin.push("explicit checks");
  const checks: CheckInstance[] = [];
  for (const id of [...byId.keys()].sort()) {
    const def = CHECKS[id];
    const params = byId.get(id)!;
    const path = `checks.${id}`;
    if (!def) { issues.push({ path, message: `unknown check ${JSON.stringify(id)}` }); continue; }
    // Parameters that came from the PSP form are reported under `psp.` (PSP and check field names mostly agree).
    const vpath = fromPsp.has(id) ? `psp.${id}` : path;
    for (const d of def.validate(params, vpath)) if (d.severity === "error") issues.push({ path: d.path ?? vpath, message: d.message });
    const known: Issue[] = [];
    checkKnownNames(id, params as Record<string, unknown>, path, fromPsp.has(id), known);
    for (const k of known) if (!issues.some((i) => i.path === k.path)) issues.push(k);
    checks.push({ check: id, params: structuredClone(params) });
  }
  return { checks, origin };
}

function checkExpr(e: Expr, path: string, issues: Issue[]): void {
  if (e.kind === "And" || e.kind === "Or") {
    if (e.args.length === 0) issues.push({ path, message: `${e.kind === "And" ? "allOf" : "anyOf"}() needs at least one condition` });
    e.args.forEach((a, i) => checkExpr(a, `${path}.${e.kind === "And" ? "allOf" : "anyOf"}[${i}]`, issues));
    return;
  }
  if (e.kind === "Not") return checkExpr(e.arg, `${path}.not`, issues);
  const where = `${path}.${[e.field.base === "container" ? "c" : "pod", ...e.field.path].join(".")}`;
  if (e.field.path.length === 0) issues.push({ path: where, message: "a test needs a field, e.g. c.image.startsWithAny([...])" });
  if ("values" in e && (!isList(e.values) || e.values.length === 0 || e.values.some((v) => typeof v !== "string"))) issues.push({ path: where, message: `${e.test} needs a non-empty list of strings` });
  if (e.test === "matches") checkGoRegex(e.pattern, where, issues);
  if ((e.test === "atMost" || e.test === "atLeast") && !Number.isInteger(e.value)) issues.push({ path: where, message: `${e.test} needs an integer` });
  if (e.test === "equals" && !["string", "number", "boolean"].includes(typeof e.value)) issues.push({ path: where, message: "equals needs a string, number or boolean" });
}

function mapCustom(p: PolicyProps, builtIn: readonly CheckInstance[], issues: Issue[]): CustomCheckModel[] {
  const seen = new Set<string>(builtIn.map((c) => c.check));
  return (p.custom ?? []).map((c, i) => {
    const path = `custom[${i}]`;
    if (typeof c.id !== "string" || !CAMEL_ID.test(c.id)) issues.push({ path: `${path}.id`, message: `${JSON.stringify(c.id)} is not a camelCase id` });
    else if (seen.has(c.id) || Object.hasOwn(CHECKS, c.id)) issues.push({ path: `${path}.id`, message: `${JSON.stringify(c.id)} is already used by another check` });
    seen.add(c.id);
    if (typeof c.message !== "string" || c.message.trim() === "") issues.push({ path: `${path}.message`, message: "a custom check needs a message" });
    if (!c.rule || (c.rule.scope !== "container" && c.rule.scope !== "pod")) issues.push({ path: `${path}.rule`, message: "expected forEachContainer(c => …) or forPod(p => …)" });
    else checkExpr(c.rule.require, `${path}.rule`, issues);
    const templateKind = customKind(p.name, c.id ?? "");
    if (templateKind.length > 63) issues.push({ path: `${path}.id`, message: `template name "${templateKind.toLowerCase()}" would be longer than 63 characters; shorten the policy name or the id` });
    return { kind: "CustomCheck", id: c.id, templateKind, title: c.title ?? c.id, message: c.message, scope: c.rule?.scope ?? "container", require: c.rule?.require ?? { kind: "And", args: [] } };
  });
}

function mapCases(p: PolicyProps, checkIds: readonly string[], match: MatchModel, issues: Issue[]): CaseModel[] {
  const names = new Set<string>();
  const cases = p.cases ?? [];
  if (!isList(cases) || !cases.some((c) => c.expect === "allowed") || !cases.some((c) => c.expect === "denied")) {
    issues.push({ path: "cases", message: "a policy needs at least one allowed and one denied sample case" });
  }
  return (isList(cases) ? cases : []).map((c, i) => {
    const path = `cases[${i}]`;
    if (typeof c.name !== "string" || !DNS_LABEL.test(c.name) || c.name.length > 63) issues.push({ path: `${path}.name`, message: `${JSON.stringify(c.name)} is not a lowercase DNS label (it names the sample file)` });
    else if (names.has(c.name)) issues.push({ path: `${path}.name`, message: `duplicate case name ${JSON.stringify(c.name)}` });
    names.add(c.name);
    if (c.expect !== "allowed" && c.expect !== "denied") issues.push({ path: `${path}.expect`, message: `expected "allowed" or "denied", got ${JSON.stringify(c.expect)}` });
    const o = c.object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
    if (!o || typeof o.apiVersion !== "string" || typeof o.kind !== "string" || typeof o.metadata?.name !== "string") {
      issues.push({ path: `${path}.object`, message: "the object needs apiVersion, kind and metadata.name" });
    }
    if (typeof o?.kind === "string" && Object.hasOwn(WORKLOAD_API_VERSIONS, o.kind) && !p.expandWorkloads) {
      issues.push({ path: `${path}.object`, message: `a ${o.kind} is checked through its pod template only with expandWorkloads: true` });
    }
    let deniedBy: string[] | undefined;
    if (c.expect === "denied") {
      deniedBy = c.deniedBy === undefined ? (checkIds.length === 1 ? [...checkIds] : undefined) : typeof c.deniedBy === "string" ? [c.deniedBy] : [...c.deniedBy];
      if (!deniedBy || deniedBy.length === 0) issues.push({ path: `${path}.deniedBy`, message: `name the check(s) that deny this case (one of: ${checkIds.join(", ")})` });
      deniedBy?.forEach((id, j) => {
        if (!checkIds.includes(id)) issues.push({ path: `${path}.deniedBy${c.deniedBy === undefined || typeof c.deniedBy === "string" ? "" : `[${j}]`}`, message: `${JSON.stringify(id)} is not a check of this policy (${checkIds.join(", ")})` });
      });
      if (c.count !== undefined && (deniedBy?.length ?? 0) > 1) issues.push({ path: `${path}.count`, message: "count needs exactly one deniedBy check" });
    } else {
      if (c.deniedBy !== undefined) issues.push({ path: `${path}.deniedBy`, message: "an allowed case is denied by nothing" });
      if (c.messages?.length) issues.push({ path: `${path}.messages`, message: "an allowed case has no messages" });
      if (c.count !== undefined) issues.push({ path: `${path}.count`, message: "an allowed case has no violations to count" });
    }
    c.messages?.forEach((m, j) => checkGoRegex(m, `${path}.messages[${j}]`, issues));
    if (c.count !== undefined && (!Number.isInteger(c.count) || c.count < 1)) issues.push({ path: `${path}.count`, message: "count must be a positive integer" });
    if (c.operation !== undefined && !["CREATE", "UPDATE", "DELETE"].includes(c.operation)) issues.push({ path: `${path}.operation`, message: `unknown operation ${JSON.stringify(c.operation)}` });
    const object = withSampleNamespace(structuredClone(c.object) as unknown as Record<string, unknown> & { metadata?: { namespace?: unknown } }, match, c.namespaces);
    const ns = typeof object.metadata?.namespace === "string" ? object.metadata.namespace : undefined;
    if (match.namespaceSelector && ns !== undefined && !(c.namespaces ?? []).some((n) => n.metadata?.name === ns)) {
      issues.push({ path: `${path}.namespaces`, message: `the policy matches by namespaceSelector, so the case needs the Namespace object ${JSON.stringify(ns)} (namespace("${ns}", {…labels}))` });
    }
    (c.namespaces ?? []).forEach((n, j) => {
      if (n?.kind !== "Namespace" || typeof n.metadata?.name !== "string" || !DNS_LABEL.test(n.metadata.name)) issues.push({ path: `${path}.namespaces[${j}]`, message: "expected a Namespace object with a DNS label name" });
    });
    return {
      kind: "Case",
      name: c.name,
      expect: c.expect,
      object,
      ...(c.messages?.length ? { messages: [...c.messages] } : {}),
      ...(c.count !== undefined ? { count: c.count } : {}),
      ...(deniedBy ? { deniedBy: [...new Set(deniedBy)].sort() } : {}),
      ...(c.operation ? { operation: c.operation } : {}),
      ...(c.namespaces?.length ? { namespaces: c.namespaces.map((n) => structuredClone(n) as unknown as Record<string, unknown>) } : {}),
    };
  });
}

/**
 * Define a policy. Validates everything (names Gatekeeper would reject, unknown checks,
 * capabilities and volume types, min > max, unknown enforcement points, sample cases) and throws
 * one `PolicyDefinitionError` listing every problem with its property path.
 */
export function definePolicy(props: PolicyProps): PolicyModel {
  const issues: Issue[] = [];
  const name = props?.name;
  if (typeof name !== "string" || !DNS_LABEL.test(name) || name.length > 63) {
    issues.push({ path: "name", message: `${JSON.stringify(name)} is not a lowercase DNS label (a-z, 0-9, '-'; at most 63 characters)` });
  }
  const { checks, origin } = mapChecks(props, issues);
  const match = mapMatch(props.match, issues);
  const enforcement = mapEnforcement(props.enforcementAction, issues);
  const exemptions = mapExemptions(props.exemptions, issues);
  const customChecks = mapCustom(props, checks, issues);
  if (checks.length === 0 && customChecks.length === 0) issues.push({ path: "checks", message: "the policy has no checks (set pss, psp, checks or custom)" });
  for (const c of checks) {
    const cn = constraintName(String(name), c.check);
    if (cn.length > 63) issues.push({ path: `checks.${c.check}`, message: `constraint name "${cn}" would be longer than 63 characters; shorten the policy name` });
  }
  for (const c of customChecks) {
    const cn = constraintName(String(name), c.id);
    if (cn.length > 63) issues.push({ path: `custom`, message: `constraint name "${cn}" would be longer than 63 characters; shorten the policy name or the id` });
  }
  const allIds = [...checks.map((c) => c.check), ...customChecks.map((c) => c.id)];
  const cases = mapCases(props, allIds, match, issues);
  if (props.engines !== undefined && (!Array.isArray(props.engines) || props.engines.length === 0 || props.engines.some((e) => e !== "rego" && e !== "cel"))) {
    issues.push({ path: "engines", message: `${JSON.stringify(props.engines)}: expected a non-empty list of "rego" and "cel"` });
  }
  if (issues.length) throw new PolicyDefinitionError(String(name), issues);
  return {
    kind: "Policy",
    name,
    description: props.description ?? "",
    origin: origin.length ? origin.join(", then ") : "custom checks",
    checks,
    customChecks,
    match,
    enforcement,
    exemptions,
    cases,
    expandWorkloads: props.expandWorkloads ?? false,
    ...(props.engines ? { engines: (["cel", "rego"] as const).filter((e) => props.engines!.includes(e)) } : {}),
  };
}
