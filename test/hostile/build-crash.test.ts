/**
 * Crash safety of `gpc build`'s output swap: SIGKILL at every step of the writer (deterministic
 * crash points, GPC_TEST_CRASH_AT, in both swap modes) and after random delays while files are
 * written slowly (GPC_TEST_WRITE_DELAY_MS). After every kill the out folder is the old tree or
 * the new one, byte for byte, nothing but `.gpc-tmp/` is left beside it, and the next build
 * leaves no leftovers at all. Kills go to the compiled CLI (`bin/gpc.js build`) and, for most
 * of them, to a small driver calling the same compiled writer (dist/), which starts ten times
 * faster than the CLI loads policies. `--out .` and `--out <policy folder>` are refused.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runBuild } from "../../src/cli/commands/build.js";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/gpc.js");
const DIST_OUTPUT = join(ROOT, "dist/src/gatekeeper/output.js");
const FIX = join(import.meta.dirname, "build-crash");
const tmp = mkdtempSync(join(tmpdir(), "gpc-crash-"));
const started = Date.now();

type Tree = Record<string, string>;

function snapshot(dir: string): Tree {
  const out: Tree = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name), `${rel}${n.name}/`);
      else out[`${rel}${n.name}`] = readFileSync(join(d, n.name), "utf8");
    }
  };
  walk(dir, "");
  return out;
}

const env = (extra: Record<string, string> = {}) => ({ ...process.env, GPC_FSYNC: "0", ...extra });

function cli(args: string[], cwd: string, extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: env(extra), timeout: 60_000 });
}

// The two trees, built once (by the same build the CLI runs).
const ref = join(tmp, "ref");
mkdirSync(ref);
for (const v of ["v1", "v2"]) {
  let err = "";
  const code = await runBuild({ inputs: [join(FIX, v)], out: join(ref, v), check: false, "rego-version": "v0" }, { out: () => {}, err: (s) => { err += s; } }, ROOT);
  if (code !== 0) throw new Error(`reference build ${v} failed: ${err}`);
}
const OLD = snapshot(join(ref, "v1")), NEW = snapshot(join(ref, "v2"));
const treeFile = (t: Tree, name: string) => { const p = join(tmp, name); writeFileSync(p, JSON.stringify(t)); return p; };
const TREES = [treeFile(OLD, "v1.json"), treeFile(NEW, "v2.json")];

// The driver: the compiled writer alone, as `gpc build` calls it.
const driver = join(tmp, "driver.mjs");
writeFileSync(driver, `import { writeOutDir } from ${JSON.stringify(pathToFileURL(DIST_OUTPUT).href)};
import { readFileSync } from "node:fs";
const [tree, out, cwd] = process.argv.slice(2);
await writeOutDir(new Map(Object.entries(JSON.parse(readFileSync(tree, "utf8")))), out, { cwd, sources: [] });
`);
const { writeOutDir } = (await import(pathToFileURL(DIST_OUTPUT).href)) as typeof import("../../src/gatekeeper/output.js");

const same = (a: Tree, b: Tree) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The state after a kill: the old or the new tree exactly, and only gpc's staging folder beside
 * it. With `allowAbsent` (the two-rename swap, killed between its renames) the folder may be
 * missing, with the old tree whole in .gpc-tmp/ for the next build to put back.
 */
function assertOldOrNew(parent: string, what: string, allowAbsent = false): "old" | "new" | "absent" {
  const out = join(parent, "gen");
  const beside = readdirSync(parent).filter((n) => n !== "gen");
  assert.ok(beside.every((n) => n === ".gpc-tmp"), `${what}: only .gpc-tmp beside the out folder, found ${beside.join(", ")}`);
  if (!existsSync(out) && allowAbsent) {
    const olds = readdirSync(join(parent, ".gpc-tmp")).filter((n) => /^gen\.old-/.test(n));
    assert.is(olds.length, 1, `${what}: the displaced tree is in .gpc-tmp`);
    assert.ok(same(snapshot(join(parent, ".gpc-tmp", olds[0]!)), OLD) || same(snapshot(join(parent, ".gpc-tmp", olds[0]!)), NEW), `${what}: the displaced tree is whole`);
    return "absent";
  }
  assert.ok(existsSync(out), `${what}: the out folder exists`);
  const snap = snapshot(out);
  const which = same(snap, OLD) ? "old" : same(snap, NEW) ? "new" : undefined;
  assert.ok(which, `${what}: the out folder is neither the old nor the new tree: ${Object.keys(snap).join(", ")}`);
  return which!;
}

