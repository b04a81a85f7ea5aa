// gpc verify end to end on suites written for these tests (test/verify/fixtures): every suite
// feature gator reads (assertions yes/no/N with message filters, inventory, AdmissionReview and
// plain-object review shapes, expansion, skip, invalid), gator's failure texts, the three output
// formats, --run, exit codes; and gpc's own generated suites.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runVerify } from "../../src/cli/commands/verify.js";
import { parseFilter } from "../../src/verify/run.js";
import { suiteFiles } from "../../src/verify/suite.js";
import { parameterProblems } from "../../src/verify/schema.js";

const root = new URL("../../", import.meta.url).pathname;
const fx = "test/verify/fixtures";

async function verify(paths: string[], more: { run?: string; format?: "text" | "json" | "junit"; verbose?: boolean } = {}) {
  const o = { out: "", err: "" };
  const code = await runVerify({ paths, format: more.format ?? "text", verbose: more.verbose ?? false, ...(more.run ? { run: more.run } : {}) }, { out: (s) => { o.out += s; }, err: (s) => { o.err += s; } }, root);
  return { code, ...o };
}
const untimed = (s: string) => s.replace(/\t\(?\d+\.\d{3}s\)?/g, "");

type J = { passed: boolean; counts: Record<string, number>; suites: { path: string; status: string; error?: string; tests: { name: string; status: string; error?: string; cases: { name: string; status: string; error?: string; violations?: { msg: string }[] }[] }[] }[] };

test("every feature passes on the ok suites, exit 0, gator's text", async () => {
  const r = await verify([`${fx}/ok`]);
  assert.is(r.code, 0, r.out + r.err);
  assert.is(untimed(r.out), `ok\t${fx}/ok/skipped-suite.yaml\nok\t${fx}/ok/suite.yaml\nPASS\n`);
});

test("json: statuses and the violations each case saw (plain object vs AdmissionReview review shape)", async () => {
  const r = await verify([`${fx}/ok/suite.yaml`], { format: "json" });
  const j = JSON.parse(r.out) as J;
  assert.is(j.passed, true);
  const tests = Object.fromEntries(j.suites[0]!.tests.map((t) => [t.name, t]));
  assert.equal(tests["labels"]!.cases.map((c) => [c.name, c.status]), [["all-labels", "passed"], ["none", "passed"], ["one-missing", "passed"], ["not-matched-kind", "passed"], ["skipped-case", "skipped"]]);
  assert.equal(tests["review-shape"]!.cases.map((c) => c.violations!.map((v) => v.msg)), [
    ['operation="" user="" uid="" old=false nsobj=false'],
    ['operation="UPDATE" user="alice" uid="0b1c2d3e" old=true nsobj=false'],
  ]);
  assert.equal(tests["inventory"]!.cases.map((c) => c.violations!.map((v) => v.msg)), [[], ["host shop.example.com is used by route blog/other"], ["namespace is frozen"]]);
  assert.equal(tests["expansion"]!.cases[0]!.violations!.map((v) => v.msg), ["[Implied by expand-deployments] Pod shop/web-pod must have label owner (mode any)"]);
  assert.is(tests["invalid-parameters"]!.status, "passed");
  assert.is(tests["skipped-test"]!.status, "skipped");
  assert.equal(j.counts, { suites: 1, tests: 5, cases: 10, passed: 10, failed: 0, skipped: 2, errors: 0 });
});

test("failures and errors: gator's messages, never a pass for what could not be checked, exit 1", async () => {
  const r = await verify([`${fx}/fail`]);
  assert.is(r.code, 1);
  const out = untimed(r.out);
  for (const line of [
    "    --- FAIL: expects-none\n        unexpected number of violations: got 2 violations but want none: got messages [ConfigMap shop/none must have label owner (mode all) ConfigMap shop/none must have label team (mode all)]",
    "    --- FAIL: expects-three\n        unexpected number of violations: got 2 violations but want exactly 3: got messages",
    '    --- FAIL: message-not-found\n        unexpected number of violations: got 1 violations containing "label owner" but want exactly 2',
    '    --- FAIL: two-objects\n        object file must contain exactly one object: "../lib/two-objects.yaml" defines 2 objects',
    "    --- FAIL: no-assertions\n        invalid Case: assertions must be non-empty",
    '    --- FAIL: empty-admission-review\n        no object or oldObject found to review',
    "--- FAIL: does-not-compile\n  adding template ../lib/broken-template.yaml: cannot compile its Rego: testbroken/template.rego:5:10: rego-compile: undefined function unknown_helper",
    "--- FAIL: valid-but-marked-invalid\n  constraint should have failed schema validation",
    `FAIL\t${fx}/fail/suite.yaml\nFAIL\n`,
  ]) assert.ok(out.includes(line), `missing:\n${line}\nin:\n${out}`);
  assert.not.ok(out.includes("FAIL: passes"));
  const j = JSON.parse((await verify([`${fx}/fail`], { format: "json" })).out) as J;
  assert.equal(j.counts, { suites: 1, tests: 3, cases: 8, passed: 1, failed: 4, skipped: 0, errors: 5 });
});

