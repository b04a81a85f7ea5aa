// Gatekeeper YAML as policy input (src/gatekeeper/read-objects.ts): gpc audit --policy and gpc
// test with templates, constraints and expansion templates from YAML, and generated/ giving the
// same findings as the TypeScript policies that produced it. Also: gpc's templates print numbers
// so that messages read the same under Gatekeeper's float64 input representation.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAudit } from "../../src/cli/commands/audit.js";
import { runTest } from "../../src/cli/commands/test.js";
import { readObjectFile, readPolicyObjects, splitPolicyInputs } from "../../src/gatekeeper/read-objects.js";
import { templateRego } from "../../src/engine/template.js";
import { WasmCache } from "../../src/engine/wasm.js";

const root = new URL("../../", import.meta.url).pathname;
const lib = "test/verify/fixtures/lib";

function io() {
  const o = { out: "", err: "" };
  return { o, io: { out: (s: string) => { o.out += s; }, err: (s: string) => { o.err += s; } } };
}

test("readPolicyObjects: templates, constraints with their policy, expansion templates; other kinds left out", () => {
  const set = readPolicyObjects([lib], root);
  assert.equal(set.templates.map((t) => t.metadata.name), ["testbroken", "testlabels", "testreview", "testuniquehost"]);
  assert.equal(set.constraints.map((c) => `${c.constraint.kind}/${c.constraint.metadata.name} ${c.policy}`).sort(), [
    "TestBroken/broken test/verify/fixtures/lib/broken-constraint.yaml",
    "TestLabels/bad-params test/verify/fixtures/lib/labels-constraint-bad-params.yaml",
    "TestLabels/must-have-owner-and-team test/verify/fixtures/lib/labels-constraint.yaml",
    "TestLabels/pods-need-owner test/verify/fixtures/lib/pod-labels-constraint.yaml",
    "TestReview/show-review test/verify/fixtures/lib/review-constraint.yaml",
    "TestUniqueHost/unique-host test/verify/fixtures/lib/unique-constraint.yaml",
  ]);
  assert.equal(set.expansionTemplates.map((x) => x.metadata.name), ["expand-deployments"]);
  assert.equal(set.errors, []);
});

test("generated/: each constraint counts once (constraints.yaml and suite/ hold it twice), policy from its label", () => {
  const set = readPolicyObjects(["generated"], root);
  assert.is(set.errors.length, 0);
  const names = set.constraints.map((c) => `${c.constraint.kind}/${c.constraint.metadata.name}`);
  assert.is(new Set(names).size, names.length);
  assert.ok(set.constraints.every((c) => c.policy === c.constraint.metadata.labels?.["gpc.dev/policy"]));
  assert.ok(set.suites.length > 0);
});

test("the same object defined differently in two files is an error naming both", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpc-objs-"));
  const c = (n: number) => `apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: TestLabels\nmetadata:\n  name: x\nspec:\n  parameters:\n    labels: ["${n}"]\n`;
  writeFileSync(join(dir, "a.yaml"), c(1));
  writeFileSync(join(dir, "b.yaml"), c(2));
  const set = readPolicyObjects([dir], dir);
  assert.equal(set.errors.map((e) => e.message), ["constraint TestLabels/x is also defined, differently, in a.yaml"]);
});

test("splitPolicyInputs: .ts and folders of .ts are TypeScript, YAML files and folders are objects", () => {
  assert.equal(splitPolicyInputs(["policies", "generated", `${lib}/labels-template.yaml`, "policies/pss-baseline.ts"], root), { ts: ["policies", "policies/pss-baseline.ts"], objects: ["generated", `${lib}/labels-template.yaml`] });
});

test("gpc audit --policy generated/ gives exactly the findings of the TypeScript policies", async () => {
  const a = io(), b = io();
  const manifests = ["test/cli-engine/fixtures/manifests/workloads"];
  const ca = await runAudit({ paths: manifests, policy: "generated", format: "json" }, a.io, root);
  const cb = await runAudit({ paths: manifests, format: "json" }, b.io, root);
  assert.is(ca, cb);
  assert.is(ca, 1);
  assert.is(a.o.out, b.o.out);
  assert.ok(JSON.parse(a.o.out).length > 5);
});

test("gpc audit --policy with a YAML template and constraint, mixed with a TypeScript policy", async () => {
  const x = io();
  const code = await runAudit({ paths: [`${lib}/cm-none.yaml`, `${lib}/cm-ok.yaml`], policy: [`${lib}/labels-template.yaml`, `${lib}/labels-constraint.yaml`, "policies/pss-baseline.ts"], format: "json" }, x.io, root);
  assert.is(code, 1, x.o.err);
  const findings = JSON.parse(x.o.out) as { object: { name: string }; policy: string; message: string }[];
  assert.equal(findings.map((f) => [f.object.name, f.policy, f.message]), [
    ["none", `${lib}/labels-constraint.yaml`, "ConfigMap shop/none must have label owner (mode all)"],
    ["none", `${lib}/labels-constraint.yaml`, "ConfigMap shop/none must have label team (mode all)"],
  ]);
});

test("gpc audit --policy: a template that does not compile is a policy problem (exit 2), never a clean pass", async () => {
  const x = io();
  const code = await runAudit({ paths: [`${lib}/cm-ok.yaml`], policy: [`${lib}/broken-template.yaml`, `${lib}/broken-constraint.yaml`], format: "table" }, x.io, root);
  assert.is(code, 2);
  assert.match(x.o.err, /template\/testbroken: cannot compile its Rego: testbroken\/template\.rego:5:10: rego-compile: undefined function unknown_helper/);
});

test("gpc test generated/ runs the gator suites gpc build wrote; a failing YAML suite fails the run", async () => {
  const x = io();
  assert.is(await runTest({ inputs: ["generated"], reporter: "json", "cross-check": false }, x.io, root), 0, x.o.err);
  const results = JSON.parse(x.o.out) as { policy: string; case: string; passed: boolean }[];
  assert.ok(results.length > 100);
  assert.ok(results.some((r) => r.policy === "pss-restricted" && r.case === "pss-restricted-privileged/privileged"));
  const y = io();
  assert.is(await runTest({ inputs: ["test/verify/fixtures/fail"], reporter: "table", "cross-check": false }, y.io, root), 1);
  assert.match(y.o.out, /✗ allowed does-not-compile\/never-a-pass {2}FAILED\n {6}adding template/);
});

test("templates print integers in full even when input numbers arrive as Go float64 text (2.147483647e+09)", async () => {
  const t = readObjectFile(join(root, "generated/templates/gpcrunasuser.yaml")).objects[0]!.object;
  const compiled = await new WasmCache({ cacheDir: false }).load(templateRego(t));
  const enc = new TextEncoder();
  // As Gatekeeper's float64 decoding would print them (Go's %v of a float64).
  const review = `{"kind":{"group":"","version":"v1","kind":"Pod"},"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d"},"spec":{"securityContext":{"runAsUser":5e+05},"containers":[{"name":"app","image":"nginx"}]}}}`;
  const params = `{"rule":"MustRunAs","ranges":[{"min":1e+06,"max":2.147483647e+09}]}`;
  const vs = compiled.evaluate({ review: enc.encode(review), reviewId: 1, params: enc.encode(params) }) as { msg: string }[];
  assert.equal(vs.map((v) => v.msg), ["pod must not set spec.securityContext.runAsUser to 500000 (allowed: 1000000-2147483647)"]);
});

test.run();
