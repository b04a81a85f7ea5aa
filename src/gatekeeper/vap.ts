/**
 * Native ValidatingAdmissionPolicy output (`gpc build --vap`): the same CEL, run by the API server
 * itself (admissionregistration.k8s.io/v1, Kubernetes ≥ 1.30), without Gatekeeper.
 *
 * Input: a policy model, its constraints (kind, parameters with the policy's exemptions merged)
 * and each constraint's CEL program. Output: per constraint one ValidatingAdmissionPolicy +
 * ValidatingAdmissionPolicyBinding named `gpc-<constraint>`, and notes on what the policy's match
 * and enforcement cannot say there (reported at build time).
 *
 * Parameters are inlined: a VAP variable `params` holds the constraint's parameters as a CEL
 * literal (printed and escaped by src/cel/print.ts, wrapped in `dyn()` as Gatekeeper's params
 * are dynamic), and `anyObject` is bound as Gatekeeper binds it, so the checks' CEL runs
 * unchanged. No paramKind: the policy needs no CRD and no Gatekeeper.
 *
 * Match: kinds → `matchConstraints.resourceRules` (resource = the kind's plural, operations
 * CREATE and UPDATE, as Gatekeeper's webhook); scope → the rules' `scope`; labelSelector (with the
 * pod-label exemptions) → the binding's objectSelector; namespaceSelector → namespaceSelector;
 * namespaces / excludedNamespaces (with Gatekeeper's `*` prefix/suffix rules; cluster-scoped
 * objects pass) and name (trailing `*` also matching generateName) → `matchConditions`.
 * Actions: deny → Deny, warn → Warn, dryrun → Audit; `scoped`: the actions listed for
 * `vap.k8s.io` (or `*`). Workload expansion has no VAP form: Pods are checked when created.
 */
import { and, call, eq, ident, lit, list, macro, method, ne, not, or, sel, str, type CelProgram, type Expr } from "../cel/ast.js";
import { celSource } from "../cel/emit.js";
import { print } from "../cel/print.js";
import { resourceOf } from "../engine/review.js";
import type { PolicyModel } from "../model/index.js";
import type { K8sObject } from "./artifacts.js";

/** One constraint's VAP ingredients. */
export interface VapInput {
  readonly constraint: K8sObject;
  readonly cel: CelProgram;
}

/**
 * JSON → a CEL literal expression. Kubernetes' CEL environment requires homogeneous aggregate
 * literals, so every list element and map value is wrapped in `dyn()`: `{"a": dyn([dyn("x")]), …}`.
 */
export function celLiteral(v: unknown): Expr {
  if (v === null || v === undefined) return lit(null);
  if (typeof v === "string" || typeof v === "boolean") return lit(v);
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new Error(`parameter value ${v} is not an integer; only integer parameters can be inlined`);
    return lit(BigInt(v));
  }
  if (Array.isArray(v)) return list(...v.map((x) => call("dyn", celLiteral(x))));
  return { kind: "Map", entries: Object.entries(v as Record<string, unknown>).map(([k, x]) => [str(k), call("dyn", celLiteral(x))] as const) };
}

/** `request.namespace` matches a Gatekeeper namespace pattern (`*` at the start and/or end). */
function nsMatches(ns: Expr, pattern: string): Expr {
  const pre = pattern.startsWith("*"), suf = pattern.endsWith("*") && pattern.length > 1;
  const core = pattern.slice(pre ? 1 : 0, suf ? -1 : undefined);
  if (pre && suf) return method(ns, "contains", str(core));
  if (pre) return method(ns, "endsWith", str(core));
  if (suf) return method(ns, "startsWith", str(core));
  return eq(ns, str(pattern));
}

const ACTION: Readonly<Record<string, string>> = { deny: "Deny", warn: "Warn", dryrun: "Audit" };

