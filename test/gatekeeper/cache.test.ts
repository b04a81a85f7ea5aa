/**
 * The build cache (src/gatekeeper/cache.ts) and the policy loader (src/gatekeeper/load.ts): a
 * cached build is the build; any change of an input, a corrupt or tampered entry is a rebuild.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildProject, type Artifacts } from "../../src/gatekeeper/artifacts.js";
import { BuildCache } from "../../src/gatekeeper/cache.js";

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
