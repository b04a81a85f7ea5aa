/**
 * Sample cases: allowed and denied objects beside each policy, derived from one valid pod by
 * small tweaks (STYLE practice 11).
 *
 * Input: a base pod and mutation callbacks. Output: `SampleCaseProps` values for `definePolicy`.
 */
import { labelSelectorMatches, wildcardMatches } from "../engine/match.js";
import type { K8sObject } from "../gatekeeper/artifacts.js";
import type { MatchModel } from "../model/index.js";
import type { Container, Namespace, Pod } from "./pod.js";

/** One sample case of a policy. */
export interface SampleCaseProps {
  /** Unique in the policy, lowercase DNS label (it names the sample file). @default (required) */
  readonly name: string;
  /** What the policy, all its checks together, must say about `object`. @default (required) */
  readonly expect: "allowed" | "denied";
  /** The object to review, usually a Pod. @default (required) */
  readonly object: Pod | K8sObject;
  /**
   * For denied cases: the check ids (built-in or custom) expected to deny. May be omitted when the
   * policy has exactly one check.
   * @default the policy's only check
   */
  readonly deniedBy?: string | readonly string[];
  /** Go regular expressions (RE2, unanchored), each matching some violation message. @default [] */
  readonly messages?: readonly string[];
  /** Exact number of violations (only with a single `deniedBy`). @default (at least one) */
  readonly count?: number;
  /** Admission operation the case is reviewed as. @default "CREATE" */
  readonly operation?: "CREATE" | "UPDATE" | "DELETE";
  /** Namespace objects, needed when the policy matches by `namespaceSelector`. @default [] */
  readonly namespaces?: readonly Namespace[];
}

/**
 * A pod that passes Pod Security Standards `restricted` at every version: non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root filesystem. It has
 * no namespace: as a sample case it is placed in one that the policy's `match` admits (see
 * `sampleNamespace`), unless the case sets `metadata.namespace` itself.
 */
export function samplePod(name = "sample"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "sample" } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image: "registry.example.com/app:1.0",
          resources: { limits: { cpu: "500m", memory: "128Mi" } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
          },
        },
      ],
    },
  };
}

/** A copy of `base` changed by `mutate` (which may edit the copy in place, or return a new object). */
export function tweak<T extends object>(base: T, mutate: (copy: T) => void | T): T {
  const copy = structuredClone(base);
  const r = mutate(copy);
  return (r ?? copy) as T;
}

/** A copy of `pod` with its first container changed by `mutate`. */
export function tweakContainer(pod: Pod, mutate: (c: Container) => void): Pod {
  return tweak(pod, (p) => {
    const c = p.spec.containers[0];
    if (!c) throw new Error("tweakContainer: the pod has no containers");
    c.securityContext ??= {};
    mutate(c);
  });
}

/** A case the policy must allow. */
export function allowed(name: string, object: Pod | K8sObject, opts: Omit<SampleCaseProps, "name" | "expect" | "object" | "deniedBy" | "messages" | "count"> = {}): SampleCaseProps {
  return { name, expect: "allowed", object, ...opts };
}

/** A case the policy must deny, naming the check(s) that deny it. */
export function denied(name: string, object: Pod | K8sObject, opts: Omit<SampleCaseProps, "name" | "expect" | "object"> = {}): SampleCaseProps {
  return { name, expect: "denied", object, ...opts };
}

/** A Namespace object with labels, for cases of policies with a namespace selector. */
export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** Workload kinds checked through their pod template when a policy sets `expandWorkloads`. */
export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" | "CronJob";

/** Workload kind → apiVersion. */
export const WORKLOAD_API_VERSIONS: Readonly<Record<WorkloadKind, string>> = {
  Deployment: "apps/v1", StatefulSet: "apps/v1", DaemonSet: "apps/v1", ReplicaSet: "apps/v1", ReplicationController: "v1", Job: "batch/v1", CronJob: "batch/v1",
};

/**
 * `pod` wrapped as the pod template of a workload (for policies with `expandWorkloads`): same
 * name, namespace and labels; the selector matches the pod's labels.
 */
