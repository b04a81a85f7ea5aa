/**
 * Gatekeeper's match semantics (`spec.match` of a Constraint or an ExpansionTemplate's source),
 * as in gatekeeper `pkg/mutation/match` and `pkg/wildcard`.
 *
 * Input: a `match` block and the object under review (with its Namespace when known).
 * Output: whether every matcher passes — or the first matcher that excluded the object, which
 * `explainMismatch` turns into a sentence — or a `MatchError` (Gatekeeper turns that into an
 * auto-reject violation), e.g. when a namespaceSelector needs a Namespace nobody supplied.
 */
import type { GVK, K8sObject } from "./types.js";

/** `apiGroups` + `kinds` of one `match.kinds[]` entry. */
export interface KindSelector {
  apiGroups?: string[];
  kinds?: string[];
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A label selector that is only read (the DSL's model, or a `LabelSelector`). */
export interface ReadonlyLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** The `spec.match` block. */
export interface Match {
  kinds?: KindSelector[];
  scope?: string;
  namespaces?: string[];
  excludedNamespaces?: string[];
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  name?: string;
  source?: string;
}

/** The thing being matched: an object, whether it is an expansion resultant, and its namespace. */
export interface Matchable {
  readonly object: K8sObject;
  readonly gvk: GVK;
  /** The Namespace object named by `object.metadata.namespace`, when known. */
  readonly namespace?: K8sObject;
  /** True for resources produced by an ExpansionTemplate. */
  readonly generated?: boolean;
}

/** Matching could not be decided; Gatekeeper auto-rejects with this message. */
export class MatchError extends Error {
  override name = "MatchError";
}

/** Splits `apiVersion` into group and version (`v1` → core group `""`). */
export function gvkOf(obj: { apiVersion?: unknown; kind?: unknown }): GVK {
  const av = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  const slash = av.lastIndexOf("/");
  return {
    group: slash < 0 ? "" : av.slice(0, slash),
    version: slash < 0 ? av : av.slice(slash + 1),
    kind: typeof obj.kind === "string" ? obj.kind : "",
  };
}

/** Gatekeeper's wildcard: `*` at the start, the end or both (suffix, prefix, contains); else exact. */
export function wildcardMatches(pattern: string, candidate: string): boolean {
  const pre = pattern.startsWith("*");
  const suf = pattern.endsWith("*") && pattern.length > (pre ? 1 : 0);
  if (pattern === "*") return true;
  if (pre && suf) return candidate.includes(pattern.slice(1, -1));
  if (pre) return candidate.endsWith(pattern.slice(1));
  if (suf) return candidate.startsWith(pattern.slice(0, -1));
  return pattern === candidate;
}

/** The pattern Gatekeeper's CRD enforces on namespace wildcards. */
export const NAMESPACE_WILDCARD = /^\*?[-:a-z0-9]*\*?$/;

/** Problems in a label selector that Gatekeeper's constraint validation rejects; `[]` when valid. */
export function labelSelectorProblems(sel: LabelSelector | undefined, path: string): string[] {
  if (!sel) return [];
  const out: string[] = [];
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const vs = e.values ?? [];
    switch (e.operator) {
      case "In":
      case "NotIn":
        if (vs.length === 0) out.push(`${path}.matchExpressions[${i}]: values must be non-empty for operator ${e.operator}`);
        break;
      case "Exists":
      case "DoesNotExist":
        if (vs.length > 0) out.push(`${path}.matchExpressions[${i}]: values must be empty for operator ${e.operator}`);
        break;
      default:
        out.push(`${path}.matchExpressions[${i}]: unknown operator ${JSON.stringify(e.operator)}`);
    }
  });
  return out;
}

