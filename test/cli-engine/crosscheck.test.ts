// `gpc test --cross-check` plumbing, with a stand-in `opa` (GPC_OPA) that records its arguments
// and answers like `opa eval --format json`: it reports one extra violation for the privileged
// template, so every case must show that difference, and a runtime error for another query.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTest } from "../../src/cli/commands/test.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "gpc-fake-opa-"));
const log = join(dir, "calls.jsonl");
const fake = join(dir, "opa");
writeFileSync(fake, `#!${process.execPath}
const fs = require("fs");
const args = process.argv.slice(2);
const input = fs.readFileSync(0, "utf8");
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, input: JSON.parse(input) }) + "\\n");
const query = args[args.length - 1];
const value = query.includes('"privileged"') ? [{ msg: "from fake opa" }] : [];
process.stdout.write(JSON.stringify({ result: [{ expressions: [{ value, text: query }] }] }));
`);
chmodSync(fake, 0o755);

test("--cross-check runs each case through opa eval and reports differences as failures", async () => {
  const saved = process.env.GPC_OPA;
  process.env.GPC_OPA = fake;
  const out = { out: "", err: "" };
  try {
    const code = await runTest({ inputs: ["test/cli-engine/fixtures/broken/broken-case.ts"], reporter: "json", "cross-check": true }, { out: (s) => { out.out += s; }, err: (s) => { out.err += s; } }, root);
    assert.is(code, 1);
  } finally {
    if (saved === undefined) delete process.env.GPC_OPA; else process.env.GPC_OPA = saved;
  }
  const results = JSON.parse(out.out) as { case: string; failures: string[] }[];
  assert.equal(results.map((r) => r.failures.filter((f) => f.startsWith("cross-check:"))), [
    ["cross-check: only opa: GpcPrivileged/broken-case-privileged: from fake opa"],
    ["cross-check: only opa: GpcPrivileged/broken-case-privileged: from fake opa"],
  ]);
  const calls = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { args: string[]; input: { review: { operation: string }; parameters: unknown } });
  assert.is(calls.length, 2);
  const a = calls[0]!.args;
  assert.equal(a.slice(0, 5), ["eval", "-I", "--format", "json", "--v0-compatible"]);
  assert.match(a[a.length - 1]!, /^data\["gpc"\]\["privileged"\]\["violation"\]$/);
  assert.ok(a.filter((x) => x === "-d").length >= 2);
  assert.is(calls[0]!.input.review.operation, "CREATE");
  assert.ok(typeof calls[0]!.input.parameters === "object");
});

test("--cross-check without an opa binary says so and still runs the cases", async () => {
  const saved = { opa: process.env.GPC_OPA, path: process.env.PATH };
  delete process.env.GPC_OPA;
  process.env.PATH = dir + "-missing";
  const out = { out: "", err: "" };
  try {
    const code = await runTest({ inputs: ["policies/pss-restricted.ts"], reporter: "table", "cross-check": true }, { out: (s) => { out.out += s; }, err: (s) => { out.err += s; } }, root);
    assert.is(code, 0, out.out);
  } finally {
    if (saved.opa !== undefined) process.env.GPC_OPA = saved.opa;
    process.env.PATH = saved.path;
  }
  assert.match(out.err, "--cross-check: no `opa` binary on the PATH and GPC_OPA is not set; cross-check skipped");
});

test.run();