/** The VAP objects of one policy and what could not be expressed. */
export function vapObjects(model: PolicyModel, inputs: readonly VapInput[]): { objects: K8sObject[]; notes: string[] } {
  const notes: string[] = [];
  const m = model.match;
  const e = model.enforcement;
  let actions: string[];
  if (e.action === "scoped") {
    actions = [...new Set(e.scoped.filter((s) => s.enforcementPoints.includes("vap.k8s.io") || s.enforcementPoints.includes("*")).map((s) => ACTION[s.action]!))].sort();
    if (actions.includes("Deny") && actions.includes("Warn")) actions = actions.filter((a) => a !== "Warn");
    if (!actions.length) {
      notes.push(`policy "${model.name}": --vap: no scoped enforcement action lists vap.k8s.io; no ValidatingAdmissionPolicy is written`);
      return { objects: [], notes };
    }
  } else actions = [ACTION[e.action]!];
  if (model.expandWorkloads) notes.push(`policy "${model.name}": --vap: workload expansion has no ValidatingAdmissionPolicy form; the VAP checks Pods (workloads when they create them)`);

  const resourceRules = m.kinds.map((k) => ({
    apiGroups: k.apiGroups.length ? [...k.apiGroups] : ["*"],
    apiVersions: ["*"],
    operations: ["CREATE", "UPDATE"],
    resources: !k.kinds.length || k.kinds.includes("*") ? ["*"] : k.kinds.map(resourceOf).sort(),
    ...(m.scope === "Cluster" || m.scope === "Namespaced" ? { scope: m.scope } : {}),
  }));
  const matchConditions: { name: string; expression: string }[] = [];
  const ns = sel(ident("request"), "namespace");
  const clusterScoped = eq(ns, str(""));
  if (m.namespaces) matchConditions.push({ name: "gpc_namespaces", expression: print(or(clusterScoped, ...m.namespaces.map((p) => nsMatches(ns, p)))) });
  if (m.excludedNamespaces?.length) matchConditions.push({ name: "gpc_excluded_namespaces", expression: print(or(clusterScoped, not(or(...m.excludedNamespaces.map((p) => nsMatches(ns, p)))))) });
  if (m.name !== undefined) {
    const obj = ident("obj");
    const meta = sel(obj, "metadata");
    const byName = (f: string) => and({ kind: "Has", operand: meta, field: f }, m.name!.endsWith("*") ? method(sel(meta, f), "startsWith", str(m.name!.slice(0, -1))) : eq(sel(meta, f), str(m.name!)));
    const one = m.name.endsWith("*") ? or(byName("name"), byName("generateName")) : byName("name");
    matchConditions.push({ name: "gpc_name", expression: print(macro("exists", list(ident("object"), ident("oldObject")), "obj", and(ne(obj, lit(null)), one))) });
  }

  const objects: K8sObject[] = [];
  for (const { constraint, cel } of inputs) {
    const name = `gpc-${constraint.metadata.name}`;
    const params = ((constraint.spec ?? {}) as { parameters?: unknown }).parameters ?? {};
    const src = celSource(cel) as { variables: { name: string; expression: string }[]; validations: unknown[] };
    const labels = { "app.kubernetes.io/managed-by": "gpc", "gpc.dev/policy": model.name, "gpc.dev/check": constraint.metadata.labels?.["gpc.dev/check"] ?? "" };
    objects.push({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name, labels },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: { resourceRules: structuredClone(resourceRules) },
        ...(matchConditions.length ? { matchConditions: structuredClone(matchConditions) } : {}),
        variables: [
          { name: "anyObject", expression: print({ kind: "Cond", cond: and({ kind: "Has", operand: ident("request"), field: "operation" }, eq(sel(ident("request"), "operation"), str("DELETE")), eq(ident("object"), lit(null))), then: ident("oldObject"), else: ident("object") }) },
          { name: "params", expression: print(call("dyn", celLiteral(params))) },
          ...src.variables,
        ],
        validations: src.validations,
      },
    });
    const binding: Record<string, unknown> = { policyName: name, validationActions: [...actions] };
    const mr: Record<string, unknown> = {};
    const ls = ((constraint.spec as { match?: { labelSelector?: unknown } }).match ?? {}).labelSelector;
    if (ls) mr.objectSelector = structuredClone(ls);
    if (m.namespaceSelector) mr.namespaceSelector = structuredClone(m.namespaceSelector);
    if (Object.keys(mr).length) binding.matchResources = mr;
    objects.push({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name, labels }, spec: binding });
  }
  return { objects, notes };
}