/** Kubernetes label selector semantics; an absent selector matches everything. */
export function labelSelectorMatches(sel: ReadonlyLabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!sel) return true;
  const ls = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (ls[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(ls, e.key);
    const vs = e.values ?? [];
    switch (e.operator) {
      case "In": if (!has || !vs.includes(ls[e.key]!)) return false; break;
      case "NotIn": if (has && vs.includes(ls[e.key]!)) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function isNamespace(gvk: GVK): boolean {
  return gvk.group === "" && gvk.kind === "Namespace";
}

function kindsMatch(kinds: KindSelector[] | undefined, gvk: GVK): boolean {
  if (!kinds || kinds.length === 0) return true;
  return kinds.some((k) => {
    const ks = k.kinds ?? [], gs = k.apiGroups ?? [];
    const kindOk = ks.length === 0 || ks.includes("*") || ks.includes(gvk.kind);
    const groupOk = gs.length === 0 || gs.includes("*") || gs.includes(gvk.group);
    return kindOk && groupOk;
  });
}

/** A matcher of `spec.match`, named as in the constraint. */
export type Matcher = "kinds" | "scope" | "namespaces" | "excludedNamespaces" | "labelSelector" | "namespaceSelector" | "name" | "source";

/**
 * Whether one object passes every matcher of `match`. Throws `MatchError` when a
 * namespaceSelector needs the object's Namespace and it was not supplied.
 */
export function matches(match: Match | undefined, t: Matchable): boolean {
  return mismatch(match, t) === undefined;
}

/**
 * The first matcher of `match` (in Gatekeeper's order) that excludes the object, or undefined
 * when the object matches. Throws `MatchError` as `matches` does.
 */
export function mismatch(match: Match | undefined, t: Matchable): Matcher | undefined {
  if (!match) return undefined;
  const { object, gvk } = t;
  const ns = object.metadata?.namespace ?? "";
  const isNs = isNamespace(gvk);
  const name = object.metadata?.name ?? "";

  if (!kindsMatch(match.kinds, gvk)) return "kinds";

  if (match.scope === "Cluster" && !(isNs || ns === "")) return "scope";
  if (match.scope === "Namespaced" && (isNs || ns === "")) return "scope";

  // For a Namespace its own name is compared; other cluster-scoped objects always pass.
  const nsName = isNs ? name : ns;
  const nsApplies = isNs || ns !== "";
  if (match.namespaces && match.namespaces.length > 0 && nsApplies) {
    if (!match.namespaces.some((p) => wildcardMatches(p, nsName))) return "namespaces";
  }
  if (match.excludedNamespaces && match.excludedNamespaces.length > 0 && nsApplies) {
    if (match.excludedNamespaces.some((p) => wildcardMatches(p, nsName))) return "excludedNamespaces";
  }

  if (!labelSelectorMatches(match.labelSelector, object.metadata?.labels)) return "labelSelector";

  if (match.namespaceSelector) {
    if (isNs) {
      if (!labelSelectorMatches(match.namespaceSelector, object.metadata?.labels)) return "namespaceSelector";
    } else if (ns !== "") {
      if (!t.namespace) throw new MatchError(`namespace selector: Namespace ${JSON.stringify(ns)} is unknown; supply it with the inputs`);
      if (!labelSelectorMatches(match.namespaceSelector, t.namespace.metadata?.labels)) return "namespaceSelector";
    }
  }

  if (match.name) {
    const generateName = typeof object.metadata?.generateName === "string" ? object.metadata.generateName : "";
    const ok = wildcardMatches(match.name, name) || (match.name.endsWith("*") && generateName !== "" && wildcardMatches(match.name, generateName));
    if (!ok) return "name";
  }

  const source = match.source ?? "All";
  if (source === "Original" && t.generated) return "source";
  if (source === "Generated" && !t.generated) return "source";
  return undefined;
}

const show = (v: unknown): string => JSON.stringify(v);

function showSelector(sel: LabelSelector | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) parts.push(e.values?.length ? `${e.key} ${e.operator} (${e.values.join(", ")})` : `${e.operator === "DoesNotExist" ? "!" : ""}${e.key}`);
  return `{${parts.join(", ")}}`;
}

function showLabels(labels: Record<string, string> | undefined): string {
  const parts = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `{${parts.join(", ")}}` : "no labels";
}

/** One sentence saying how `matcher` (from `mismatch`) excluded the object. */
export function explainMismatch(matcher: Matcher, match: Match, t: Matchable): string {
  const { object, gvk } = t;
  const ns = object.metadata?.namespace ?? "";
  const name = object.metadata?.name ?? "";
  const nsName = isNamespace(gvk) ? name : ns;
  switch (matcher) {
    case "kinds": {
      const kinds = (match.kinds ?? []).map((k) => `${(k.apiGroups ?? []).map((g) => g || "core").join("|") || "*"}/${(k.kinds ?? []).join("|") || "*"}`);
      return `kind ${gvk.group || "core"}/${gvk.kind} is not in match.kinds [${kinds.join(", ")}]`;
    }
    case "scope":
      return `match.scope is ${match.scope} and the object is ${isNamespace(gvk) || ns === "" ? "cluster-scoped" : `namespaced (namespace ${show(ns)})`}`;
    case "namespaces":
      return `namespace ${show(nsName)} is not in match.namespaces ${show(match.namespaces)}`;
    case "excludedNamespaces":
      return `namespace ${show(nsName)} is excluded by match.excludedNamespaces pattern ${show(match.excludedNamespaces!.find((p) => wildcardMatches(p, nsName)))}`;
    case "labelSelector":
      return `labels ${showLabels(object.metadata?.labels)} do not satisfy match.labelSelector ${showSelector(match.labelSelector)}`;
    case "namespaceSelector": {
      const labels = isNamespace(gvk) ? object.metadata?.labels : t.namespace?.metadata?.labels;
      return `namespace ${show(nsName)} with ${showLabels(labels)} does not satisfy match.namespaceSelector ${showSelector(match.namespaceSelector)}`;
    }
    case "name":
      return `name ${show(name)} does not match match.name ${show(match.name)}`;
    case "source":
      return `match.source is ${match.source} and the object is ${t.generated ? "generated by expansion" : "an original object"}`;
  }
}