/** The next build (in this process, the same compiled writer) restores order and leaves nothing behind. */
async function assertNextBuildCleans(parent: string, tree: Tree, treePath: string, what: string): Promise<void> {
  await writeOutDir(new Map(Object.entries(JSON.parse(readFileSync(treePath, "utf8")) as Tree)), join(parent, "gen"), { cwd: tmp, sources: [] });
  assert.ok(same(snapshot(join(parent, "gen")), tree), `${what}: the next build writes the tree`);
  assert.equal(readdirSync(parent), ["gen"], `${what}: the next build leaves no leftovers`);
}

let kills = 0;
const seen = { old: 0, new: 0, absent: 0 };

/** The points the writer passes, in order; `file:N` after each file. */
const POINTS = (mode: "exchange" | "rename"): string[] => [
  "staged", ...Object.keys(NEW).map((_, i) => `file:${i + 1}`), "written",
  ...(mode === "exchange" ? ["exchanged"] : ["between-renames", "renamed"]), "cleaned",
];

for (const mode of ["exchange", "rename"] as const) {
  test(`driver: SIGKILL at every crash point (${mode} swap): old or new tree, next build cleans up`, async () => {
    const parent = join(tmp, `points-${mode}`);
    mkdirSync(parent);
    await writeOutDir(new Map(Object.entries(OLD)), join(parent, "gen"), { cwd: tmp, sources: [] });
    const extra: Record<string, string> = mode === "rename" ? { GPC_SWAP: "rename" } : {};
    for (const point of POINTS(mode)) {
      // Write the new tree over the old one, killed at `point`.
      const r = spawnSync(process.execPath, [driver, TREES[1]!, join(parent, "gen"), tmp], { encoding: "utf8", env: env({ ...extra, GPC_TEST_CRASH_AT: point }), timeout: 30_000 });
      assert.is(r.signal, "SIGKILL", `${mode} ${point}: killed (status ${r.status}, ${r.stderr})`);
      kills++;
      const which = assertOldOrNew(parent, `${mode} ${point}`, point === "between-renames");
      seen[which]++;
      // Up to the swap the old tree stands; from the swap on, the new one; between the two renames, neither.
      const expected = point === "between-renames" ? "absent" : ["exchanged", "renamed", "cleaned"].includes(point) ? "new" : "old";
      assert.is(which, expected, `${mode} ${point}`);
      // The next build cleans up (and puts a displaced tree back first); then back to the old tree.
      await assertNextBuildCleans(parent, NEW, TREES[1]!, `${mode} ${point}`);
      await assertNextBuildCleans(parent, OLD, TREES[0]!, `${mode} ${point}`);
    }
  });
}

test("driver: SIGKILL after random delays while files are written slowly", async () => {
  let seed = Number(process.env.GPC_CRASH_SEED ?? Date.now() % 100000);
  console.log(`  random kills: GPC_CRASH_SEED=${seed}`);
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const parent = join(tmp, "random");
  mkdirSync(parent);
  await writeOutDir(new Map(Object.entries(OLD)), join(parent, "gen"), { cwd: tmp, sources: [] });
  let toNew = true;
  // Until 16 kills landed (at most 64 runs): a run that finished before its kill shrinks the delay
  // range, so the count does not depend on how fast this machine is today.
  let maxDelay = 260;
  for (let i = 0, landed = 0; landed < 16 && i < 64; i++) {
    const extra: Record<string, string> = i % 2 ? { GPC_SWAP: "rename" } : {};
    const child = spawn(process.execPath, [driver, TREES[toNew ? 1 : 0]!, join(parent, "gen"), tmp], { env: env({ ...extra, GPC_TEST_WRITE_DELAY_MS: "4" }), stdio: "ignore" });
    const delay = Math.min(60, maxDelay / 4) + Math.floor(rand() * (maxDelay - Math.min(60, maxDelay / 4)));
    const exit = await new Promise<string>((res) => {
      const t = setTimeout(() => child.kill("SIGKILL"), delay);
      child.on("exit", (code, sig) => { clearTimeout(t); res(sig ?? `exit ${code}`); });
    });
    if (exit === "SIGKILL") { kills++; landed++; } else maxDelay = Math.max(40, Math.floor(maxDelay * 0.75));
    const which = assertOldOrNew(parent, `random kill ${i} after ${delay} ms (${exit})`, i % 2 === 1);
    seen[which]++;
    await assertNextBuildCleans(parent, toNew ? NEW : OLD, TREES[toNew ? 1 : 0]!, `random kill ${i}`);
    toNew = !toNew;
  }
});

