/**
 * `gpc wasm`: writes a module the SDK runs, reports diagnostics with file:line:col and exit 2,
 * and hands compilation to a real `opa build` when asked (exercised here with a stand-in `opa`
 * script that records its arguments and returns a bundle).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statfsSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { runWasm, type WasmArgs } from "../../src/cli/commands/wasm.js";
import { compileRego } from "../../src/rego/wasm/compile.js";
import { extractFromTar } from "../../src/rego/wasm/opa-backend.js";

const tmp = mkdtempSync(join(tmpdir(), "gpc-wasm-"));
const rego = join(tmp, "policy.rego");
writeFileSync(rego, `package k8s.example
import future.keywords.in
import future.keywords.contains
import future.keywords.if

violation contains {"msg": msg} if {
  some c in input.review.object.spec.containers
  c.securityContext.privileged
  msg := sprintf("privileged container %q", [c.name])
}
`);

function run(args: Partial<WasmArgs>, env: NodeJS.ProcessEnv = {}) {
  let out = "", err = "";
  const code = runWasm({ files: [rego], entrypoint: ["k8s/example/violation"], output: join(tmp, "out.wasm"), "rego-version": "v0", ...args },
    { out: (s) => { out += s; }, err: (s) => { err += s; } }, env);
  return { code, out, err };
}

const pod = { review: { object: { spec: { containers: [{ name: "a", securityContext: { privileged: true } }, { name: "b" }] } } } };

test("writes a module the stock SDK evaluates, by name and by index", async () => {
  const r = run({});
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^wrote .*out\.wasm \(\d+ bytes, entrypoints: k8s\/example\/violation\)\n$/);
  const policy = await loadPolicy(readFileSync(join(tmp, "out.wasm")));
  assert.equal(policy.evaluate(pod, "k8s/example/violation"), [{ result: [{ msg: 'privileged container "a"' }] }]);
  assert.equal(policy.evaluate(pod, 0), [{ result: [{ msg: 'privileged container "a"' }] }]);
  assert.equal(Object.keys(policy.entrypoints), ["k8s/example/violation"]);
});

test("invalid Rego: diagnostics with file:line:col, exit 2, nothing written", () => {
  const bad = join(tmp, "bad.rego");
  writeFileSync(bad, "package t\n\nr := http.send({})\n");
  const out = join(tmp, "never.wasm");
  const r = run({ files: [bad], entrypoint: ["t/r"], output: out, "rego-version": "v1" });
  assert.is(r.code, 2);
  assert.match(r.err, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:6: rego-unsupported: .*http\\.send`));
  assert.not.ok(existsSync(out));
});

test("unreadable file: exit 2 naming it", () => {
  const r = run({ files: [join(tmp, "missing.rego")] });
  assert.is(r.code, 2);
  assert.match(r.err, /cannot read .*missing\.rego/);
});

test("--backend opa without an opa binary is a usage error", () => {
  const r = run({ backend: "opa" }, { PATH: "/nonexistent" });
  assert.is(r.code, 2);
  assert.match(r.err, /needs an `opa` binary/);
});

test("GPC_OPA selects the opa backend: arguments as `opa build -t wasm` takes them, /policy.wasm taken from the bundle", async () => {
  // The stand-in returns a bundle holding a module gpc compiled, so the SDK can run the result.
  const inner = compileRego({ modules: { "p.rego": "package t\nr := 42\n" }, entrypoints: ["t/r"] });
  const bundleDir = join(tmp, "bundle");
  execFileSync("mkdir", ["-p", bundleDir]);
  writeFileSync(join(bundleDir, "policy.wasm"), inner);
  writeFileSync(join(bundleDir, "data.json"), "{}");
  const fake = join(tmp, "opa");
  writeFileSync(fake, `#!/bin/sh
echo "$@" > "${tmp}/opa-args"
out=""; prev=""
for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
cd "${bundleDir}" && tar czf "$out" ./data.json ./policy.wasm
`);
  chmodSync(fake, 0o755);
  const r = run({ entrypoint: ["t/r"], output: join(tmp, "opa.wasm") }, { GPC_OPA: fake });
  assert.is(r.code, 0, r.err);
  const args = readFileSync(join(tmp, "opa-args"), "utf8");
  assert.match(args, /^build -t wasm -o \S+bundle\.tar\.gz -e t\/r --v0-compatible \S+policy\.rego\n$/);
  const policy = await loadPolicy(readFileSync(join(tmp, "opa.wasm")));
  assert.equal(policy.evaluate({}, "t/r"), [{ result: 42 }]);
});

test("opa build failure is reported with OPA's message", () => {
  const fake = join(tmp, "opa-fails");
  writeFileSync(fake, "#!/bin/sh\necho '1 error occurred: policy.rego:3: rego_parse_error: unexpected eof token' >&2\nexit 1\n");
  chmodSync(fake, 0o755);
  const r = run({}, { GPC_OPA: fake });
  assert.is(r.code, 2);
  assert.match(r.err, /opa build failed:\n1 error occurred: policy\.rego:3: rego_parse_error/);
});

test("extractFromTar finds a file and ignores the rest", () => {
  const dir = join(tmp, "tar");
  execFileSync("mkdir", ["-p", join(dir, "sub")]);
  writeFileSync(join(dir, "sub", "x.txt"), "hello");
  writeFileSync(join(dir, "policy.wasm"), "wasm!");
  const tarFile = join(tmp, "t.tar");
  execFileSync("tar", ["cf", tarFile, "-C", dir, "./sub/x.txt", "./policy.wasm"]);
  const tar = readFileSync(tarFile);
  assert.is(Buffer.from(extractFromTar(tar, "/policy.wasm")!).toString(), "wasm!");
  assert.is(Buffer.from(extractFromTar(tar, "sub/x.txt")!).toString(), "hello");
  assert.is(extractFromTar(tar, "/nope"), undefined);
});


// -o: a regular file or nothing, in an existing folder; written through a temp file and a rename.

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

test("-o a folder, a symlink, a FIFO or a device: refused with exit 2, untouched", () => {
  const dir = join(tmp, "o-dir");
  mkdirSync(dir);
  const d = run({ output: dir });
  assert.is(d.code, 2);
  assert.is(d.err, `gpc wasm: refusing to write ${dir}: it is a folder, not a regular file\n`);
  assert.equal(readdirSync(dir), []);
  const target = join(tmp, "o-target.wasm");
  writeFileSync(target, "keep");
  const link = join(tmp, "o-link.wasm");
  symlinkSync(target, link);
  const l = run({ output: link });
  assert.is(l.code, 2);
  assert.is(l.err, `gpc wasm: refusing to write ${link}: it is a symbolic link, not a regular file\n`);
  assert.is(readlinkSync(link), target);
  assert.is(readFileSync(target, "utf8"), "keep");
  const fifo = join(tmp, "o-fifo");
  execFileSync("mkfifo", [fifo]);
  const f = run({ output: fifo });
  assert.is(f.code, 2);
  assert.is(f.err, `gpc wasm: refusing to write ${fifo}: it is a FIFO, not a regular file\n`);
  const dev = run({ output: "/dev/null" });
  assert.is(dev.code, 2);
  assert.is(dev.err, "gpc wasm: refusing to write /dev/null: it is a device, not a regular file\n");
  assert.equal(leftovers(tmp), []);
});

test("-o in a missing folder or under a file: exit 2 with a clear message, nothing created", () => {
  const missing = join(tmp, "missing", "x.wasm");
  const r = run({ output: missing });
  assert.is(r.code, 2);
  assert.is(r.err, `gpc wasm: cannot write ${missing}: the folder ${join(tmp, "missing")} does not exist\n`);
  assert.not.ok(existsSync(join(tmp, "missing")));
  writeFileSync(join(tmp, "afile"), "x");
  const under = run({ output: join(tmp, "afile", "x.wasm") });
  assert.is(under.code, 2);
  assert.is(under.err, `gpc wasm: cannot write ${join(tmp, "afile", "x.wasm")}: ${join(tmp, "afile")} is not a folder\n`);
});

test("-o over an existing module replaces it; temp files of dead runs are removed, none left behind", async () => {
  const out = join(tmp, "replace.wasm");
  writeFileSync(out, "old");
  writeFileSync(join(tmp, ".replace.wasm.gpc-4999999-0badc0de.tmp"), "partial");
  writeFileSync(join(tmp, ".other.wasm.gpc-4999999-0badc0de.tmp"), "not this file's");
  const r = run({ output: out });
  assert.is(r.code, 0, r.err);
  const policy = await loadPolicy(readFileSync(out));
  assert.equal(policy.evaluate(pod, 0), [{ result: [{ msg: 'privileged container "a"' }] }]);
  assert.equal(leftovers(tmp), [".other.wasm.gpc-4999999-0badc0de.tmp"]);
  rmSync(join(tmp, ".other.wasm.gpc-4999999-0badc0de.tmp"));
});

test("a full disk: exit 2, one line, the old module intact, no temp file left", () => {
  const disk = join(tmp, "full");
  mkdirSync(disk);
  if (process.getuid?.() !== 0 || spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]).status !== 0) {
    console.log("  skipped: cannot mount a small tmpfs here (needs root)");
    return;
  }
  try {
    const out = join(disk, "p.wasm");
    writeFileSync(out, "old");
    const { bavail, bsize } = statfsSync(disk);
    try { writeFileSync(join(disk, "filler"), Buffer.alloc(Math.max(0, (bavail - 2) * bsize))); } catch { /* full */ }
    const r = run({ output: out });
    assert.is(r.code, 2);
    assert.is(r.err, `gpc wasm: cannot write ${out}: no space left on device (ENOSPC)\n`);
    assert.is(readFileSync(out, "utf8"), "old");
    assert.equal(readdirSync(disk).sort(), ["filler", "p.wasm"]);
  } finally {
    spawnSync("umount", ["-l", disk]);
  }
});

