#!/usr/bin/env node
// Runs every test/**/*.test.ts file with uvu under tsx, one process per file so that a crash
// names its file, and closes with one "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}
// The Wasm runtime is built at install time; rebuild it here when its sources are newer.
function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) { if (name !== "build" && name !== "node_modules") t = Math.max(t, newest(p)); }
    else if (name.endsWith(".ts")) t = Math.max(t, st.mtimeMs);
  }
  return t;
}
const runtimeWasm = join(root, "runtime/build/runtime.wasm");
let builtAt = 0;
try { builtAt = statSync(runtimeWasm).mtimeMs; } catch {}
if (builtAt < newest(join(root, "runtime"))) {
  const b = spawnSync(process.execPath, [join(root, "scripts/build-runtime.mjs")], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) { console.log("\n0 passed, 1 failed"); process.exit(1); }
}

const files = walk(join(root, "test")).filter((f) => !filter || filter.test(relative(root, f)));
let passed = 0, failed = 0, brokenFiles = [];
for (const f of files) {
  const rel = relative(root, f);
  // Each test file gets its own TMPDIR, removed afterwards, so no test leaves files behind.
  const tmp = mkdtempSync(join(tmpdir(), "gpc-test-"));
  // XDG_CACHE_HOME too: the CLI's V8 code cache (src/cli/launch.ts) goes there, not to ~/.cache.
  const r = spawnSync(process.execPath, ["--import", "tsx", f], { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", TMPDIR: tmp, XDG_CACHE_HOME: tmp }, maxBuffer: 256 * 1024 * 1024 });
  rmSync(tmp, { recursive: true, force: true });
  const out = (r.stdout ?? "") + (r.stderr ?? "");
  const p = /Passed:\s+(\d+)/.exec(out), t = /Total:\s+(\d+)/.exec(out);
  const np = p ? Number(p[1]) : 0, nt = t ? Number(t[1]) : 0;
  passed += np; failed += nt - np;
  if (r.status !== 0 || !t) {
    brokenFiles.push(rel);
    if (!t) failed += 1;
    process.stdout.write(`\n--- ${rel} (exit ${r.status})\n${out}\n`);
  } else {
    process.stdout.write(`${rel}: ${np}/${nt}\n`);
  }
}
if (brokenFiles.length) console.log(`\nfailing files:\n  ${brokenFiles.join("\n  ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && files.length > 0 ? 0 : 1);
