/**
 * Audit reports: findings rendered as a table (people), JSON (scripts) or SARIF 2.1.0
 * (code-scanning uploads). Input: sorted findings, sorted not-checked objects, run totals.
 * Output: the text to print. A not-checked object is a row of its own in every format
 * (`not-checked` in the table and JSON's `enforcementAction`, a `gpc/not-checked` SARIF error).
 */
import type { NotChecked } from "../findings.js";
import type { Finding, LocatedFinding } from "../types.js";
import { byCodeUnits as cmp } from "../../order.js";


/** The action shown for objects whose pods no constraint checked. */
export const NOT_CHECKED = "not-checked";

/** Not-checked objects as report rows (the constraint is empty), to render beside findings. */
function notCheckedRows(rows: readonly NotChecked[]): LocatedFinding[] {
  return rows.map((n) => ({ object: n.object, policy: "", constraint: { kind: "", name: "" }, enforcementAction: NOT_CHECKED, message: n.reason, details: {}, source: n.source }));
}

/** Totals printed under the table. */
export interface AuditSummary {
  readonly objects: number;
  readonly policies: number;
  readonly constraints: number;
  readonly ms: number;
}

function objectLabel(f: Finding): string {
  const o = f.object;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

function where(f: LocatedFinding): string {
  if (!f.source) return "";
  const s = f.source;
  return `${s.file}:${s.line}${s.item !== undefined ? ` items[${s.item}]` : ""}`;
}

/** Findings grouped by object, one line per finding, not-checked objects after them, and a summary line. */
export function renderAuditTable(findings: readonly LocatedFinding[], summary: AuditSummary, notChecked: readonly NotChecked[] = []): string {
  const lines: string[] = [];
  let last = "";
  for (const f of findings) {
    const head = `${objectLabel(f)}  (${where(f)})`;
    if (head !== last) { if (last) lines.push(""); lines.push(head); last = head; }
    lines.push(`  ${f.enforcementAction.padEnd(6)}  ${f.constraint.kind}/${f.constraint.name}  ${f.message}`);
  }
  for (const f of notCheckedRows(notChecked)) {
    if (last) lines.push("");
    last = "x";
    lines.push(`${objectLabel(f)}  (${where(f)})`);
    lines.push(`  ${NOT_CHECKED}  ${f.message}`);
  }
  const byAction = new Map<string, number>();
  for (const f of findings) byAction.set(f.enforcementAction, (byAction.get(f.enforcementAction) ?? 0) + 1);
  const objs = new Set(findings.map((f) => `${f.object.apiVersion}/${f.object.kind}/${f.object.namespace}/${f.object.name}/${f.source?.file}/${f.source?.document}/${f.source?.item}`)).size;
  const parts = [...byAction.entries()].sort().map(([a, n]) => `${n} ${a}`).join(", ");
  if (lines.length) lines.push("");
  const nc = notChecked.length ? `, ${notChecked.length} not checked` : "";
  lines.push(`${findings.length} finding${findings.length === 1 ? "" : "s"}${parts ? ` (${parts})` : ""} in ${objs} of ${summary.objects} object${summary.objects === 1 ? "" : "s"}${nc}; ${summary.policies} polic${summary.policies === 1 ? "y" : "ies"}, ${summary.constraints} constraint${summary.constraints === 1 ? "" : "s"}; ${(summary.ms / 1000).toFixed(2)} s`);
  return lines.join("\n") + "\n";
}

/** One JSON array of findings, in the given (sorted) order, then the not-checked rows, without source locations. */
export function renderAuditJson(findings: readonly LocatedFinding[], notChecked: readonly NotChecked[] = []): string {
  const rows: Finding[] = [...findings, ...notCheckedRows(notChecked)].map((f) => ({
    object: { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name },
    policy: f.policy,
    constraint: { kind: f.constraint.kind, name: f.constraint.name },
    enforcementAction: f.enforcementAction,
    message: f.message,
    details: f.details,
  }));
  return JSON.stringify(rows, null, 2) + "\n";
}

const LEVEL: Record<string, "error" | "warning" | "note"> = { deny: "error", warn: "warning", dryrun: "note", [NOT_CHECKED]: "error" };

/** SARIF 2.1.0: one rule per (policy, constraint kind), one result per finding, located by file and line. */
export function renderAuditSarif(given: readonly LocatedFinding[], toolVersion: string, notChecked: readonly NotChecked[] = []): string {
  const findings = [...given, ...notCheckedRows(notChecked)];
  const rules = new Map<string, { id: string; name: string; shortDescription: { text: string }; properties: { policy: string } }>();
  const ruleId = (f: Finding) => (f.enforcementAction === NOT_CHECKED ? `gpc/${NOT_CHECKED}` : `${f.policy || "gpc"}/${f.constraint.kind}`);
  for (const f of findings) {
    const id = ruleId(f);
    if (!rules.has(id)) rules.set(id, f.enforcementAction === NOT_CHECKED
      ? { id, name: "NotChecked", shortDescription: { text: "an object whose pods no constraint checked" }, properties: { policy: "" } }
      : { id, name: f.constraint.kind, shortDescription: { text: `${f.constraint.kind} (policy ${f.policy || "unknown"})` }, properties: { policy: f.policy } });
  }
  const ruleList = [...rules.values()].sort((a, b) => cmp(a.id, b.id));
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  const results = findings.map((f) => ({
    ruleId: ruleId(f),
    ruleIndex: index.get(ruleId(f)),
    level: LEVEL[f.enforcementAction] ?? "warning",
    message: { text: `${objectLabel(f)}: ${f.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: f.source ? (f.source.file === "-" ? "stdin" : f.source.file.split("\\").join("/")) : "unknown" },
        region: { startLine: f.source?.line ?? 1 },
      },
      logicalLocations: [{ fullyQualifiedName: `${f.object.apiVersion}/${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ""}${f.object.name}`, kind: "resource" }],
    }],
    properties: f.enforcementAction === NOT_CHECKED ? { enforcementAction: f.enforcementAction } : { constraint: `${f.constraint.kind}/${f.constraint.name}`, enforcementAction: f.enforcementAction, details: f.details },
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "gpc", version: toolVersion, rules: ruleList } }, results }],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
