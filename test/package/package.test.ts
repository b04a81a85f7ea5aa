/**
 * gpc as a new user gets it: `npm pack`, the tarball installed into a new project (once as an ES
 * module project, once as CommonJS, as `npm init -y` writes it), then `gpc init`, `gpc build`,
 * `gpc test`, `gpc audit` there, and `tsc --noEmit` on the scaffolded project.
 *
 * Offline: the project's lock file takes gpc's dependencies from this repository's lock, so
 * `npm ci --offline` installs them from the npm cache that this repository's `npm ci` filled
 * (see ./install.ts). The tarball is packed from the current dist/ (`npm pack --ignore-scripts`:
 * the build itself is what `npm run build` / `prepare` does).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { writeLock } from "./install.js";

const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const work = mkdtempSync(join(tmpdir(), "gpc-package-"));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const t0 = performance.now();
  const { GPC_CACHE_DIR: _c, GPC_NO_CACHE: _n, ...inherited } = process.env;
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...inherited, npm_config_update_notifier: "false", ...env } });
  if (r.error) throw r.error;
  if (process.env.GPC_TEST_TIMES) process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s  ${cmd.split("/").pop()} ${args.join(" ")}\n`);
  return r;
}
const out = (r: SpawnSyncReturns<string>) => `${r.stdout}${r.stderr}`;
function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.is(r.status, 0, `${what} exited ${r.status}:\n${out(r)}`);
  return r.stdout;
}

interface Packed { filename: string; files: { path: string }[] }
let packed: Packed;
let tarball: string;

test("npm pack: what gpc needs at run time and nothing else", () => {
  assert.ok(existsSync(join(root, "dist", "src", "cli", "main.js")), "dist/ is built (npm run build:ts)");
  const r = run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], root);
  packed = (JSON.parse(ok(r, "npm pack")) as Packed[])[0]!;
  tarball = join(work, packed.filename);
  const paths = packed.files.map((f) => f.path);
  for (const p of ["package.json", "README.md", "LICENSE", "bin/gpc.js", "runtime/build/runtime.wasm", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/engine/index.d.ts", "dist/src/cli/commands/init.js", "dist/src/cli/launch.js", "dist/src/cli/bundle/cli.cjs", "templates/init/restricted.ts", "templates/lib/pod.rego.hbs"]) {
    assert.ok(paths.includes(p), `the tarball has ${p}`);
  }
  const stray = paths.filter((p) => !/^(dist\/src\/|bin\/|templates\/|runtime\/build\/runtime\.wasm$|README\.md$|LICENSE$|package\.json$)/.test(p) || /\.test\.|(^|\/)test\//.test(p));
  assert.equal(stray, [], "nothing else (no tests, sources, fixtures, generated/, .ci/)");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  for (const s of ["preinstall", "install", "postinstall"]) assert.is(pkg.scripts[s], undefined, `no ${s} script`);
});

/** A project as `npm init -y` writes it, with the tarball as a devDependency, installed offline. */
function project(name: string, type: "module" | "commonjs"): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const pkg = { name, version: "1.0.0", description: "", main: "index.js", scripts: { test: 'echo "Error: no test specified" && exit 1' }, license: "ISC", type, devDependencies: { gpc: `file:../${packed.filename}` } };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeLock(root, dir, tarball, `file:../${packed.filename}`);
  const r = run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--foreground-scripts"], dir);
  const log = ok(r, "npm ci");
  assert.not.match(out(r), /> gpc@/, `installing gpc runs none of its scripts:\n${log}`);
  assert.ok(existsSync(join(dir, "node_modules", "gpc", "runtime", "build", "runtime.wasm")), "the runtime comes with the package");
  assert.not.ok(existsSync(join(dir, "node_modules", "assemblyscript")), "no AssemblyScript is installed");
  // The installed CLI starts from its bundle (src/cli/launch.ts), not from the modules.
  const launch = run(process.execPath, ["--input-type=module", "-e", 'const m = await import("./node_modules/gpc/dist/src/cli/launch.js"); console.log(m.freshBundle() ? "bundle" : "modules");'], dir);
  assert.is(ok(launch, "launch.js").trim(), "bundle");
  return dir;
}

