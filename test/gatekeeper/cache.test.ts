/**
 * The build cache (src/gatekeeper/cache.ts) and the policy loader (src/gatekeeper/load.ts): a
 * cached build is the build; any change of an input, of gpc itself, a corrupt or tampered entry is
 * a rebuild; concurrent builds leave one whole entry.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildProject, type Artifacts } from "../../src/gatekeeper/artifacts.js";
import { BuildCache, fingerprintOf, gpcFingerprint } from "../../src/gatekeeper/cache.js";

const dir = mkdtempSync(join(tmpdir(), "gpc-cache-"));
const cacheDir = join(dir, "cache");
process.env.GPC_CACHE_DIR = cacheDir;
mkdirSync(join(dir, "policies"));
const helper = join(dir, "policies", "_lib.ts");
writeFileSync(helper, 'export const excluded: string[] = ["kube-system"];\n');
writeFileSync(join(dir, "policies", "p.ts"), [
  'import { allowed, definePolicy, denied, samplePod, tweakContainer } from "gpc";',
  'import { excluded } from "./_lib.js";',
  'const ok = samplePod("web");',
  "export default definePolicy({",
  '  name: "p", checks: { privileged: true }, match: { excludedNamespaces: excluded },',
  '  cases: [allowed("ok", ok), denied("priv", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }))],',
  "});",
].join("\n"));

const plain = (a: Artifacts | undefined) => a && { files: [...a.files], templates: a.templates, policies: a.policies };
const entries = () => readdirSync(join(cacheDir, "build")).filter((f) => f.endsWith(".json") && !f.endsWith(".files.json"));
const build = () => buildProject({ inputs: ["policies"], cwd: dir });
async function uncached() {
  process.env.GPC_NO_CACHE = "1";
  try { return await build(); } finally { delete process.env.GPC_NO_CACHE; }
}

test("a cached build equals a fresh one, and is used", async () => {
  const first = await build();
  assert.equal(first.diagnostics, []);
  assert.is(entries().length, 1);
  const key = new BuildCache(cacheDir).key([join(dir, "policies", "p.ts")], dir, { regoVersion: "v0" });
  const hit = new BuildCache(cacheDir).get(key);
  assert.ok(hit, "the entry is valid");
  assert.equal(plain(hit.artifacts), plain(first.artifacts));
  assert.equal(plain((await build()).artifacts), plain((await uncached()).artifacts));
  const entry = JSON.parse(readFileSync(join(cacheDir, "build", entries()[0]!), "utf8")) as { inputs: Record<string, string> };
  assert.equal(Object.keys(entry.inputs).sort(), [helper, join(dir, "policies", "p.ts")].sort(), "the recorded inputs are the policy and its helper");
});

test("a changed helper file rebuilds", async () => {
  writeFileSync(helper, 'export const excluded: string[] = ["kube-system", "monitoring"];\n');
  const r = await build();
  assert.match(r.artifacts!.files.get("p/constraints.yaml")!, /- monitoring/);
  assert.equal(plain(r.artifacts), plain((await uncached()).artifacts));
});

test("a corrupt or tampered entry rebuilds, never answers", async () => {
  const fresh = plain((await uncached()).artifacts);
  for (const f of entries()) writeFileSync(join(cacheDir, "build", f), "{ not json");
  assert.equal(plain((await build()).artifacts), fresh);
  // An entry whose recorded hash does not match the file on disk.
  for (const f of entries()) {
    const p = join(cacheDir, "build", f);
    const e = JSON.parse(readFileSync(p, "utf8")) as { inputs: Record<string, string> };
    e.inputs[helper] = "0".repeat(64);
    writeFileSync(p, JSON.stringify(e));
  }
  assert.equal(plain((await build()).artifacts), fresh);
  // Output files that are not the ones the entry recorded.
  for (const f of entries()) {
    const p = join(cacheDir, "build", f.replace(/\.json$/, ".files.json"));
    writeFileSync(p, JSON.stringify((JSON.parse(readFileSync(p, "utf8")) as [string, string][]).map(([k]) => [k, "tampered\n"])));
  }
  assert.equal(plain((await build()).artifacts), fresh);
});

test("another gpc (version, or any of its files rewritten) is another key", () => {
  const tree = join(dir, "gpc-tree");
  mkdirSync(join(tree, "engine"), { recursive: true });
  const mod = join(tree, "engine", "wasm.js");
  writeFileSync(mod, "export const x = 1;\n");
  writeFileSync(join(tree, "notes.txt"), "not a module\n");
  const trees = [{ dir: tree, keep: (n: string) => n.endsWith(".js") }];
  const before = fingerprintOf("0.1.0", trees);
  assert.is(fingerprintOf("0.1.0", trees), before, "nothing changed");
  assert.is.not(fingerprintOf("0.2.0", trees), before, "another version");
  // The same bytes written again, the modification time set back: the change time tells.
  const st = statSync(mod);
  writeFileSync(mod, "export const x = 1;\n");
  utimesSync(mod, st.atime, st.mtime);
  assert.is.not(fingerprintOf("0.1.0", trees), before, "a rewritten module");
  const rewritten = fingerprintOf("0.1.0", trees);
  writeFileSync(join(tree, "notes.txt"), "other\n");
  assert.is(fingerprintOf("0.1.0", trees), rewritten, "files that do not count");
  writeFileSync(join(tree, "engine", "new.js"), "");
  assert.is.not(fingerprintOf("0.1.0", trees), rewritten, "a new module");
  // The key of a build holds gpc's identity.
  const files = [join(dir, "policies", "p.ts")];
  assert.match(gpcFingerprint(), /^[0-9a-f]{64}$/);
  assert.is(new BuildCache(cacheDir).key(files, dir, {}), new BuildCache(cacheDir).key(files, dir, {}));
});

test("concurrent builds leave one whole entry", async () => {
  const shared = join(dir, "cache-concurrent");
  const script = join(dir, "build.mts");
  writeFileSync(script, [
    `import { buildProject } from ${JSON.stringify(join(import.meta.dirname, "../../src/gatekeeper/artifacts.ts"))};`,
    `const r = await buildProject({ inputs: ["policies"], cwd: ${JSON.stringify(dir)} });`,
    `process.stdout.write(JSON.stringify({ d: r.diagnostics, files: [...r.artifacts.files], templates: r.artifacts.templates }));`,
  ].join("\n"));
  const outs = await Promise.all(Array.from({ length: 4 }, () => new Promise<string>((done) => {
    const p = spawn(process.execPath, ["--import", "tsx", script], { cwd: join(import.meta.dirname, "../.."), env: { ...process.env, GPC_CACHE_DIR: shared }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d));
    p.on("exit", () => done(out));
  })));
  const fresh = await uncached();
  for (const o of outs) assert.equal(JSON.parse(o), { d: fresh.diagnostics, files: [...fresh.artifacts!.files], templates: fresh.artifacts!.templates });
  const names = readdirSync(join(shared, "build"));
  assert.equal(names.filter((n) => !/^[0-9a-f]{32}(\.files)?\.json$/.test(n)), [], "no temporary files left");
  assert.is(names.filter((n) => !n.endsWith(".files.json")).length, 1);
  const key = new BuildCache(shared).key([join(dir, "policies", "p.ts")], dir, { regoVersion: "v0" });
  assert.ok(new BuildCache(shared).get(key), "a whole, valid entry");
});

test("a syntax error is located in the policy file", async () => {
  writeFileSync(join(dir, "policies", "q.ts"), "export default {\n  name: ,\n};\n");
  const r = await build();
  assert.is(r.artifacts, undefined);
  assert.equal(r.diagnostics.map((d) => [d.code, d.path, d.message.replace(dir, "<dir>")]), [["policy-load", "policies/q.ts", "cannot load policy file: policies/q.ts:2:9: Unexpected \",\""]]);
});

test("an exception in a policy is reported at its line in the .ts file", async () => {
  rmSync(join(dir, "policies", "q.ts"));
  writeFileSync(join(dir, "policies", "t.ts"), 'const n: number = 1;\nif (n === 1) throw new Error("no policy today");\nexport default {};\n');
  const r = await build();
  assert.is(r.artifacts, undefined);
  const d = r.diagnostics.find((x) => x.path === "policies/t.ts");
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.match(d.message, /^cannot load policy file: Error: no policy today\n {4}at .*\/policies\/t\.ts:2:\d+\)?$/m);
});

test.run();
