/**
 * `gpc build --out`: what it refuses (exit 2, one line, nothing touched), how it fails (full
 * disk, read-only file system, immutable folder: exit 2, one line, the folder unchanged, nothing
 * left behind), and what it cleans up (leftovers of interrupted builds it recognises as its own).
 * Tests run as root: chmod does not stop root, so a read-only file system, an immutable folder
 * (chattr +i) and a full disk come from small tmpfs mounts and chattr; each is skipped with a
 * printed reason where that is impossible.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { runBuild, type BuildArgs } from "../../src/cli/commands/build.js";
import { MARKER, MARKER_TEXT, outputTree, STAGING, writeOutDir } from "../../src/gatekeeper/output.js";

const ROOT = join(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "gpc-out-"));
const POLICY = join(ROOT, "test/hostile/build-crash/v1/tiny.ts");

// A repository: .git, package.json, policies/.
const repo = join(tmp, "repo");
mkdirSync(join(repo, "policies"), { recursive: true });
mkdirSync(join(repo, ".git"));
writeFileSync(join(repo, "package.json"), "{}\n");
writeFileSync(join(repo, "policies/tiny.ts"), readFileSync(POLICY, "utf8").replace("../../../../src/index.js", join(ROOT, "src/index.js")));

async function run(args: Partial<BuildArgs>, cwd = repo): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runBuild({ out: "generated", check: false, "rego-version": "v0", ...args }, { out: (s) => { out += s; }, err: (s) => { err += s; } }, cwd);
  return { code, out, err };
}

/** A folder's entries, without the build cache that loading policies keeps in the cwd. */
const listing = (dir: string) => readdirSync(dir).filter((n) => n !== ".gpc-cache").sort();

type Tree = Record<string, string>;
function snapshot(dir: string): Tree {
  const out: Tree = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name), `${rel}${n.name}/`);
      else if (n.isSymbolicLink()) out[`${rel}${n.name}`] = "<symlink>";
      else if (n.isFIFO()) out[`${rel}${n.name}`] = "<fifo>";
      else out[`${rel}${n.name}`] = readFileSync(join(d, n.name), "utf8");
    }
  };
  walk(dir, "");
  return out;
}

const isRoot = process.getuid?.() === 0;
function sh(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}
/** A tmpfs of `size` at `dir` (root only); false when it cannot be mounted here. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return isRoot && sh("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]);
}

/** The tree of the tiny policy, built once. */
let TREE: Map<string, string>;

test("a build writes the marker and leaves nothing beside the out folder", async () => {
  const r = await run({});
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^gpc build: wrote generated\/ \(1 policies, 1 templates, 1 constraints, 9 files; 0 changed, 9 added, 0 removed\)\n$/);
  assert.is(readFileSync(join(repo, "generated", MARKER), "utf8"), MARKER_TEXT);
  assert.equal(listing(repo), [".git", "generated", "package.json", "policies"]);
  TREE = new Map(Object.entries(snapshot(join(repo, "generated"))));
});