test("an unreadable suite is reported as failing, the other suites still run; PATH/... recurses", async () => {
  const r = await verify([`${fx}/...`]);
  assert.is(r.code, 1);
  const out = untimed(r.out);
  assert.ok(out.startsWith(`FAIL\t${fx}/bad/suite.yaml\n  invalid yaml: ${fx}/bad/suite.yaml: tests[0].name: expected a string, got 3\n`), out);
  assert.ok(out.includes(`ok\t${fx}/ok/suite.yaml\n`));
  // A folder without /... reads only its own files.
  assert.is((await verify([fx])).code, 1);
  const none = await verify([fx]);
  assert.match(none.err, /no suites/);
  assert.is(none.out, "", "no PASS line when nothing was verified");
});

test("--run filters tests and cases as gator does", async () => {
  const f = parseFilter("labels//^none$");
  assert.ok(f.matchesCase("labels", "none"));
  assert.not.ok(f.matchesCase("labels", "none-2"));
  assert.not.ok(f.matchesCase("other", "none"));
  const either = parseFilter("inventory");
  assert.ok(either.matchesCase("inventory", "x"));
  assert.ok(either.matchesCase("x", "inventory-case"));
  assert.throws(() => parseFilter("a//b//c"), /at most one "\/\/"/);
  const r = await verify([`${fx}/fail`], { run: "wrong-expectations//^passes$", format: "json" });
  assert.is(r.code, 0, r.out);
  const j = JSON.parse(r.out) as J;
  assert.equal(j.counts.passed, 1);
  assert.is((await verify([`${fx}/fail`], { run: "a//b//c" })).code, 2);
});

test("junit: a testsuite per suite file, failure for assertions, error for what could not run", async () => {
  const r = await verify([`${fx}/fail`], { format: "junit" });
  assert.match(r.out, /<testsuite name="test\/verify\/fixtures\/fail\/suite.yaml" tests="10" failures="4" errors="5" skipped="0"/);
  assert.match(r.out, /<testcase classname="wrong-expectations" name="expects-none" time="[\d.]+">\n {6}<failure message="unexpected number of violations: got 2 violations but want none/);
  assert.match(r.out, /<testcase classname="test\/verify\/fixtures\/fail\/suite.yaml" name="does-not-compile" time="[\d.]+">\n {6}<error /);
});

test("usage errors exit 2: a missing path, /... after a file", async () => {
  assert.is((await verify(["test/verify/nope"])).code, 2);
  assert.throws(() => suiteFiles(`${fx}/ok/suite.yaml/...`, root), /can only recursively traverse directories/);
});

test("parameters are checked against the template's schema (gator: invalid constraints)", () => {
  const template = { apiVersion: "templates.gatekeeper.sh/v1", kind: "ConstraintTemplate", metadata: { name: "t" }, spec: { crd: { spec: { validation: { openAPIV3Schema: { type: "object", properties: { n: { type: "integer" }, s: { type: "array", items: { type: "string" } }, e: { type: "string", enum: ["a"] } } } } } } } };
  const c = (parameters: unknown) => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind: "T", metadata: { name: "c" }, spec: { parameters } });
  assert.equal(parameterProblems(c({ n: 1, s: ["x"], e: "a" }), template), []);
  assert.equal(parameterProblems(c({ n: 1.5 }), template).length, 1);
  assert.equal(parameterProblems(c({ s: "x" }), template).length, 1);
  assert.equal(parameterProblems(c({ e: "b" }), template).length, 1);
  assert.equal(parameterProblems(c({ other: 1 }), template), ["spec.parameters.other: unknown field"]);
  // legacySchema (and v1beta1 templates by default) preserve unknown fields.
  assert.equal(parameterProblems(c({ other: 1 }), { ...template, apiVersion: "templates.gatekeeper.sh/v1beta1" }), []);
});

test("gpc's own generated suites pass under gpc verify", async () => {
  const r = await verify(["generated/..."]);
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /ok\tgenerated\/pss-restricted\/suite.yaml\t/);
});

test.run();
