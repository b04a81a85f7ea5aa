/**
 * Audit: policies evaluated on manifests, as `gator test` does with a folder of objects.
 *
 * Input: build artifacts and loaded manifests. Output: sorted findings (workload violations
 * reported against the workload) and any review errors. Namespace objects among the manifests
 * serve namespaceSelector matching and `namespaceObject`; every manifest is also `data.inventory`.
 */
import type { Artifacts } from "../gatekeeper/artifacts.js";
import { createEngine, type EngineProblem } from "./engine.js";
import { compareFindings, toFindings } from "./findings.js";
import { gvkOf } from "./match.js";
import type { K8sObject, LocatedFinding, Manifest } from "./types.js";
import { WasmCache } from "./wasm.js";

/** What an audit produced. */
export interface AuditResult {
  readonly findings: LocatedFinding[];
  /** Reviews that errored (a violation whose msg is not a string), located. */
  readonly errors: { readonly manifest: Manifest; readonly message: string }[];
  /** Templates or constraints that could not be used. */
  readonly problems: EngineProblem[];
  readonly constraints: number;
}

/** Options of `auditManifests`. */
export interface AuditOptions {
  readonly cache?: WasmCache;
}

/** Evaluates every policy of `artifacts` on every manifest. */
export async function auditManifests(artifacts: Artifacts, manifests: readonly Manifest[], opts: AuditOptions = {}): Promise<AuditResult> {
  const expansionTemplates = uniqueByName(artifacts.policies.flatMap((p) => p.expansionTemplates));
  const engine = await createEngine({
    templates: artifacts.templates,
    constraints: artifacts.policies.flatMap((p) => p.constraints.map((constraint) => ({ constraint, policy: p.name }))),
    expansionTemplates,
    cache: opts.cache ?? new WasmCache(),
  });
  const namespaces = new Map<string, K8sObject>();
  for (const m of manifests) {
    const g = gvkOf(m.object);
    if (g.group === "" && g.kind === "Namespace" && m.object.metadata?.name) namespaces.set(m.object.metadata.name, m.object);
  }
  engine.setInventory(manifests.map((m) => m.object));
  const findings: LocatedFinding[] = [];
  const errors: { manifest: Manifest; message: string }[] = [];
  for (const m of manifests) {
    const r = engine.review({ object: m.object, operation: "CREATE", namespaces });
    findings.push(...toFindings(m, r));
    for (const e of r.errors) errors.push({ manifest: m, message: `${e.constraint ? `${e.constraint.kind}/${e.constraint.name}: ` : ""}${e.message}` });
  }
  findings.sort(compareFindings);
  return { findings, errors, problems: [...engine.problems], constraints: engine.constraintCount };
}

function uniqueByName(xs: readonly K8sObject[]): K8sObject[] {
  const m = new Map<string, K8sObject>();
  for (const x of xs) m.set(x.metadata?.name ?? "", x);
  return [...m.values()];
}
