/**
 * Audit throughput (issue: `gpc test` and `gpc audit`): 2,000 pods against `pss-restricted`,
 * through the same library path as `gpc audit --format json` — read multi-document YAML files,
 * review every pod with every constraint, sort and render the findings.
 *
 * The pods are the PSA `restricted` fixtures of the newest version (allowed and denied ones),
 * repeated with distinct names and namespaces, written as 20 files of 100 documents.
 * Reported: pods per second, wall time cold (empty Wasm cache: compiles every template) and warm
 * (disk cache filled, new process state: loads only), peak RSS of the process, findings.
 * Goal: warm audit of 2,000 pods under 1.5 s.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import { buildProject } from "../src/gatekeeper/artifacts.js";
import { auditPaths } from "../src/engine/audit.js";
import { hasDeny } from "../src/engine/findings.js";
import { renderAuditJson } from "../src/engine/report/audit.js";
import { WasmCache } from "../src/engine/wasm.js";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");
const psa = join(root, "../shared/conformance/psa/restricted");

/** Writes `n` pods into `dir` as files of 100 documents; returns how many were denied by PSA. */
function writePods(dir: string, n: number): number {
  const latest = readdirSync(psa).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))).pop()!;
  const base: { pod: Record<string, any>; fail: boolean }[] = [];
  for (const kind of ["pass", "fail"]) {
    for (const f of readdirSync(join(psa, latest, kind)).sort()) base.push({ pod: load(readFileSync(join(psa, latest, kind, f), "utf8")) as Record<string, any>, fail: kind === "fail" });
  }
  let denied = 0;
  for (let file = 0; file * 100 < n; file++) {
    const docs: unknown[] = [];
    for (let i = file * 100; i < Math.min(n, (file + 1) * 100); i++) {
      const b = base[i % base.length]!;
      if (b.fail) denied++;
      docs.push({ ...b.pod, metadata: { ...b.pod.metadata, name: `${b.pod.metadata.name}-${i}`, namespace: `team-${i % 17}` } });
    }
    writeFileSync(join(dir, `pods-${String(file).padStart(2, "0")}.yaml`), docs.map((d) => dump(d)).join("---\n"));
  }
  return denied;
}

async function auditOnce(dir: string, cacheDir: string, artifacts: NonNullable<Awaited<ReturnType<typeof buildProject>>["artifacts"]>, jobs?: number) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const cache = new WasmCache({ cacheDir });
  const r = await auditPaths(artifacts, [dir], { cache, engine: "rego", ...(jobs ? { jobs } : {}) });
  const json = renderAuditJson(r.findings);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (r.inputErrors.length) throw new Error(`bench input errors: ${r.inputErrors.map((e) => e.message).join("; ")}`);
  if (r.problems.length) throw new Error(`policy problems: ${r.problems.map((p) => `${p.subject}: ${p.message.split("\n")[0]}`).join("; ")}`);
  const deniedObjects = new Set(r.findings.filter((f) => hasDeny([f])).map((f) => `${f.object.namespace}/${f.object.name}`)).size;
  return { ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, jobs: r.jobs, pods: r.objects, findings: r.findings.length, deniedObjects, bytes: json.length, stats: cache.stats };
}

/** The audit-throughput section of `npm run bench`. */
export async function auditBench(n = 2000): Promise<string[]> {
  const lines: string[] = [];
  const work = mkdtempSync(join(tmpdir(), "gpc-bench-audit-"));
  try {
    const dir = join(work, "pods");
    mkdirSync(dir);
    const psaDenied = writePods(dir, n);
    const tb = performance.now();
    const { artifacts, diagnostics } = await buildProject({ inputs: ["policies/pss-restricted.ts"], cwd: root });
    if (!artifacts) throw new Error(`pss-restricted does not build: ${diagnostics.map((d) => d.message).join("; ")}`);
    lines.push(`policy build (pss-restricted, ${artifacts.templates.length} templates, ${artifacts.policies[0]!.constraints.length} constraints): ${(performance.now() - tb).toFixed(0)} ms (not included below)`);
    const cacheDir = join(work, "cache");
    const cold = await auditOnce(dir, cacheDir, artifacts);
    lines.push(`audit cold (empty Wasm cache, ${cold.stats.compiles} compiles in ${cold.stats.compileMs.toFixed(0)} ms): ${cold.pods} pods in ${cold.ms.toFixed(0)} ms = ${Math.round(cold.pods / (cold.ms / 1000))} pods/s`);
    const warm = await auditOnce(dir, cacheDir, artifacts);
    lines.push(`audit warm (disk cache, ${warm.stats.diskHits} modules loaded in ${warm.stats.loadMs.toFixed(0)} ms; ${warm.jobs} worker thread${warm.jobs === 1 ? "" : "s"}): ${warm.pods} pods in ${warm.ms.toFixed(0)} ms = ${Math.round(warm.pods / (warm.ms / 1000))} pods/s, main-thread CPU ${warm.cpuMs.toFixed(0)} ms (goal < 1500 ms wall) ${warm.ms < 1500 ? "OK" : "OVER GOAL"}`);
    lines.push(`machine load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${cpus().length} CPUs (wall times inflate under load; CPU time less so)`);
    const seq = await auditOnce(dir, cacheDir, artifacts, 1);
    lines.push(`audit warm, sequential (1 thread): ${seq.pods} pods in ${seq.ms.toFixed(0)} ms = ${Math.round(seq.pods / (seq.ms / 1000))} pods/s, CPU ${seq.cpuMs.toFixed(0)} ms`);
    lines.push(`findings: ${warm.findings} on ${warm.deniedObjects} denied pods (PSA denies ${psaDenied}); JSON report ${(warm.bytes / 1024).toFixed(0)} KiB`);
    lines.push(`peak RSS of the bench process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  for (const l of await auditBench()) console.log(l);
}
