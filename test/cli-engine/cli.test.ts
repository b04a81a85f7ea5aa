// `gpc test` and `gpc audit` end to end (library entry points of the commands, real policies,
// real compiler): exit codes, reports, bad input.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAudit } from "../../src/cli/commands/audit.js";
import { runTest } from "../../src/cli/commands/test.js";
import { spawnSync } from "node:child_process";

/** The real command line (yargs parsing included), in a child process. */
function gpc(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("./src/cli/main.ts").then((m) => m.main(${JSON.stringify(args)}))`], { cwd: root, encoding: "utf8", input: input ?? "", env: { ...process.env, FORCE_COLOR: "0" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const root = new URL("../../", import.meta.url).pathname;
const fx = "test/cli-engine/fixtures";
const psaLatest = (() => {
  const dir = join(root, "../shared/conformance/psa/restricted");
  return join(dir, readdirSync(dir).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))).pop()!);
})();

function io(stdin?: string) {
  const o = { out: "", err: "" };
  return { o, io: { out: (s: string) => { o.out += s; }, err: (s: string) => { o.err += s; }, ...(stdin !== undefined ? { readStdin: () => Buffer.from(stdin) } : {}) } };
}

test("gpc test passes on this repository's policies", async () => {
  const { o, io: x } = io();
  const code = await runTest({ reporter: "table", "cross-check": false }, x, root);
  assert.is(code, 0, o.out + o.err);
  assert.match(o.out, /\d+ cases in \d+ policies: (\d+) passed, 0 failed/);
});

test("gpc test: a denied case that is allowed fails with exit 1 and shows the case, the reason and the object", async () => {
  const { o, io: x } = io();
  const code = await runTest({ inputs: [`${fx}/broken/broken-case.ts`], reporter: "table", "cross-check": false }, x, root);
  assert.is(code, 1);
  assert.match(o.out, "✗ denied  should-be-denied-but-is-not  FAILED\n      expected denied, got no violations\n      object:\n        apiVersion: v1\n        kind: Pod");
  assert.match(o.out, "✓ allowed compliant");
  assert.match(o.out, "2 cases in 1 policy: 1 passed, 1 failed");
  const j = io();
  assert.is(await runTest({ inputs: [`${fx}/broken/broken-case.ts`], reporter: "junit", "cross-check": false }, j.io, root), 1);
  assert.match(j.o.out, /<testsuites name="gpc test" tests="2" failures="1"/);
  assert.match(j.o.out, /<testcase name="denied: should-be-denied-but-is-not" classname="broken-case"[^>]*>\n {6}<failure message="expected denied, got no violations"/);
});

test("gpc audit: Deployments, CronJobs and List items are reported against the workloads", async () => {
  const { o, io: x } = io();
  const code = await runAudit({ paths: [`${fx}/manifests/workloads`], policy: [`${fx}/policies/workloads-restricted.ts`], format: "json" }, x, root);
  assert.is(o.err, "");
  assert.is(code, 1);
  const findings = JSON.parse(o.out) as { object: { kind: string; name: string; namespace: string }; message: string; enforcementAction: string; policy: string }[];
  const flagged = [...new Set(findings.map((f) => `${f.object.kind}/${f.object.namespace}/${f.object.name}`))];
  assert.equal(flagged, ["Deployment/shop/legacy", "CronJob/ops/nightly", "Pod/shop/debug"]);
  assert.ok(findings.filter((f) => f.object.kind === "Deployment").every((f) => f.message.startsWith("[Implied by gpc-expand-workloads] ")));
  assert.ok(findings.some((f) => f.object.kind === "CronJob" && /host/i.test(f.message)));
  assert.ok(findings.every((f) => f.policy === "workloads-restricted" && f.enforcementAction === "deny"));
  assert.equal(Object.keys(findings[0]!), ["object", "policy", "constraint", "enforcementAction", "message", "details"]);
});

test("gpc audit --policy pss-restricted agrees with PSA pod for pod (latest version)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gpc-audit-psa-"));
  const expected = new Map<string, boolean>();
  for (const kind of ["pass", "fail"]) {
    for (const f of readdirSync(join(psaLatest, kind))) {
      copyFileSync(join(psaLatest, kind, f), join(dir, `${kind}-${f}`));
      expected.set(f.replace(/\.yaml$/, ""), kind === "fail");
    }
  }
  const { o, io: x } = io();
  const code = await runAudit({ paths: [dir], policy: ["policies/pss-restricted.ts"], format: "json" }, x, root);
  assert.is(o.err, "");
  assert.is(code, 1);
  const denied = new Set((JSON.parse(o.out) as { object: { name: string }; enforcementAction: string }[]).filter((f) => f.enforcementAction === "deny").map((f) => f.object.name));
  const disagree = [...expected].filter(([name, d]) => denied.has(name) !== d).map(([name, d]) => `${name}: PSA ${d ? "denies" : "allows"}`);
  assert.equal(disagree, []);
});

test("gpc audit: bad input exits 2 naming file and document, never a stack trace", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gpc-audit-bad-"));
  writeFileSync(join(dir, "invalid.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nspec: [oops\n");
  writeFileSync(join(dir, "nokind.yaml"), "apiVersion: v1\nmetadata: {name: b}\n");
  mkdirSync(join(dir, "bin"));
  writeFileSync(join(dir, "bin", "a.out"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
  writeFileSync(join(dir, "bin", "b.yaml"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
  writeFileSync(join(dir, "huge.yaml"), Buffer.alloc(50 * 1024 * 1024, "a"));
  const cases: [string[], RegExp][] = [
    [[join(dir, "invalid.yaml")], /invalid\.yaml: document 2 \(line \d+\): invalid YAML: /],
    [[join(dir, "nokind.yaml")], /nokind\.yaml: document 1 \(line 1\): has no kind/],
    [[join(dir, "bin")], /b\.yaml: binary input \(a NUL byte\): not a manifest; not read further/],
    [[join(dir, "huge.yaml")], /huge\.yaml: document 1 \(line 1\): document is over the 3\.0 MiB limit per object \(the API server's request limit\); not read/],
    [[join(dir, "missing")], /missing: cannot read: no such file or directory/],
  ];
  for (const [paths, re] of cases) {
    const { o, io: x } = io();
    const code = await runAudit({ paths, policy: ["policies/pss-restricted.ts"], format: "table" }, x, root);
    assert.is(code, 2, `${paths[0]}: ${o.err}`);
    assert.match(o.err, re);
    assert.not.match(o.err, /\n\s+at /);
  }
});

test("gpc audit reads stdin with - and prints SARIF", async () => {
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: root, namespace: x}\nspec:\n  containers: [{name: c, image: i, securityContext: {privileged: true}}]\n";
  const { o, io: x } = io(pod);
  const code = await runAudit({ paths: ["-"], policy: ["policies/pss-restricted.ts"], format: "sarif" }, x, root);
  assert.is(code, 1, o.err);
  const sarif = JSON.parse(o.out);
  assert.is(sarif.version, "2.1.0");
  assert.ok(sarif.runs[0].results.length > 0);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation, { artifactLocation: { uri: "stdin" }, region: { startLine: 1 } });
  assert.ok(sarif.runs[0].results.every((r: { level: string }) => r.level === "error"));
});

test("the command line: --policy before the paths, repeated --policy, exit codes, no stack traces", () => {
  const a = gpc(["audit", "--policy", `${fx}/policies/workloads-restricted.ts`, "--format", "json", `${fx}/manifests/workloads/cronjob.yaml`]);
  assert.is(a.code, 1, a.err);
  assert.equal((JSON.parse(a.out) as { object: { name: string } }[]).map((f) => f.object.name), ["nightly"]);
  const two = gpc(["audit", "-p", "policies/pss-baseline.ts", "-p", "policies/pss-restricted.ts", "-f", "json", "-"], "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostPID: true, containers: [{name: c, image: i}]}\n");
  assert.is(two.code, 1, two.err);
  assert.equal([...new Set((JSON.parse(two.out) as { policy: string }[]).map((f) => f.policy))], ["pss-baseline", "pss-restricted"]);
  const bad = gpc(["audit", "-p", "policies/pss-restricted.ts", "-"], "kind: [\n");
  assert.is(bad.code, 2);
  assert.match(bad.err, /^gpc audit: -: document 1 \(line \d+\): invalid YAML: /m);
  assert.not.match(bad.err, /\n\s+at /);
  const t = gpc(["test", `${fx}/broken/broken-case.ts`, "--reporter", "json"]);
  assert.is(t.code, 1);
  assert.equal((JSON.parse(t.out) as { case: string; passed: boolean }[]).map((r) => [r.case, r.passed]), [["compliant", true], ["should-be-denied-but-is-not", false]]);
});

test.run();