export function asWorkload(pod: Pod, kind: WorkloadKind): K8sObject {
  const p = structuredClone(pod);
  const labels = p.metadata.labels ?? {};
  const template = { metadata: { labels }, spec: p.spec };
  const meta = { name: p.metadata.name, ...(p.metadata.namespace ? { namespace: p.metadata.namespace } : {}), labels };
  const apiVersion = WORKLOAD_API_VERSIONS[kind];
  if (kind === "CronJob") return { apiVersion, kind, metadata: meta, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { ...template, spec: { ...p.spec, restartPolicy: "OnFailure" } } } } } };
  if (kind === "Job") return { apiVersion, kind, metadata: meta, spec: { template: { ...template, spec: { ...p.spec, restartPolicy: "OnFailure" } } } };
  if (kind === "ReplicationController") return { apiVersion, kind, metadata: meta, spec: { selector: labels, template } };
  return { apiVersion, kind, metadata: meta, spec: { selector: { matchLabels: labels }, template, ...(kind === "StatefulSet" ? { serviceName: p.metadata.name } : {}) } };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespace names that a `match.namespaces` pattern admits: the name itself, or names built around the wildcard. */
function fromPattern(p: string): string[] {
  if (p === "*") return ["default", "sample"];
  const pre = p.startsWith("*"), suf = p.endsWith("*");
  if (!pre && !suf) return [p];
  const core = p.slice(pre ? 1 : 0, suf ? -1 : undefined);
  return ["sample", "sample2", "sample3"].map((v) => `${pre ? `${v}-` : ""}${core}${suf ? `-${v}` : ""}`.replace(/--+/g, "-").replace(/^-+|-+$/g, ""));
}

/**
 * The namespace a sample object without one is reviewed in: the first concrete namespace that
 * `match` admits — a supplied Namespace the namespaceSelector selects, else a name from
 * `match.namespaces` (a wildcard pattern gets a name built around it: `team-*` → `team-sample`),
 * else `default` — that no `excludedNamespaces` pattern excludes. When nothing qualifies it is
 * `default`, and a denied case then fails saying which matcher excluded it.
 */
export function sampleNamespace(match: MatchModel, namespaces: readonly Namespace[] = []): string {
  const candidates: string[] = [];
  const given = namespaces.map((n) => n.metadata?.name).filter((n): n is string => typeof n === "string");
  if (match.namespaceSelector) candidates.push(...namespaces.filter((n) => labelSelectorMatches(match.namespaceSelector, n.metadata?.labels)).map((n) => n.metadata.name));
  candidates.push(...(match.namespaces?.length ? match.namespaces.flatMap(fromPattern) : ["default", "sample", "gpc-sample"]), ...given);
  const admitted = (ns: string) =>
    DNS_LABEL.test(ns) && ns.length <= 63 &&
    (!match.namespaces?.length || match.namespaces.some((p) => wildcardMatches(p, ns))) &&
    !(match.excludedNamespaces ?? []).some((p) => wildcardMatches(p, ns)) &&
    (!match.namespaceSelector || !given.includes(ns) || labelSelectorMatches(match.namespaceSelector, namespaces.find((n) => n.metadata.name === ns)!.metadata.labels));
  return candidates.find(admitted) ?? "default";
}

/** Kinds whose objects live in a namespace and get a sample namespace when they have none. */
const NAMESPACED_SAMPLE_KINDS: ReadonlySet<string> = new Set(["Pod", ...Object.keys(WORKLOAD_API_VERSIONS)]);

/** `object` (a copy the caller owns) with `metadata.namespace` set by `sampleNamespace` when it is a Pod or workload without one. */
export function withSampleNamespace<T extends { kind?: unknown; metadata?: { namespace?: unknown } }>(object: T, match: MatchModel, namespaces: readonly Namespace[] = []): T {
  if (typeof object?.kind !== "string" || !NAMESPACED_SAMPLE_KINDS.has(object.kind) || !object.metadata || object.metadata.namespace !== undefined) return object;
  object.metadata.namespace = sampleNamespace(match, namespaces);
  return object;
}