test("the CLI: a killed write leaves the old module; usage errors exit 2 with the usage", () => {
  const bin = join(import.meta.dirname, "../../bin/gpc.js");
  const out = join(tmp, "killed.wasm");
  writeFileSync(out, "old");
  const k = spawnSync(process.execPath, [bin, "wasm", "-e", "k8s/example/violation", "-o", out, "--rego-version", "v0", rego], { encoding: "utf8", env: { ...process.env, GPC_TEST_CRASH_AT: "file-written" } });
  assert.is(k.signal, "SIGKILL");
  assert.is(readFileSync(out, "utf8"), "old");
  assert.is(leftovers(tmp).length, 1, "the killed run's temp file");
  const again = spawnSync(process.execPath, [bin, "wasm", "-e", "k8s/example/violation", "-o", out, "--rego-version", "v0", rego], { encoding: "utf8" });
  assert.is(again.status, 0, again.stderr);
  assert.equal(leftovers(tmp), [], "the next run removes it");
  const usage = spawnSync(process.execPath, [bin, "wasm", rego], { encoding: "utf8" });
  assert.is(usage.status, 2);
  assert.match(usage.stderr, /^gpc: Missing required argument: entrypoint\n\ngpc wasm <files\.\.>\n/);
  assert.not.match(usage.stderr, /\n\s+at /);
});

test.after(() => { spawnSync("umount", ["-l", join(tmp, "full")]); rmSync(tmp, { recursive: true, force: true }); });
test.run();
