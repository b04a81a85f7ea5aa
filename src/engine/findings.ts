/**
 * Findings: engine violations turned into report rows for `gpc audit`, and their order.
 *
 * Input: a reviewed manifest and its `ReviewResult`. Output: `LocatedFinding`s — one per
 * violation, against the manifest's own object (expanded workloads report against the workload).
 */
import { isDeny } from "./enforcement.js";
import type { LocatedFinding, Manifest, ReviewResult } from "./types.js";

/** One finding per violation of `result`, against `m`'s object. */
export function toFindings(m: Manifest, result: ReviewResult): LocatedFinding[] {
  const o = m.object;
  const object = { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata?.namespace ?? "", name: o.metadata?.name ?? (typeof o.metadata?.generateName === "string" ? o.metadata.generateName : "") };
  return result.violations.map((v) => ({
    object,
    policy: v.policy ?? "",
    constraint: { kind: v.constraint.kind, name: v.constraint.name },
    enforcementAction: v.enforcementAction,
    message: v.msg,
    details: v.details,
    source: m.source,
  }));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Total order: object (apiVersion, kind, namespace, name), policy, constraint, action, message. */
export function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return cmp(a.object.apiVersion, b.object.apiVersion) || cmp(a.object.kind, b.object.kind) ||
    cmp(a.object.namespace, b.object.namespace) || cmp(a.object.name, b.object.name) ||
    cmp(a.policy, b.policy) || cmp(a.constraint.kind, b.constraint.kind) || cmp(a.constraint.name, b.constraint.name) ||
    cmp(a.enforcementAction, b.enforcementAction) || cmp(a.message, b.message) ||
    cmp(a.source?.file ?? "", b.source?.file ?? "") || (a.source?.document ?? 0) - (b.source?.document ?? 0) || (a.source?.item ?? 0) - (b.source?.item ?? 0);
}

/** Whether any finding blocks admission (gator and `gpc audit` exit 1). */
export function hasDeny(findings: readonly { enforcementAction: string }[]): boolean {
  return findings.some((f) => isDeny(f));
}
