/**
 * Audit reports: findings rendered as a table (people), JSON (scripts) or SARIF 2.1.0
 * (code-scanning uploads). Input: sorted findings plus run totals. Output: the text to print.
 */
import type { Finding, LocatedFinding } from "../types.js";

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

/** Findings grouped by object, one line per finding, and a summary line. */
export function renderAuditTable(findings: readonly LocatedFinding[], summary: AuditSummary): string {
  const lines: string[] = [];
  let last = "";
  for (const f of findings) {
    const head = `${objectLabel(f)}  (${where(f)})`;
    if (head !== last) { if (last) lines.push(""); lines.push(head); last = head; }
    lines.push(`  ${f.enforcementAction.padEnd(6)}  ${f.constraint.kind}/${f.constraint.name}  ${f.message}`);
  }
  const byAction = new Map<string, number>();
  for (const f of findings) byAction.set(f.enforcementAction, (byAction.get(f.enforcementAction) ?? 0) + 1);
  const objs = new Set(findings.map((f) => `${f.object.apiVersion}/${f.object.kind}/${f.object.namespace}/${f.object.name}/${f.source?.file}/${f.source?.document}/${f.source?.item}`)).size;
  const parts = [...byAction.entries()].sort().map(([a, n]) => `${n} ${a}`).join(", ");
  if (lines.length) lines.push("");
  lines.push(`${findings.length} finding${findings.length === 1 ? "" : "s"}${parts ? ` (${parts})` : ""} in ${objs} of ${summary.objects} object${summary.objects === 1 ? "" : "s"}; ${summary.policies} polic${summary.policies === 1 ? "y" : "ies"}, ${summary.constraints} constraint${summary.constraints === 1 ? "" : "s"}; ${(summary.ms / 1000).toFixed(2)} s`);
  return lines.join("\n") + "\n";
}

/** One JSON array of findings, in the given (sorted) order, without source locations. */
export function renderAuditJson(findings: readonly LocatedFinding[]): string {
  const rows: Finding[] = findings.map((f) => ({
    object: { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name },
    policy: f.policy,
    constraint: { kind: f.constraint.kind, name: f.constraint.name },
    enforcementAction: f.enforcementAction,
    message: f.message,
    details: f.details,
  }));
  return JSON.stringify(rows, null, 2) + "\n";
}

const LEVEL: Record<string, "error" | "warning" | "note"> = { deny: "error", warn: "warning", dryrun: "note" };

/** SARIF 2.1.0: one rule per (policy, constraint kind), one result per finding, located by file and line. */
export function renderAuditSarif(findings: readonly LocatedFinding[], toolVersion: string): string {
  const rules = new Map<string, { id: string; name: string; shortDescription: { text: string }; properties: { policy: string } }>();
  const ruleId = (f: Finding) => `${f.policy || "gpc"}/${f.constraint.kind}`;
  for (const f of findings) {
    const id = ruleId(f);
    if (!rules.has(id)) rules.set(id, { id, name: f.constraint.kind, shortDescription: { text: `${f.constraint.kind} (policy ${f.policy || "unknown"})` }, properties: { policy: f.policy } });
  }
  const ruleList = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
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
    properties: { constraint: `${f.constraint.kind}/${f.constraint.name}`, enforcementAction: f.enforcementAction, details: f.details },
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "gpc", version: toolVersion, rules: ruleList } }, results }],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
