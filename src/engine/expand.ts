/**
 * Workload expansion, as Gatekeeper's ExpansionTemplates do it (gatekeeper `pkg/expansion`).
 *
 * Input: an object and the ExpansionTemplates in force. Output: the resultant "mock" resources:
 * for each template whose `applyTo` names the object's group, version and kind, the field at
 * `templateSource` becomes an object of `generatedGVK`, in the parent's namespace, named
 * `<parent name>-<lowercase kind>`. Resultants are expanded again (CronJob → Job → Pod) with
 * cycle protection. Violations of a resultant are reported against the parent, prefixed with
 * `[Implied by <template name>]`, with the template's `enforcementAction` when it sets one.
 */
import { gvkOf } from "./match.js";
import type { GVK, K8sObject } from "./types.js";

/** One resultant of expansion. */
export interface Resultant {
  readonly object: K8sObject;
  /** The ExpansionTemplate that generated it. */
  readonly templateName: string;
  /** `spec.enforcementAction` of that template, when set (overrides constraint actions). */
  readonly enforcementAction?: string;
}

interface ExpansionSpec {
  applyTo?: { groups?: string[]; kinds?: string[]; versions?: string[] }[];
  templateSource?: string;
  generatedGVK?: { group?: string; version?: string; kind?: string };
  enforcementAction?: string;
}

function applies(t: K8sObject, gvk: GVK): boolean {
  const spec = (t.spec ?? {}) as ExpansionSpec;
  return (spec.applyTo ?? []).some((a) =>
    (a.groups ?? []).includes(gvk.group) && (a.kinds ?? []).includes(gvk.kind) && (a.versions ?? []).includes(gvk.version));
}

/** The field at a dotted path, when it is an object. */
function nested(obj: unknown, path: string): Record<string, unknown> | undefined {
  let cur: unknown = obj;
  for (const p of path.split(".")) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return typeof cur === "object" && cur !== null && !Array.isArray(cur) ? cur as Record<string, unknown> : undefined;
}

/** Problems that make Gatekeeper refuse an ExpansionTemplate. */
export function expansionTemplateProblems(t: K8sObject): string[] {
  const spec = (t.spec ?? {}) as ExpansionSpec;
  const n = t.metadata?.name ?? "";
  const out: string[] = [];
  if (!n) out.push("ExpansionTemplate has an empty name");
  if (!spec.templateSource) out.push(`ExpansionTemplate ${n}: empty templateSource`);
  const g = spec.generatedGVK ?? {};
  if (!g.kind && !g.version && !g.group) out.push(`ExpansionTemplate ${n}: empty generatedGVK`);
  return out;
}

/** Expands one object into its resultants (recursively), in template-name order. */
export function expand(obj: K8sObject, templates: readonly K8sObject[], seen: ReadonlySet<string> = new Set()): Resultant[] {
  const gvk = gvkOf(obj);
  const out: Resultant[] = [];
  const sorted = [...templates].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
  for (const t of sorted) {
    if (!applies(t, gvk)) continue;
    const name = t.metadata?.name ?? "";
    if (seen.has(name)) continue;
    const spec = (t.spec ?? {}) as ExpansionSpec;
    const src = nested(obj, spec.templateSource ?? "");
    if (!src) continue;
    const g = spec.generatedGVK ?? {};
    const child = structuredClone(src) as Record<string, unknown>;
    const meta = { ...((child.metadata as Record<string, unknown> | undefined) ?? {}) };
    const kind = g.kind ?? "";
    meta.name = `${obj.metadata?.name ?? ""}${kind ? "-" : ""}${kind}`.toLowerCase();
    if (obj.metadata?.namespace) meta.namespace = obj.metadata.namespace;
    else delete meta.namespace;
    const resultant = { ...child, apiVersion: g.group ? `${g.group}/${g.version ?? ""}` : (g.version ?? ""), kind, metadata: meta } as K8sObject;
    const r: Resultant = spec.enforcementAction ? { object: resultant, templateName: name, enforcementAction: spec.enforcementAction } : { object: resultant, templateName: name };
    out.push(r);
    const deeper = new Set(seen); deeper.add(name);
    for (const d of expand(resultant, templates, deeper)) {
      out.push(d.enforcementAction || !r.enforcementAction ? d : { ...d, enforcementAction: r.enforcementAction });
    }
  }
  return out;
}
