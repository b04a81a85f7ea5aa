/**
 * Start-up (issue 8): the whole `gpc audit` process on one pod, as CI and editors run it —
 * `node bin/gpc.js audit --policy policies/pss-restricted.ts one-pod.yaml`, and the same with all
 * of `policies/` — with the default `--engine both` (and pss-restricted with `--engine rego`, for
 * reference). Measured as wall time of a new process: cold (empty cache folder: policies bundled
 * and built, templates compiled, CEL parsed, no code cache) and warm (the cache filled by previous
 * runs, V8's code cache included: nothing rebuilt), with `node -e 0` as the floor; wall time, and
 * CPU time (user + system, through GNU time when present), which a busy machine disturbs less.
 * Runs the compiled CLI (dist/ and its bundle; `npm run build:ts`).
 * Goal, warm: ≤ 0.35 s against pss-restricted, ≤ 0.6 s against all of policies/ (gator on one
 * pod with the 16 restricted templates: 0.75 s).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { freshBundle } from "../src/cli/launch.js";

const root = join(new URL(".", import.meta.url).pathname, "..");
const RUNS = 7;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {privileged: true}
`;

/** GNU time, for the CPU time of a child process (user + system), when the machine has it. */
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Wall and CPU time of one process, in seconds; throws unless it exits with one of `codes`. */
function time(args: string[], env: Record<string, string>, codes: number[]): { wall: number; cpu?: number } {
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ["-f", "gpc-bench-cpu %U %S", process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  const wall = (performance.now() - t0) / 1000;
  if (!codes.includes(r.status ?? -1)) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const m = /gpc-bench-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return m ? { wall, cpu: Number(m[1]) + Number(m[2]) } : { wall };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => `${x.toFixed(2)} s`;
function summary(runs: { wall: number; cpu?: number }[]): string {
  const wall = runs.map((r) => r.wall), cpu = runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
  return `wall median ${fmt(median(wall))}, min ${fmt(Math.min(...wall))}${cpu.length ? `; cpu (user+sys) median ${fmt(median(cpu))}, min ${fmt(Math.min(...cpu))}` : ""}`;
}

export async function startupBench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "gpc-startup-"));
  const pod = join(dir, "one-pod.yaml");
  writeFileSync(pod, POD);
  const lines: string[] = [];
  if (!freshBundle(join(root, "dist/src/cli/launch.js"))) lines.push("WARNING: dist/src/cli/bundle/cli.cjs is missing or stale: run `npm run build:ts` (these figures are of the unbundled CLI)");
  try {
    const floor = Array.from({ length: RUNS }, () => time(["-e", "0"], {}, [0]));
    lines.push(`node -e 0: ${summary(floor)}`);
    const cases = [
      ["pss-restricted", "policies/pss-restricted.ts", [], 0.35],
      ["all of policies/", "policies", [], 0.6],
      ["pss-restricted, --engine rego", "policies/pss-restricted.ts", ["--engine", "rego"], undefined],
    ] as const;
    for (const [label, policy, extra, goal] of cases) {
      const cache = join(dir, `cache-${label.replace(/\W+/g, "-")}`);
      const args = ["bin/gpc.js", "audit", "--policy", policy, ...extra, pod];
      const cold = time(args, { GPC_CACHE_DIR: cache }, [1]);
      time(args, { GPC_CACHE_DIR: cache }, [1]); // the first warm run writes V8's code cache
      const warm = Array.from({ length: RUNS }, () => time(args, { GPC_CACHE_DIR: cache }, [1]));
      const m = median(warm.map((r) => r.wall));
      const verdict = goal === undefined ? "" : `; goal ≤ ${goal} s wall: ${m <= goal ? "met" : "NOT met"}`;
      lines.push(`gpc audit, one pod, ${label}, warm: ${summary(warm)} (${RUNS} runs${verdict})`);
      lines.push(`gpc audit, one pod, ${label}, cold: wall ${fmt(cold.wall)}${cold.cpu === undefined ? "" : `, cpu ${fmt(cold.cpu)}`}`);
    }
    lines.push(`load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs (figures are only comparable on an idle machine; CPU time is disturbed less)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
