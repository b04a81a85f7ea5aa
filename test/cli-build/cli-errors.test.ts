/**
 * No stack traces, ever: an exception nobody handled (thrown, rejected, or out of a command
 * handler) is one line `gpc: internal error: <message>` and exit 2; GPC_DEBUG=1 adds the stack;
 * a closed stdout ends quietly. Usage errors exit 2 with the usage. Runs the compiled CLI.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/gpc.js");
const FATAL = pathToFileURL(join(ROOT, "dist/src/cli/fatal.js")).href;
const tmp = mkdtempSync(join(tmpdir(), "gpc-errors-"));
const STACK = /\n\s+at /;

function script(body: string, env: Record<string, string> = {}) {
  const f = join(tmp, `s${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(f, `import { installFatalHandlers } from ${JSON.stringify(FATAL)};\ninstallFatalHandlers();\n${body}\n`);
  return spawnSync(process.execPath, [f], { encoding: "utf8", env: { ...process.env, GPC_DEBUG: "", ...env } });
}

test("an uncaught exception: one line, exit 2", () => {
  const r = script(`setTimeout(() => { throw new TypeError("boom\\nsecond line"); });`);
  assert.is(r.status, 2);
  assert.is(r.stderr, "gpc: internal error: boom\n");
});

test("an unhandled rejection: one line, exit 2", () => {
  const r = script(`Promise.reject(new Error("rejected"));`);
  assert.is(r.status, 2);
  assert.is(r.stderr, "gpc: internal error: rejected\n");
  const odd = script(`Promise.reject(42);`);
  assert.is(odd.status, 2);
  assert.is(odd.stderr, "gpc: internal error: 42\n");
});

test("GPC_DEBUG=1 adds the stack", () => {
  const r = script(`throw new Error("with stack");`, { GPC_DEBUG: "1" });
  assert.is(r.status, 2);
  assert.match(r.stderr, /^gpc: internal error: with stack\nError: with stack\n\s+at /);
});

test("a reader that goes away (EPIPE) ends quietly", async () => {
  const f = join(tmp, "epipe.mjs");
  writeFileSync(f, `import { installFatalHandlers } from ${JSON.stringify(FATAL)};\ninstallFatalHandlers();\nconst line = "x".repeat(1024) + "\\n";\nsetInterval(() => { for (let i = 0; i < 64; i++) process.stdout.write(line); }, 1);\n`);
  const child = spawn(process.execPath, [f], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => { err += d; });
  const status = await new Promise<number | null>((res) => {
    child.stdout.once("data", () => child.stdout.destroy());
    child.on("exit", (code) => res(code));
  });
  assert.is(status, 2, "no exit code was set yet: the output is incomplete");
  assert.is(err, "");
});

test("the CLI: usage errors exit 2 with the usage; a failing command never prints a stack", () => {
  const unknown = spawnSync(process.execPath, [BIN, "frobnicate"], { encoding: "utf8" });
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /^gpc: Unknown argument: frobnicate\n\ngpc <command>\n\nCommands:\n  gpc build/);
  const none = spawnSync(process.execPath, [BIN], { encoding: "utf8" });
  assert.is(none.status, 2);
  assert.match(none.stderr, /^gpc: name a command\n/);
  const choice = spawnSync(process.execPath, [BIN, "build", "--rego-version", "v9"], { encoding: "utf8" });
  assert.is(choice.status, 2);
  assert.match(choice.stderr, /^gpc: Invalid values:\n\s+Argument: rego-version, Given: "v9", Choices: "v0", "v1"\n\ngpc build \[inputs\.\.\]/);
  // A 300 KB string literal once made the linker throw out of the command handler.
  const big = join(tmp, "big.rego");
  writeFileSync(big, `package t\nr := "${"x".repeat(300_000)}"\n`);
  const r = spawnSync(process.execPath, [BIN, "wasm", "-e", "t/r", "-o", join(tmp, "big.wasm"), big], { encoding: "utf8" });
  assert.ok(r.status === 0 || r.status === 2, `exit ${r.status}`);
  assert.not.match(r.stderr, STACK);
  if (r.status === 2) assert.match(r.stderr, /^gpc: internal error: [^\n]+\n$/);
  else assert.match(r.stdout, /^wrote /);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test("--version prints the package's version, exit 0", () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  for (const argv of [["--version"], ["audit", "--version"]]) {
    const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: "utf8" });
    assert.is(r.status, 0, JSON.stringify(argv));
    assert.is(r.stdout, `${version}\n`);
  }
});

test.run();