test("gpc build (the CLI): SIGKILL inside the writer and after random delays", async () => {
  const parent = join(tmp, "cli");
  mkdirSync(parent);
  assert.is(cli(["build", join(FIX, "v1"), "--out", join(parent, "gen")], ROOT).status, 0);
  for (const point of ["file:3", "written", "exchanged"]) {
    const r = cli(["build", join(FIX, "v2"), "--out", join(parent, "gen")], ROOT, { GPC_TEST_CRASH_AT: point });
    assert.is(r.signal, "SIGKILL", `${point}: killed (${r.stderr})`);
    kills++;
    assert.is(assertOldOrNew(parent, `cli ${point}`), point === "exchanged" ? "new" : "old");
    await assertNextBuildCleans(parent, OLD, TREES[0]!, `cli ${point}`);
  }
  // Random delays on the real CLI: the write window is widened so that some kills land in it.
  for (let i = 0; i < 2; i++) {
    const child = spawn(process.execPath, [BIN, "build", join(FIX, i % 2 ? "v1" : "v2"), "--out", join(parent, "gen")], { cwd: ROOT, env: env({ GPC_TEST_WRITE_DELAY_MS: "60" }), stdio: "ignore" });
    const exit = await new Promise<string>((res) => {
      let t: NodeJS.Timeout | undefined;
      // Kill once the staging folder appears (the writer started), after a random part of the window.
      const poll = setInterval(() => {
        if (existsSync(join(parent, ".gpc-tmp")) && !t) t = setTimeout(() => child.kill("SIGKILL"), Math.floor(Math.random() * 300));
      }, 5);
      child.on("exit", (code, sig) => { clearInterval(poll); if (t) clearTimeout(t); res(sig ?? `exit ${code}`); });
    });
    if (exit === "SIGKILL") kills++;
    assertOldOrNew(parent, `cli random kill ${i} (${exit})`);
    await assertNextBuildCleans(parent, i % 2 ? OLD : NEW, TREES[i % 2 ? 0 : 1]!, `cli random kill ${i}`);
  }
  // And the next real build after a kill cleans up too.
  const k = cli(["build", join(FIX, "v2"), "--out", join(parent, "gen")], ROOT, { GPC_TEST_CRASH_AT: "written" });
  assert.is(k.signal, "SIGKILL");
  kills++;
  assert.is(assertOldOrNew(parent, "cli written"), "old");
  const r = cli(["build", join(FIX, "v2"), "--out", join(parent, "gen")], ROOT);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, "gpc build: removed 1 leftover folder(s) of interrupted builds\n");
  assert.ok(same(snapshot(join(parent, "gen")), NEW));
  assert.equal(readdirSync(parent), ["gen"]);
});

test("--out . and --out <the policy folder> are refused with exit 2, nothing touched", () => {
  const repo = join(tmp, "repo");
  mkdirSync(join(repo, "policies"), { recursive: true });
  mkdirSync(join(repo, ".git"));
  writeFileSync(join(repo, "package.json"), "{}\n");
  writeFileSync(join(repo, "policies/tiny.ts"), readFileSync(join(FIX, "v1/tiny.ts"), "utf8").replace("../../../../src/index.js", join(ROOT, "src/index.js")));
  const before = snapshot(repo);
  const dot = cli(["build", "--out", "."], repo);
  assert.is(dot.status, 2);
  assert.is(dot.stderr, "gpc build: refusing to replace .: it is the current folder; give the output its own folder (default: generated)\n");
  const pol = cli(["build", "--out", "policies"], repo);
  assert.is(pol.status, 2);
  assert.is(pol.stderr, "gpc build: refusing to replace policies: it is the policy source policies\n");
  assert.equal(snapshot(repo), before);
  assert.equal(readdirSync(repo).sort(), [".git", "package.json", "policies"]);
});

test("summary", () => {
  console.log(`  ${kills} kills (${seen.old} left the old tree, ${seen.new} the new one, ${seen.absent} the two-rename gap) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(kills >= 50, `at least 50 kills, got ${kills}`);
  assert.ok(seen.old > 0 && seen.new > 0, "kills landed on both sides of the swap");
  assert.ok(statSync(tmp).isDirectory());
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
