/**
 * Start-up (src/cli/launch.ts, bin/gpc.js): the compiled CLI runs from its bundle with V8's code
 * cache. A cold run writes no code cache, a warm one does and the next uses it; a code cache file
 * that is damaged, not the user's own or writable by others is ignored (and written again where
 * the folder allows); another bundle or Node.js is another file; concurrent processes leave whole
 * files only; the answers never change. Runs the compiled CLI (`npm run build:ts`).
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { codeCacheDir, codeCacheFile, freshBundle, readCodeCache, writeCodeCache } from "../../src/cli/launch.js";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/gpc.js");
const tmp = mkdtempSync(join(tmpdir(), "gpc-launch-"));
const pod = join(tmp, "pod.yaml");
writeFileSync(pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: true}\n");
// Gatekeeper YAML as the policy: nothing to bundle, but Rego to compile and CEL to parse when cold.
const args = ["audit", "--policy", join(ROOT, "generated/templates"), "--policy", join(ROOT, "generated/pss-restricted/constraints.yaml"), "--format", "json", pod];

function gpc(cache: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: "utf8", env: { ...process.env, GPC_CACHE_DIR: cache, GPC_NO_CACHE: "" } });
}
const v8Files = (cache: string) => { try { return readdirSync(join(cache, "v8")).sort(); } catch { return []; } };

test("the compiled CLI runs from a fresh bundle", () => {
  assert.ok(freshBundle(join(ROOT, "dist/src/cli/launch.js")), "dist/src/cli/bundle/cli.cjs is missing or older than dist/: run npm run build:ts");
  assert.is(freshBundle(join(ROOT, "src/cli/launch.ts")), undefined, "sources have no bundle");
});

test("a working copy runs its bundle only while every input is unchanged; a packed gpc always", () => {
  const root = join(tmp, "copy");
  mkdirSync(join(root, "dist/src/cli/bundle"), { recursive: true });
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "dist/src/cli/main.js"), "export {};\n");
  writeFileSync(join(root, "dist/src/cli/bundle/cli.cjs"), "module.exports = {};\n");
  const here = join(root, "dist/src/cli/launch.js");
  const stamp = () => {
    const st = statSync(join(root, "dist/src/cli/main.js"));
    writeFileSync(join(root, "dist/src/cli/bundle/cli.inputs.json"), JSON.stringify([["dist/src/cli/main.js", st.size, st.mtimeMs]]));
  };
  stamp();
  assert.is(freshBundle(here), join(root, "dist/src/cli/bundle/cli.cjs"));
  const later = new Date(Date.now() + 5000);
  utimesSync(join(root, "dist/src/cli/main.js"), later, later); // tsc ran again
  assert.is(freshBundle(here), undefined, "an input changed");
  stamp();
  writeFileSync(join(root, "dist/src/cli/main.js"), "export const x = 1;\n");
  assert.is(freshBundle(here), undefined, "an input rewritten");
  rmSync(join(root, "src"), { recursive: true });
  assert.is(freshBundle(here), join(root, "dist/src/cli/bundle/cli.cjs"), "a packed gpc: prepare built both");
});

test("a cold run writes no code cache; a warm one does; the next uses it; answers are the same", () => {
  const cache = join(tmp, "c1");
  const cold = gpc(cache);
  assert.is(cold.status, 1, cold.stderr);
  assert.match(cold.stdout, /GpcPrivileged/);
  assert.is(cold.stderr, "");
  assert.equal(v8Files(cache), [], "a cold run (Rego compiled, CEL parsed) makes no code cache");
  const warm = gpc(cache);
  assert.is(warm.stdout, cold.stdout);
  const files = v8Files(cache);
  assert.is(files.length, 1);
  const file = join(cache, "v8", files[0]!);
  assert.is(statSync(file).mode & 0o777, 0o600);
  assert.is(statSync(join(cache, "v8")).mode & 0o777, 0o700);
  const before = statSync(file);
  const third = gpc(cache);
  assert.is(third.stdout, cold.stdout);
  const after = statSync(file);
  assert.equal([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], "accepted, so not written again");
});

test("a damaged code cache is ignored and written again", () => {
  const cache = join(tmp, "c1");
  const file = join(cache, "v8", v8Files(cache)[0]!);
  const good = readFileSync(file);
  const expected = gpc(cache).stdout;
  for (const bad of [good.subarray(0, good.length >> 1), Buffer.concat([good.subarray(0, 100), Buffer.from([good[100]! ^ 1]), good.subarray(101)]), Buffer.alloc(0), Buffer.from("not a cache")]) {
    writeFileSync(file, bad, { mode: 0o600 });
    assert.is(readCodeCache(file), undefined);
    const r = gpc(cache);
    assert.is(r.status, 1, r.stderr);
    assert.is(r.stdout, expected);
    assert.ok(readCodeCache(file), "written again");
  }
});

test("a code cache not private to the user is never read", () => {
  const dir = join(tmp, "own", "v8");
  const file = join(dir, "0123456789abcdef0123456789abcdef.bin");
  writeCodeCache(file, Buffer.from("bytecode"));
  assert.equal(readCodeCache(file), Buffer.from("bytecode"));
  chmodSync(file, 0o622);
  assert.is(readCodeCache(file), undefined, "group/world-writable file");
  chmodSync(file, 0o600);
  chmodSync(dir, 0o777);
  assert.is(readCodeCache(file), undefined, "group/world-writable folder");
  writeCodeCache(join(dir, "fedcba9876543210fedcba9876543210.bin"), Buffer.from("x"));
  assert.equal(readdirSync(dir).sort(), ["0123456789abcdef0123456789abcdef.bin"], "nor written there");
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    chownSync(file, 12345, 12345);
    assert.is(readCodeCache(file), undefined, "another user's file");
  }
});

test("another bundle, command or Node.js is another file", () => {
  const bundle = join(tmp, "bundle.cjs");
  writeFileSync(bundle, "module.exports = {};\n");
  const a = codeCacheFile("/c", bundle, ["audit", "x"]);
  assert.is(codeCacheFile("/c", bundle, ["audit", "y"]), a, "same bundle and command");
  assert.is.not(codeCacheFile("/c", bundle, ["test"]), a, "another command");
  assert.is(codeCacheFile("/c", bundle, ["frobnicate"]), codeCacheFile("/c", bundle, ["--help"]), "anything else shares one");
  writeFileSync(bundle, "module.exports = {};\n"); // same size and bytes: a new change time
  const later = new Date(Date.now() + 5000);
  utimesSync(bundle, later, later);
  assert.is.not(codeCacheFile("/c", bundle, ["audit"]), a, "a rewritten bundle");
  copyFileSync(bundle, join(tmp, "bundle2.cjs"));
  assert.is.not(codeCacheFile("/c", join(tmp, "bundle2.cjs"), ["audit"]), codeCacheFile("/c", bundle, ["audit"]), "another path");
  const versioned = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("./src/cli/launch.ts").then((m) => { Object.defineProperty(process, "version", { value: "v99.0.0" }); console.log(m.codeCacheFile("/c", ${JSON.stringify(bundle)}, ["audit"])); })`], { cwd: ROOT, encoding: "utf8" });
  assert.is.not(versioned.stdout.trim(), codeCacheFile("/c", bundle, ["audit"]), "another Node.js");
});

test("where the code cache lives", () => {
  assert.is(codeCacheDir({ GPC_NO_CACHE: "1", GPC_CACHE_DIR: "/c" }), undefined);
  assert.is(codeCacheDir({ GPC_CACHE_DIR: "/c" }), "/c/v8");
  assert.is(codeCacheDir({ XDG_CACHE_HOME: "/x" }), "/x/gpc/v8");
  assert.match(codeCacheDir({})!, /[\\/]\.cache[\\/]gpc[\\/]v8$/);
});

test("concurrent processes leave whole code cache files only", async () => {
  const cache = join(tmp, "c2");
  mkdirSync(cache);
  const expected = gpc(cache).stdout; // cold: fills the build caches, not the code cache
  const runs = await Promise.all(Array.from({ length: 4 }, () => new Promise<{ code: number | null; out: string }>((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: tmp, env: { ...process.env, GPC_CACHE_DIR: cache, GPC_NO_CACHE: "" }, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d));
    p.on("exit", (code) => done({ code, out }));
  })));
  for (const r of runs) { assert.is(r.code, 1); assert.is(r.out, expected); }
  const files = v8Files(cache);
  assert.is(files.length, 1, files.join(" "));
  assert.ok(readCodeCache(join(cache, "v8", files[0]!)), "a whole file");
});

test.run();