const gpc = (dir: string, ...args: string[]) => run(join(dir, "node_modules", ".bin", "gpc"), args, dir);
const npmRun = (dir: string, script: string, ...args: string[]) => run("npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])], dir);

const INIT_FILES = ["tsconfig.json", "policies/restricted.ts", "manifests/example-pod.yaml", ".gitignore", ".github/workflows/gpc.yml"];

function endToEnd(dir: string): void {
  // gpc init: package.json gains the scripts (npm init's placeholder test script is replaced).
  const init = ok(gpc(dir, "init"), "gpc init");
  assert.match(init, /^ {2}updated {2}package\.json {2}\(added scripts build, test, audit, typecheck\)$/m);
  for (const f of INIT_FILES) {
    assert.match(init, new RegExp(`^  created  ${f.replace(/\./g, "\\.")}$`, "m"));
    assert.ok(existsSync(join(dir, f)), f);
  }
  const scripts = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  assert.equal(scripts, { test: "gpc test", build: "gpc build", audit: "gpc audit manifests/", typecheck: "tsc --noEmit" });
  // A second init keeps every file.
  const again = ok(gpc(dir, "init"), "gpc init (again)");
  for (const f of INIT_FILES) assert.match(again, new RegExp(`^ {2}kept +${f.replace(/\./g, "\\.")} {2}\\(exists; --force to overwrite\\)$`, "m"));

  assert.match(ok(npmRun(dir, "build"), "npm run build"), /^gpc build: wrote generated\/ \(1 policies, 17 templates, 17 constraints, 47 files; 0 changed, 47 added, 0 removed\)$/m);
  assert.ok(existsSync(join(dir, "generated", "restricted", "constraints.yaml")));
  assert.match(ok(gpc(dir, "build", "--check"), "gpc build --check"), /^gpc build --check: generated\/ is up to date/m);
  const t = ok(npmRun(dir, "test"), "npm test");
  assert.match(t, /^ {2}✓ denied {2}host-network-deployment$/m);
  assert.match(t, /^6 cases in 1 policy: 6 passed, 0 failed/m);
  assert.match(ok(npmRun(dir, "audit"), "npm run audit"), /^0 findings in 0 of 1 object; 1 policy, 17 constraints;/m);

  // A privileged pod fails the audit (exit 1), named with the constraint and message.
  writeFileSync(join(dir, "manifests", "bad.yaml"), readFileSync(join(dir, "manifests", "example-pod.yaml"), "utf8").replace("name: web", "name: bad").replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: true\n        privileged: true"));
  const bad = npmRun(dir, "audit");
  assert.is(bad.status, 1, out(bad));
  assert.match(bad.stdout, /^Pod default\/bad {2}\(manifests\/bad\.yaml:\d+\)$/m);
  assert.match(bad.stdout, /deny {4}GpcPrivileged\/restricted-privileged {2}container "app" must not set securityContext\.privileged to true/);

  // The build cache never hides a change: an edited policy makes generated/ stale.
  const policy = join(dir, "policies", "restricted.ts");
  writeFileSync(policy, readFileSync(policy, "utf8").replace('excludedNamespaces: ["kube-system"]', 'excludedNamespaces: ["kube-system", "monitoring"]'));
  const stale = gpc(dir, "build", "--check");
  assert.is(stale.status, 1, out(stale));
  assert.match(stale.stderr, /changed {2}restricted\/constraints\.yaml/);
  assert.match(ok(gpc(dir, "build"), "gpc build"), /^gpc build: wrote generated\/ .*19 changed, 0 added, 0 removed\)$/m);
}

test("an ES module project: install, init, build, test, audit; the library API from gpc and gpc/engine", () => {
  const dir = project("esm-project", "module");
  endToEnd(dir);
  // A policy with a helper beside it, imported as .js (bundled, remapped to .ts).
  writeFileSync(join(dir, "policies", "_shared.ts"), 'export const exempt: string[] = ["kube-system", "monitoring"];\n');
  const policy = join(dir, "policies", "restricted.ts");
  writeFileSync(policy, readFileSync(policy, "utf8").replace('import { allowed', 'import { exempt } from "./_shared.js";\nimport { allowed').replace('excludedNamespaces: ["kube-system", "monitoring"]', "excludedNamespaces: exempt"));
  assert.match(ok(gpc(dir, "build", "--check"), "gpc build --check after the refactoring"), /is up to date/);
  // A tool author's script.
  writeFileSync(join(dir, "tool.mjs"), [
    'import { buildProject } from "gpc";',
    'import { runCases } from "gpc/engine";',
    'import { compileRego } from "gpc/rego";',
    'const { artifacts } = await buildProject({ inputs: ["policies"] });',
    "const { results } = await runCases(artifacts);",
    'const wasm = compileRego({ modules: { "p.rego": "package t\\nr := 1" }, entrypoints: ["t/r"], regoVersion: "v1" });',
    'console.log(`${results.filter((r) => r.passed).length}/${results.length} ${wasm instanceof Uint8Array}`);',
  ].join("\n"));
  assert.is(ok(run(process.execPath, ["tool.mjs"], dir), "tool.mjs").trim(), "6/6 true");
});

test("a CommonJS project: install, init, build, test, audit; require(\"gpc\"); tsc type-checks the policies", () => {
  const dir = project("cjs-project", "commonjs");
  endToEnd(dir);
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  if (major > 20 || (major === 20 && minor >= 19)) {
    writeFileSync(join(dir, "tool.cjs"), 'const { definePolicy, samplePod } = require("gpc");\nconsole.log(typeof definePolicy, samplePod().kind);\n');
    assert.is(ok(run(process.execPath, ["tool.cjs"], dir), "tool.cjs").trim(), "function Pod");
  }
  // The scaffolded tsconfig type-checks the policies against gpc's types …
  ok(run(process.execPath, [tsc, "--noEmit", "-p", "."], dir), "tsc --noEmit");
  // … and a typo in a check name is a type error.
  const policy = join(dir, "policies", "restricted.ts");
  writeFileSync(policy, readFileSync(policy, "utf8").replace("checks: { readOnlyRootFilesystem: true }", "checks: { readOnlyRootFilesytem: true }"));
  const typo = run(process.execPath, [tsc, "--noEmit", "-p", "."], dir);
  assert.is.not(typo.status, 0, "tsc fails on the typo");
  assert.match(typo.stdout, /policies\/restricted\.ts\(\d+,\d+\): error TS2561: .*'readOnlyRootFilesytem' does not exist in type 'ChecksProps'\. Did you mean to write 'readOnlyRootFilesystem'\?/);
  // gpc itself reports it with the property path.
  const build = gpc(dir, "build");
  assert.is(build.status, 2, out(build));
  assert.match(build.stderr, /policy "restricted" \(policies\/restricted\.ts\): checks\.readOnlyRootFilesytem/);
});

test.run();