const refusals: [string, string | (() => string), RegExp][] = [
  ["the current folder", ".", /^gpc build: refusing to replace \.: it is the current folder; give the output its own folder \(default: generated\)\n$/],
  ["an ancestor of the current folder", "..", /^gpc build: refusing to replace \.\.: it contains the current folder\n$/],
  ["the policy sources", "policies", /^gpc build: refusing to replace policies: it is the policy source policies\n$/],
  ["the file system root", "/", /^gpc build: refusing to replace \/: it is the root of the file system\n$/],
  ["the home folder", homedir(), /: it is your home folder\n$/],
  ["a repository root", () => { mkdirSync(join(tmp, "other/.git"), { recursive: true }); return join(tmp, "other"); }, /: it is a repository root \(it holds \.git\)\n$/],
  ["a project root", () => { mkdirSync(join(tmp, "proj"), { recursive: true }); writeFileSync(join(tmp, "proj/package.json"), "{}"); return join(tmp, "proj"); }, /: it is a repository root \(it holds package\.json\)\n$/],
  ["a file", () => { writeFileSync(join(repo, "policies.txt"), "notes\n"); return "policies.txt"; }, /^gpc build: refusing to replace policies\.txt: it is a file, not a folder\n$/],
  ["a path through a file", "package.json/gen", /^gpc build: refusing to replace package\.json\/gen: a folder on its path is a file\n$/],
  ["a symbolic link", () => { mkdirSync(join(tmp, "target"), { recursive: true }); symlinkSync(join(tmp, "target"), join(repo, "link")); return "link"; }, /^gpc build: refusing to replace link: it is a symbolic link; give the folder it points to\n$/],
  ["a folder holding a file without gpc's header", () => { mkdirSync(join(repo, "mine/sub"), { recursive: true }); writeFileSync(join(repo, "mine/sub/notes.md"), "mine\n"); return "mine"; }, /^gpc build: refusing to replace mine: it holds files gpc did not write \(sub\/notes\.md\); move them away or choose another --out\n$/],
  ["a folder holding a FIFO", () => { mkdirSync(join(repo, "fifo"), { recursive: true }); sh("mkfifo", [join(repo, "fifo/pipe")]); return "fifo"; }, /^gpc build: refusing to replace fifo: it holds files gpc did not write \(pipe \(a FIFO\)\)/],
];

const BASE = [".git", ".gpc-cache", "generated", "package.json", "policies"];
for (const [what, out, message] of refusals) {
  test(`refuses ${what}: exit 2, one line, nothing touched`, async () => {
    const o = typeof out === "string" ? out : out();
    const before = snapshot(repo);
    try {
      for (const check of [false, true]) {
        const r = await run({ out: o, check });
        assert.is(r.code, 2, r.err);
        assert.match(r.err, check ? new RegExp(message.source.replace("^gpc build:", "^gpc build --check:")) : message);
        assert.is(r.out, "");
        assert.equal(snapshot(repo), before);
      }
    } finally {
      for (const n of readdirSync(repo)) if (!BASE.includes(n)) rmSync(join(repo, n), { recursive: true, force: true });
    }
  });
}

