import { test } from "uvu";
import * as assert from "uvu/assert";
import { goRegExp, judgeCase, diffViolations } from "../../src/engine/cases.js";
import { compareFindings, hasDeny } from "../../src/engine/findings.js";
import { renderAuditJson, renderAuditSarif, renderAuditTable } from "../../src/engine/report/audit.js";
import { renderTestJunit, renderTestTable } from "../../src/engine/report/test.js";
import type { CaseResult } from "../../src/engine/cases.js";
import type { LocatedFinding, Violation } from "../../src/engine/types.js";

const v = (msg: string, name = "c1", action = "deny"): Violation => ({ msg, details: {}, constraint: { kind: "K", name }, enforcementAction: action });
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } };

test("judgeCase: allowed ignores warn, denied needs a violation, patterns, counts and deniedBy", () => {
  assert.equal(judgeCase({ name: "a", object: pod, expect: "allowed" }, [v("w", "c1", "warn")], []), []);
  assert.equal(judgeCase({ name: "a", object: pod, expect: "allowed" }, [v("x")], []), ["expected allowed, got 1 deny violation"]);
  assert.equal(judgeCase({ name: "d", object: pod, expect: "denied" }, [], []), ["expected denied, got no violations"]);
  assert.equal(judgeCase({ name: "d", object: pod, expect: "denied", messages: ["privileged", "(?i)HOST"], count: 2, deniedBy: ["c1", "c9"] }, [v("container is privileged"), v("uses host network")], []), ["expected a violation from constraint c9, got none"]);
  assert.equal(judgeCase({ name: "d", object: pod, expect: "denied", messages: ["nope", "("], count: 1 }, [v("a"), v("b")], []), [
    'no violation message matches "nope"',
    'message pattern "(" is not a valid regular expression: Invalid regular expression: /(/: Unterminated group',
    "expected 1 violation, got 2",
  ]);
  assert.equal(judgeCase({ name: "a", object: pod, expect: "allowed" }, [], [{ message: "violation msg is not a string: 1", constraint: { kind: "K", name: "c1" } }]), ["review error in K/c1: violation msg is not a string: 1"]);
  assert.is(goRegExp("(?i)abc").flags, "i");
});

test("diffViolations names what only one side reported", () => {
  assert.equal(diffViolations([v("a"), v("b")], [v("b"), v("c")], "opa"), ["only gpc: K/c1: a", "only opa: K/c1: c"]);
});

const f = (kind: string, name: string, msg: string, action = "deny", ns = "default"): LocatedFinding => ({
  object: { apiVersion: kind === "Deployment" ? "apps/v1" : "v1", kind, namespace: ns, name }, policy: "pss", constraint: { kind: "GpcPrivileged", name: "pss-privileged" },
  enforcementAction: action, message: msg, details: { container: "c" }, source: { file: "m/app.yaml", document: 2, line: 7 },
});

test("findings sort by object then policy, constraint, message; hasDeny", () => {
  const xs = [f("Pod", "b", "z"), f("Deployment", "a", "y"), f("Pod", "a", "x", "warn")].sort(compareFindings);
  assert.equal(xs.map((x) => `${x.object.kind}/${x.object.name}`), ["Deployment/a", "Pod/a", "Pod/b"]);
  assert.is(hasDeny([f("Pod", "a", "x", "warn")]), false);
  assert.is(hasDeny(xs), true);
});

test("audit JSON: exactly the documented keys, no source", () => {
  const out = JSON.parse(renderAuditJson([f("Pod", "a", "m")]));
  assert.equal(out, [{ object: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "a" }, policy: "pss", constraint: { kind: "GpcPrivileged", name: "pss-privileged" }, enforcementAction: "deny", message: "m", details: { container: "c" } }]);
});

test("audit table groups by object and sums up", () => {
  assert.is(renderAuditTable([f("Pod", "a", "m1"), f("Pod", "a", "m2", "warn")], { objects: 3, policies: 1, constraints: 16, ms: 1234 }),
    "Pod default/a  (m/app.yaml:7)\n  deny    GpcPrivileged/pss-privileged  m1\n  warn    GpcPrivileged/pss-privileged  m2\n\n2 findings (1 deny, 1 warn) in 1 of 3 objects; 1 policy, 16 constraints; 1.23 s\n");
  assert.is(renderAuditTable([], { objects: 1, policies: 2, constraints: 1, ms: 10 }), "0 findings in 0 of 1 object; 2 policies, 1 constraint; 0.01 s\n");
});

test("SARIF 2.1.0: rules per policy/kind, levels, file and line", () => {
  const s = JSON.parse(renderAuditSarif([f("Pod", "a", "m1"), f("Pod", "b", "m2", "dryrun")], "1.2.3"));
  assert.is(s.version, "2.1.0");
  const run = s.runs[0];
  assert.equal(run.tool.driver.rules.map((r: { id: string }) => r.id), ["pss/GpcPrivileged"]);
  assert.equal(run.results.map((r: { level: string; ruleIndex: number }) => [r.level, r.ruleIndex]), [["error", 0], ["note", 0]]);
  assert.equal(run.results[0].locations[0].physicalLocation, { artifactLocation: { uri: "m/app.yaml" }, region: { startLine: 7 } });
  assert.is(run.results[0].message.text, "Pod default/a: m1");
});

const cr = (name: string, passed: boolean): CaseResult => ({ policy: "pss", sourceFile: "policies/pss.ts", name, expect: passed ? "allowed" : "denied", passed, failures: passed ? [] : ["expected denied, got no violations"], violations: [], errors: [], object: pod, ms: 2 });

test("test table shows the failing case's reasons and object; JUnit has a failure element", () => {
  const t = renderTestTable([cr("ok", true), cr("bad", false)], [], 500);
  assert.is(t, "pss  (policies/pss.ts)\n  ✓ allowed ok\n  ✗ denied  bad  FAILED\n      expected denied, got no violations\n      object:\n        apiVersion: v1\n        kind: Pod\n        metadata:\n          name: p\n\n2 cases in 1 policy: 1 passed, 1 failed (0.50 s)\n");
  const j = renderTestJunit([cr("ok", true), cr("bad <x>", false)], 500);
  assert.match(j, /<testsuites name="gpc test" tests="2" failures="1"/);
  assert.match(j, /<testcase name="denied: bad &lt;x&gt;" classname="pss" file="policies\/pss.ts" time="0.002">\n      <failure message="expected denied, got no violations"/);
});

test.run();
