/**
 * `gpc build` end to end on fixture policies: writes the layout, is byte-for-byte deterministic,
 * `--check` passes on fresh output and fails (exit 1, with a summary) on stale output, invalid
 * input exits 2 naming the file and property path and writes nothing, `--rego-version v1`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBuild, type BuildArgs } from "../../src/cli/commands/build.js";

const FIX = join(import.meta.dirname, "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "gpc-build-"));

async function run(args: Partial<BuildArgs>): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await runBuild({ out: join(tmp, "generated"), check: false, "rego-version": "v0", inputs: ["policies"], ...args }, { out: (s) => { out += s; }, err: (s) => { err += s; } }, FIX);
  return { code, out, err };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name), `${rel}${n.name}/`);
      else out[`${rel}${n.name}`] = readFileSync(join(d, n.name), "utf8");
    }
  };
  walk(dir, "");
  return out;
}

test("build writes the documented layout", async () => {
  const r = await run({});
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /wrote .*generated\/ \(2 policies, 3 templates, 3 constraints/);
  const files = Object.keys(snapshot(join(tmp, "generated"))).sort();
  for (const f of ["kustomization.yaml", "templates/gpccustomlimitsmemorylimits.yaml", "limits/constraints.yaml", "limits/suite.yaml", "limits/README.md",
    "limits/samples/compliant.yaml", "limits/samples/namespaces/default.yaml", "limits/suite/limits-memory-limits.yaml", "expansion/gpc-expand-workloads.yaml", "no-host-network/constraints.yaml"]) {
    assert.ok(files.includes(f), `missing ${f} in ${files.join(", ")}`);
  }
  for (const [p, text] of Object.entries(snapshot(join(tmp, "generated")))) {
    assert.ok(text.endsWith("\n") && !text.includes("\r"), `${p}: LF and trailing newline`);
    if (p.endsWith(".yaml")) assert.match(text, /^# /, `${p}: header comment`);
  }
});

test("two builds produce identical bytes", async () => {
  const first = snapshot(join(tmp, "generated"));
  rmSync(join(tmp, "generated"), { recursive: true });
  const r = await run({});
  assert.is(r.code, 0);
  assert.equal(snapshot(join(tmp, "generated")), first);
});

test("--check passes on fresh output and writes nothing", async () => {
  const r = await run({ check: true });
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /is up to date/);
});

test("--check exits 1 with a summary when output is stale, and leaves it alone", async () => {
  const gen = join(tmp, "generated");
  writeFileSync(join(gen, "limits/README.md"), "edited\n");
  writeFileSync(join(gen, "extra.yaml"), "x: 1\n");
  rmSync(join(gen, "no-host-network/suite.yaml"));
  const r = await run({ check: true });
  assert.is(r.code, 1);
  assert.match(r.err, /changed  limits\/README\.md/);
  assert.match(r.err, /missing  no-host-network\/suite\.yaml/);
  assert.match(r.err, /extra    extra\.yaml/);
  assert.match(r.err, /1 changed, 1 missing, 1 extra/);
  assert.is(readFileSync(join(gen, "limits/README.md"), "utf8"), "edited\n");
  const fixed = await run({});
  assert.is(fixed.code, 0);
  assert.not.ok(existsSync(join(gen, "extra.yaml")));
  assert.is((await run({ check: true })).code, 0);
});

test("invalid input exits 2, names file and property path, writes nothing", async () => {
  const out = join(tmp, "never");
  const r = await run({ inputs: ["invalid"], out });
  assert.is(r.code, 2);
  assert.match(r.err, /policy "bad" \(invalid\/bad\.ts\): checks\.runAsUser\.ranges\[0\]: min 2000 is greater than max 1000/);
  assert.match(r.err, /policy "bad" \(invalid\/bad\.ts\): enforcementAction\.scoped\[0\]\.enforcementPoints\[0\]: unknown enforcement point "webhook"/);
  assert.match(r.err, /invalid\/not-a-policy\.ts: the default export is not a policy/);
  assert.match(r.err, /nothing written/);
  assert.not.ok(existsSync(out));
  const missing = await run({ inputs: ["nope"], out });
  assert.is(missing.code, 2);
  assert.match(missing.err, /no such file or folder: nope/);
});

test("--rego-version v1 emits code entries with source.version v1", async () => {
  const out = join(tmp, "v1");
  const r = await run({ out, "rego-version": "v1" });
  assert.is(r.code, 0, r.err);
  const t = readFileSync(join(out, "templates/gpccustomnohostnetworkhostnetwork.yaml"), "utf8");
  assert.match(t, /code:\n\s+- engine: Rego\n\s+source:\n\s+rego: \|/);
  assert.match(t, /version: v1\n/);
  assert.not.match(t, /future\.keywords/);
  assert.not.match(t, /^ {4}- rego:/m);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