test("refuses a mount point (EXDEV/EBUSY for rename): exit 2, one line", async () => {
  const mnt = join(repo, "mnt");
  if (!mountTmpfs(mnt, "1m")) { console.log("  skipped: cannot mount a tmpfs here (needs root)"); rmSync(mnt, { recursive: true, force: true }); return; }
  try {
    const r = await run({ out: "mnt" });
    assert.is(r.code, 2);
    assert.is(r.err, "gpc build: refusing to replace mnt: it is a mount point, which cannot be replaced by a rename; write to a folder inside it\n");
    assert.equal(readdirSync(mnt), []);
    // A folder inside it is fine.
    const inside = await run({ out: "mnt/generated" });
    assert.is(inside.code, 0, inside.err);
    assert.equal(readdirSync(mnt), ["generated"]);
  } finally {
    sh("umount", ["-l", mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});

test("accepts a generated/ from before the marker (every file has gpc's header) and adds the marker", async () => {
  const gen = join(repo, "generated");
  rmSync(join(gen, MARKER));
  writeFileSync(join(gen, "tiny/samples/gone.yaml"), "# Sample case \"gone\" of policy \"tiny\", source policies/tiny.ts.\n# Do not edit: generated by gpc (`gpc build`).\n---\n{}\n");
  const check = await run({ check: true });
  assert.is(check.code, 1);
  assert.match(check.err, /missing  \.gpc-output\n/);
  assert.match(check.err, /extra    tiny\/samples\/gone\.yaml\n/);
  const r = await run({});
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /0 changed, 1 added, 1 removed/);
  assert.equal(snapshot(gen), Object.fromEntries(TREE));
});

test("leftovers of interrupted builds are removed by the next build, only those gpc recognises", async () => {
  const gen = join(repo, "generated");
  const staging = join(repo, STAGING);
  // Staging leftovers of dead processes (pid 2^22+ is beyond Linux's pid_max default), marked or empty.
  mkdirSync(join(staging, "generated.new-4999999-0badc0de/tiny"), { recursive: true });
  writeFileSync(join(staging, ".gitignore"), "# gpc build's staging folder (temporary, removed after each build)\n*\n");
  writeFileSync(join(staging, "generated.new-4999999-0badc0de", MARKER), MARKER_TEXT);
  writeFileSync(join(staging, "generated.new-4999999-0badc0de/tiny/README.md"), "<!-- Generated by gpc from x. -->\npartial");
  mkdirSync(join(staging, "generated.old-4999998-00000001"));
  writeFileSync(join(staging, "generated.lock"), "4999999\n");
  // gpc before the marker: `.generated.tmp-PID` and `.generated.old-PID` in the parent.
  mkdirSync(join(repo, ".generated.tmp-4999997/tiny"), { recursive: true });
  writeFileSync(join(repo, ".generated.tmp-4999997/tiny/constraints.yaml"), "# Constraints.\n# Do not edit: generated by gpc (`gpc build`).\n");
  // Not gpc's: same naming, a file without the header: left alone.
  mkdirSync(join(repo, ".generated.old-4999996"));
  writeFileSync(join(repo, ".generated.old-4999996/mine.txt"), "mine\n");
  writeFileSync(join(gen, "tiny/README.md"), readFileSync(join(gen, "tiny/README.md"), "utf8") + "stale\n");
  const r = await run({});
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /^gpc build: removed 3 leftover folder\(s\) of interrupted builds\n$/);
  assert.equal(listing(repo), [".generated.old-4999996", ".git", "generated", "package.json", "policies"]);
  assert.is(readFileSync(join(repo, ".generated.old-4999996/mine.txt"), "utf8"), "mine\n");
  assert.equal(snapshot(gen), Object.fromEntries(TREE));
  rmSync(join(repo, ".generated.old-4999996"), { recursive: true });
});

test("an interrupted two-rename swap (out folder missing, old tree in staging) is put back first", async () => {
  const gen = join(repo, "generated");
  const staging = join(repo, STAGING);
  mkdirSync(staging);
  writeFileSync(join(staging, ".gitignore"), "# gpc build's staging folder (temporary, removed after each build)\n*\n");
  const old = join(staging, "generated.old-4999999-12345678");
  spawnSync("cp", ["-a", gen, old]);
  rmSync(gen, { recursive: true });
  // --check writes nothing: the folder is missing.
  const check = await run({ check: true });
  assert.is(check.code, 1);
  const r = await run({});
  assert.is(r.code, 0, r.err);
  assert.is(r.err, "gpc build: restored generated/ from an interrupted build\n");
  assert.match(r.out, /unchanged/);
  assert.equal(snapshot(gen), Object.fromEntries(TREE));
  assert.not.ok(existsSync(staging));
});

test("a live build's lock is respected; a foreign .gpc-tmp is refused", async () => {
  const staging = join(repo, STAGING);
  mkdirSync(staging);
  writeFileSync(join(staging, ".gitignore"), "# gpc build's staging folder (temporary, removed after each build)\n*\n");
  writeFileSync(join(staging, "generated.lock"), `${process.ppid}\n`);
  writeFileSync(join(repo, "generated/tiny/README.md"), readFileSync(join(repo, "generated/tiny/README.md"), "utf8") + "x\n");
  const r = await run({});
  assert.is(r.code, 2);
  assert.is(r.err, `gpc build: another gpc build (pid ${process.ppid}) is writing generated; try again when it is done\n`);
  rmSync(staging, { recursive: true });
  mkdirSync(staging);
  writeFileSync(join(staging, "mine.txt"), "mine\n");
  const f = await run({});
  assert.is(f.code, 2);
  assert.match(f.err, /^gpc build: cannot stage the build: .*\.gpc-tmp exists and is not gpc's staging folder; move it away\n$/);
  assert.is(readFileSync(join(staging, "mine.txt"), "utf8"), "mine\n");
  rmSync(staging, { recursive: true });
  assert.is((await run({})).code, 0);
});

test("a .gpc-tmp that a killed build left half made or half removed is taken over; one with anything else is refused", async () => {
  const staging = join(repo, STAGING);
  const marker = "# gpc build's staging folder (temporary, removed after each build)\n*\n";
  // Killed after mkdir, during the marker's write, or between removing the marker and the folder.
  for (const leftover of [undefined, "", marker.slice(0, 10)]) {
    mkdirSync(staging);
    if (leftover !== undefined) writeFileSync(join(staging, ".gitignore"), leftover);
    writeFileSync(join(repo, "generated/tiny/README.md"), readFileSync(join(repo, "generated/tiny/README.md"), "utf8") + "x\n");
    const r = await run({});
    assert.is(r.code, 0, `${JSON.stringify(leftover)}: ${r.err}`);
    assert.equal(snapshot(join(repo, "generated")), Object.fromEntries(TREE));
    assert.not.ok(existsSync(staging), "the staging folder is removed after the build");
  }
  // A .gitignore of other text, or a marker beside another file, is not gpc's.
  for (const [name, text] of [[".gitignore", "node_modules\n"], ["mine.txt", "mine\n"]] as const) {
    mkdirSync(staging);
    writeFileSync(join(staging, ".gitignore"), name === ".gitignore" ? text : "");
    if (name !== ".gitignore") writeFileSync(join(staging, name), text);
    const f = await run({});
    assert.is(f.code, 2, name);
    assert.match(f.err, /is not gpc's staging folder; move it away\n$/);
    assert.is(readFileSync(join(staging, name), "utf8"), text);
    rmSync(staging, { recursive: true });
  }
});

test("the two-rename swap (GPC_SWAP=rename) writes the same tree", async () => {
  const out = join(tmp, "swap-rename/gen");
  await writeOutDir(outputTree(new Map([["a.yaml", "# Do not edit: generated by gpc (`gpc build`).\nold: 1\n"]])), out, { cwd: repo, sources: [] });
  process.env.GPC_SWAP = "rename";
  try {
    const r = await writeOutDir(TREE, out, { cwd: repo, sources: [] });
    assert.is(r.swap, "rename");
  } finally {
    delete process.env.GPC_SWAP;
  }
  assert.equal(snapshot(out), Object.fromEntries(TREE));
  assert.equal(readdirSync(join(tmp, "swap-rename")), ["gen"]);
  const r2 = await writeOutDir(new Map([...TREE, ["x.yaml", "# Do not edit: generated by gpc (`gpc build`).\n"]]), out, { cwd: repo, sources: [] });
  assert.is(r2.swap, process.platform === "linux" ? "exchange" : "rename");
});

test("full disk (ENOSPC): exit 2, one line, the old tree intact, nothing left behind, retries leak nothing", async () => {
  const disk = join(tmp, "full");
  if (!mountTmpfs(disk, "64k")) { console.log("  skipped: cannot mount a small tmpfs here (needs root)"); return; }
  try {
    const small = outputTree(new Map([["a.yaml", "# Do not edit: generated by gpc (`gpc build`).\nsmall: 1\n"]]));
    const gen = join(disk, "gen");
    await writeOutDir(small, gen, { cwd: repo, sources: [] });
    const before = snapshot(gen);
    const big = outputTree(new Map(Array.from({ length: 40 }, (_, i) => [`p/f${i}.yaml`, "# Do not edit: generated by gpc (`gpc build`).\n" + "x".repeat(4000) + "\n"])));
    for (let i = 0; i < 3; i++) {
      const e = await writeOutDir(big, gen, { cwd: repo, sources: [] }).then(() => undefined, (x: Error) => x);
      assert.is(e?.message, `cannot write ${gen}: no space left on device (ENOSPC)`);
      assert.equal(snapshot(gen), before);
      assert.equal(readdirSync(disk), ["gen"]);
      assert.ok(statfsSync(disk).bfree >= 14, "the failed writes freed their blocks");
    }
    // Through the command (the disk filled up to its last block first): the message and exit code.
    const { bavail, bsize } = statfsSync(disk);
    try { writeFileSync(join(disk, "filler"), Buffer.alloc(Math.max(0, (bavail - 1) * bsize))); } catch { /* as full as it gets */ }
    const r = await run({ out: gen });
    assert.is(r.code, 2);
    assert.is(r.err, `gpc build: cannot write ${gen}: no space left on device (ENOSPC); ${gen}/ is unchanged\n`);
    assert.equal(snapshot(gen), before);
    assert.equal(readdirSync(disk).sort(), ["filler", "gen"]);
  } finally {
    sh("umount", ["-l", disk]);
  }
});

test("read-only file system (EROFS): exit 2, one line, nothing changed", async () => {
  const disk = join(tmp, "ro");
  if (!mountTmpfs(disk, "1m")) { console.log("  skipped: cannot mount a tmpfs here (needs root)"); return; }
  try {
    await writeOutDir(outputTree(new Map([["a.yaml", "# Do not edit: generated by gpc (`gpc build`).\n"]])), join(disk, "gen"), { cwd: repo, sources: [] });
    const before = snapshot(disk);
    assert.ok(sh("mount", ["-o", "remount,ro", disk]), "remount read-only");
    const r = await run({ out: join(disk, "gen") });
    assert.is(r.code, 2);
    assert.match(r.err, /^gpc build: cannot write .*\/ro\/gen: read-only file system \(EROFS\); .*\/ro\/gen\/ is unchanged\n$/);
    assert.equal(snapshot(disk), before);
  } finally {
    sh("umount", ["-l", disk]);
  }
});

test("immutable out folder (chattr +i: EPERM): exit 2, one line, nothing changed, nothing left behind", async () => {
  const parent = join(tmp, "immutable");
  await writeOutDir(outputTree(new Map([["a.yaml", "# Do not edit: generated by gpc (`gpc build`).\n"]])), join(parent, "gen"), { cwd: repo, sources: [] });
  if (!sh("chattr", ["+i", join(parent, "gen")])) { console.log("  skipped: chattr +i is not supported here"); return; }
  try {
    const before = snapshot(parent);
    const r = await run({ out: join(parent, "gen") });
    assert.is(r.code, 2);
    assert.match(r.err, /^gpc build: cannot write .*\/gen: operation not permitted \(read-only or immutable\?\) \(EPERM\); .*\/gen\/ is unchanged\n$/);
    assert.equal(snapshot(parent), before);
    assert.equal(readdirSync(parent), ["gen"]);
  } finally {
    sh("chattr", ["-i", join(parent, "gen")]);
  }
});

test("permission denied (EACCES) on a read-only folder, when not root", async () => {
  if (isRoot) { console.log("  skipped: running as root, where chmod does not stop writes (EROFS and EPERM are tested above)"); return; }
  const parent = join(tmp, "noperm");
  mkdirSync(parent);
  spawnSync("chmod", ["0555", parent]);
  try {
    const r = await run({ out: join(parent, "gen") });
    assert.is(r.code, 2);
    assert.match(r.err, /permission denied \(EACCES\)/);
    assert.equal(readdirSync(parent), []);
  } finally {
    spawnSync("chmod", ["0755", parent]);
  }
});

test.after(() => {
  for (const d of ["full", "ro", "repo/mnt"]) sh("umount", ["-l", join(tmp, d)]);
  sh("chattr", ["-i", join(tmp, "immutable/gen")]);
  rmSync(tmp, { recursive: true, force: true });
});
test.run();
