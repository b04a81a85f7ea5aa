/**
 * Hostile inputs through the real CLI (`gpc audit`, from the sources under tsx), two at a time.
 * For every case of ./cases.ts, beside a privileged pod: no stack trace, exit in {0,1,2} and in
 * the case's set, under 30 s of CPU time (wall time when /usr/bin/time is missing; on a shared
 * machine wall time measures the neighbours too) and 1 GiB peak RSS, killed after 120 s of wall
 * time, the privileged pod reported, and the case's own expectations. `GPC_HOSTILE=<regex>` runs
 * only the matching cases, `GPC_HOSTILE_VERBOSE=1` prints each case's figures.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CASES, type HostileCase } from "./cases.js";

const root = new URL("../..", import.meta.url).pathname;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const LIMIT_MS = 30_000;
const KILL_MS = 120_000;
const LIMIT_RSS_KB = 1024 * 1024;
const VICTIM = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: victim\n  namespace: hostile\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n";

interface Run { code: number | null; out: string; err: string; ms: number; cpuMs: number | undefined; rssKb: number | undefined; timedOut: boolean }

function peakRss(pid: number): number | undefined {
  try { const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8")); return m ? Number(m[1]) : undefined; } catch { return undefined; }
}

async function run(c: HostileCase): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "gpc-hostile-"));
  const victim = join(dir, "victim.yaml");
  writeFileSync(victim, VICTIM);
  const s = c.setup(dir);
  const cli = ["--import", "tsx", join(root, "test/hostile/cli.ts"), "audit", "-p", "policies/pss-baseline.ts", "-f", "json", ...(s.flags ?? []), victim, ...s.paths];
  const stdin = s.stdin ? openSync(s.stdin, "r") : "ignore";
  let bg: ChildProcess | undefined;
  if (s.background) bg = spawn("sh", ["-c", s.background], { stdio: "ignore", detached: true });
  const t0 = performance.now();
  const child = TIME
    ? spawn(TIME, ["-f", "GPC_MAXRSS_KB=%M GPC_CPU_S=%U+%S", process.execPath, ...cli], { cwd: root, stdio: [stdin, "pipe", "pipe"], detached: true, env: { ...process.env, FORCE_COLOR: "0" } })
    : spawn(process.execPath, cli, { cwd: root, stdio: [stdin, "pipe", "pipe"], detached: true, env: { ...process.env, FORCE_COLOR: "0" } });
  let out = "", err = "", rss: number | undefined, timedOut = false;
  child.stdout!.on("data", (b: Buffer) => { out += b; });
  child.stderr!.on("data", (b: Buffer) => { err += b; });
  const poll = TIME ? undefined : setInterval(() => { const r = peakRss(child.pid!); if (r) rss = Math.max(rss ?? 0, r); }, 50);
  const kill = setTimeout(() => { timedOut = true; try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, KILL_MS);
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  const ms = performance.now() - t0;
  clearTimeout(kill);
  if (poll) clearInterval(poll);
  if (typeof stdin === "number") closeSync(stdin);
  if (bg) { try { process.kill(-bg.pid!, "SIGKILL"); } catch { /* done */ } }
  const m = /GPC_MAXRSS_KB=(\d+) GPC_CPU_S=([\d.]+)\+([\d.]+)\s*$/.exec(err);
  let cpuMs: number | undefined;
  if (m) { rss = Number(m[1]); cpuMs = (Number(m[2]) + Number(m[3])) * 1000; err = err.slice(0, m.index).replace(/Command exited with non-zero status \d+\n$/, ""); }
  return { code, out, err, ms, cpuMs, rssKb: rss, timedOut };
}

/** Pod names with a `deny` finding, and with any finding, from the JSON report. */
function verdicts(out: string): { denied: Set<string>; any: Set<string> } {
  const rows = JSON.parse(out) as { object: { name: string }; enforcementAction: string }[];
  return { denied: new Set(rows.filter((r) => r.enforcementAction === "deny").map((r) => r.object.name)), any: new Set(rows.map((r) => r.object.name)) };
}

function check(c: HostileCase, r: Run): string[] {
  const bad: string[] = [];
  if (r.timedOut) bad.push(`killed after ${KILL_MS / 1000} s`);
  if (/\n\s+at .+[:(]\d+:\d+\)?/.test(r.err) || /\b(RangeError|TypeError|ReferenceError|internal error)\b/.test(r.err)) bad.push(`stack trace or internal error on stderr:\n${r.err.slice(0, 2000)}`);
  if (r.code === null || ![0, 1, 2].includes(r.code)) bad.push(`exit ${r.code}`);
  else if (!c.exit.includes(r.code as 0 | 1 | 2)) bad.push(`exit ${r.code}, expected ${c.exit.join(" or ")}`);
  const spent = r.cpuMs ?? r.ms;
  if (spent > LIMIT_MS) bad.push(`took ${(spent / 1000).toFixed(1)} s of ${r.cpuMs !== undefined ? "CPU" : "wall"} time (limit ${LIMIT_MS / 1000} s)`);
  if (r.rssKb !== undefined && r.rssKb > LIMIT_RSS_KB) bad.push(`peak RSS ${(r.rssKb / 1024).toFixed(0)} MiB (limit 1024 MiB)`);
  let v: ReturnType<typeof verdicts> | undefined;
  try { v = verdicts(r.out); } catch { bad.push(`stdout is not the JSON report: ${r.out.slice(0, 300)}`); }
  if (v) {
    if (!v.denied.has("victim")) bad.push("the privileged victim pod was not reported");
    for (const n of c.denied ?? []) if (!v.denied.has(n)) bad.push(`${n} should be denied`);
    for (const n of c.allowed ?? []) if (v.any.has(n)) bad.push(`${n} should have no finding`);
  }
  for (const re of c.stderr ?? []) if (!re.test(r.err)) bad.push(`stderr does not match ${re}:\n${r.err.slice(0, 1500)}`);
  for (const re of c.stdout ?? []) if (!re.test(r.out)) bad.push(`stdout does not match ${re}`);
  return bad;
}

const only = process.env.GPC_HOSTILE ? new RegExp(process.env.GPC_HOSTILE) : undefined;
const selected = CASES.filter((c) => !only || only.test(c.name));

test(`hostile inputs (${selected.length} cases): bounded, located, never a pass`, async () => {
  const results: { c: HostileCase; r: Run; bad: string[] }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const c = selected[next++]!;
      const r = await run(c);
      results.push({ c, r, bad: check(c, r) });
    }
  };
  await Promise.all([worker(), worker()]);
  const failed = results.filter((x) => x.bad.length);
  if (process.env.GPC_HOSTILE_VERBOSE) for (const { c, r } of results) console.log(`${(r.ms / 1000).toFixed(1).padStart(5)} s wall ${r.cpuMs !== undefined ? (r.cpuMs / 1000).toFixed(1).padStart(5) : "    ?"} s CPU ${String(r.rssKb ? Math.round(r.rssKb / 1024) : "?").padStart(5)} MiB exit ${r.code}  ${c.name}`);
  assert.equal(failed.map((f) => `${f.c.name}:\n  ${f.bad.join("\n  ")}`), []);
  assert.is(results.length, selected.length);
});

test.run();
