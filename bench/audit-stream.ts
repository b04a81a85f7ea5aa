/**
 * Streaming audit at scale (issue 7): `kubectl get pods -A -o yaml`-shaped Lists of 10,000,
 * 50,000 and 100,000 pods (about 0.5 KB each, 1 in 10 privileged) and a 100,000-document YAML
 * stream, audited against `pss-baseline` through `auditPaths` — the path `gpc audit` takes —
 * each in a fresh process so its peak RSS is its own. Reported: input size, wall time, pods/s,
 * peak RSS, findings. Goal: peak RSS ≤ 400 MiB at every size, time linear in the pod count.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");

function pod(i: number, indent: string): string {
  return `${indent}apiVersion: v1
${indent}kind: Pod
${indent}metadata:
${indent}  name: web-${i}
${indent}  namespace: team-${i % 17}
${indent}  labels:
${indent}    app: web
${indent}spec:
${indent}  securityContext:
${indent}    runAsNonRoot: true
${indent}    seccompProfile:
${indent}      type: RuntimeDefault
${indent}  containers:
${indent}  - name: app
${indent}    image: nginx:1.25
${indent}    ports:
${indent}    - containerPort: 8080
${indent}    securityContext:
${indent}      allowPrivilegeEscalation: false
${indent}      privileged: ${i % 10 === 0 ? "true" : "false"}
${indent}      capabilities:
${indent}        drop:
${indent}        - ALL
`;
}

/** Writes `n` pods as a List (`list`) or a multi-document stream, without holding the text. */
export function writePods(path: string, n: number, shape: "list" | "stream"): void {
  const fd = openSync(path, "w");
  try {
    if (shape === "list") writeSync(fd, "apiVersion: v1\nitems:\n");
    for (let i = 0; i < n; i++) writeSync(fd, shape === "list" ? `- ${pod(i, "  ").slice(2)}` : `${i ? "---\n" : ""}${pod(i, "")}`);
    if (shape === "list") writeSync(fd, "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
  } finally {
    closeSync(fd);
  }
}

/** Run in a child: audit one file, print one JSON line. */
async function child(file: string): Promise<void> {
  const { buildProject } = await import("../src/gatekeeper/artifacts.js");
  const { auditPaths } = await import("../src/engine/audit.js");
  const { artifacts } = await buildProject({ inputs: ["policies/pss-baseline.ts"], cwd: root });
  const t0 = performance.now();
  const r = await auditPaths(artifacts!, [file], { jobs: 1 });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, pods: r.objects, findings: r.findings.length, errors: r.inputErrors.filter((e) => e.severity === "error").length, rssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

/** The streaming section of `npm run bench`. */
export async function auditStreamBench(sizes = [10_000, 50_000, 100_000]): Promise<string[]> {
  const lines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "gpc-bench-stream-"));
  try {
    const runs: [number, "list" | "stream"][] = [...sizes.map((n) => [n, "list"] as [number, "list"]), [sizes[sizes.length - 1]!, "stream"]];
    for (const [n, shape] of runs) {
      const file = join(dir, `pods-${shape}-${n}.yaml`);
      writePods(file, n, shape);
      const bytes = statSync(file).size;
      const r = spawnSync(process.execPath, ["--import", "tsx", join(here, "audit-stream.ts"), "--child", file], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      rmSync(file, { force: true });
      const last = (r.stdout ?? "").trim().split("\n").pop() ?? "";
      let x: { ms: number; pods: number; findings: number; errors: number; rssMiB: number };
      try { x = JSON.parse(last); } catch { throw new Error(`child failed (exit ${r.status}): ${(r.stderr ?? "").slice(0, 500)}`); }
      lines.push(`${shape === "list" ? "List (kubectl -o yaml)" : "multi-document stream"} of ${n.toLocaleString("en-US")} pods, ${(bytes / 1048576).toFixed(1)} MiB: ${(x.ms / 1000).toFixed(1)} s = ${Math.round(x.pods / (x.ms / 1000))} pods/s, peak RSS ${x.rssMiB.toFixed(0)} MiB (goal ≤ 400) ${x.rssMiB <= 400 ? "OK" : "OVER GOAL"}; ${x.pods} objects, ${x.findings} findings, ${x.errors} input errors`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[2] === "--child") await child(process.argv[3]!);
else if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const l of await auditStreamBench(sizes.length ? sizes : undefined)) console.log(l);
}
