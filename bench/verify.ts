/**
 * `gpc verify` speed (issue 9): the whole process (`node bin/gpc.js verify …`, as a user runs
 * it, dist/ built), warm cache (one run first fills `.gpc-cache`: Wasm modules and parsed YAML),
 * on suite sets:
 * - this repository's: generated/... (gpc's own suites) and test/verify/fixtures/ok;
 * - gatekeeper-library's library/general and library/pod-security-policy, when
 *   GATEKEEPER_LIBRARY names a checkout (never committed here; gator verify takes 3.3 s on it).
 * Reported: median wall time of 3 warm runs (and its CPU time, user + system: on a loaded
 * machine the better measure), the cold run, suites ok/failed, exit code.
 * Goal: ≤ 0.25 × gator verify on the same suites (≤ 0.83 s for the library's 49).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = join(new URL(".", import.meta.url).pathname, "..");
const GATOR_LIBRARY_SECONDS = 3.3;

/** CPU seconds (user + system) of waited-for children so far, from /proc (Linux), else NaN. */
function childCpu(): number {
  try {
    const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch { return NaN; }
}

function run(cwd: string, paths: string[], cacheDir: string): { ms: number; cpu: number; code: number | null; ok: number; failed: number } {
  const c0 = childCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, "bin/gpc.js"), "verify", ...paths], { cwd, encoding: "utf8", env: { ...process.env, GPC_CACHE_DIR: cacheDir } });
  const ms = performance.now() - t0;
  const cpu = childCpu() - c0;
  const lines = (r.stdout ?? "").split("\n");
  return { ms, cpu, code: r.status, ok: lines.filter((l) => l.startsWith("ok\t")).length, failed: lines.filter((l) => l.startsWith("FAIL\t")).length };
}

function measure(label: string, cwd: string, paths: string[], gator?: number): string[] {
  const cache = mkdtempSync(join(tmpdir(), "gpc-bench-verify-"));
  try {
    const cold = run(cwd, paths, cache);
    const warm = [run(cwd, paths, cache), run(cwd, paths, cache), run(cwd, paths, cache)].sort((a, b) => a.ms - b.ms);
    const med = warm[1]!;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return [
      `${label}: ${med.ok} suites ok, ${med.failed} failed (exit ${med.code})`,
      `  warm ${s(med.ms)} wall, ${med.cpu.toFixed(2)} s CPU (median of 3: ${warm.map((w) => s(w.ms)).join(", ")}), cold ${s(cold.ms)}` +
        (gator ? `; ${(med.ms / 1000 / gator).toFixed(2)}× gator verify (${gator} s), goal ≤ 0.25×` : ""),
    ];
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

export async function verifyBench(): Promise<string[]> {
  const out = [`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`];
  out.push(...measure("gpc suites (generated/..., test/verify/fixtures/ok)", root, ["generated/...", "test/verify/fixtures/ok"]));
  const lib = process.env.GATEKEEPER_LIBRARY;
  if (lib) out.push(...measure(`gatekeeper-library (${lib})`, lib, ["library/general/...", "library/pod-security-policy/..."], GATOR_LIBRARY_SECONDS));
  else out.push("gatekeeper-library: set GATEKEEPER_LIBRARY=/path/to/checkout to include it");
  return out;
}
