/**
 * Findings: engine violations turned into report rows for `gpc audit`, and their order.
 *
 * Input: a reviewed manifest and its `ReviewResult`. Output: `LocatedFinding`s — one per
 * violation, against the manifest's own object (expanded workloads report against the workload)
 * — and `NotChecked` rows for objects whose pods no constraint could check (never a pass).
 */
import { isDeny } from "./enforcement.js";
import type { Finding, LocatedFinding, Manifest, ManifestSource, ReviewResult } from "./types.js";
import { byCodeUnits as cmp } from "../order.js";

/** An object whose pods were not checked by any constraint, and why. */
export interface NotChecked {
  readonly object: Finding["object"];
  readonly reason: string;
  readonly source: ManifestSource;
}

/** The object columns of a report row. */
export function objectRef(o: Manifest["object"]): Finding["object"] {
  const md = o.metadata ?? {};
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: typeof md.namespace === "string" ? md.namespace : "", name: typeof md.name === "string" ? md.name : typeof md.generateName === "string" ? md.generateName : "" };
}

/** One finding per violation of `result`, against `m`'s object. */
export function toFindings(m: Manifest, result: ReviewResult): LocatedFinding[] {
  const object = objectRef(m.object);
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

/** Order of not-checked rows: object, then source. */
export function compareNotChecked(a: NotChecked, b: NotChecked): number {
  return cmp(a.object.apiVersion, b.object.apiVersion) || cmp(a.object.kind, b.object.kind) || cmp(a.object.namespace, b.object.namespace) || cmp(a.object.name, b.object.name) ||
    cmp(a.source.file, b.source.file) || a.source.document - b.source.document || (a.source.item ?? 0) - (b.source.item ?? 0);
}

/** Appends `xs` to `into` one by one (no argument spreading: arrays may be large). */
export function append<T>(into: T[], xs: Iterable<T>): void {
  for (const x of xs) into.push(x);
}
