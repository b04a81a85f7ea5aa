/**
 * `gpc build --vap`: ValidatingAdmissionPolicy + Binding per constraint, parameters inlined as
 * an escaped CEL literal, match and actions mapped, what cannot be expressed reported; the VAP's
 * CEL evaluated in-process decides and words as the template's CEL does.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { load } from "js-yaml";
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../../src/dsl/index.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";
import { celLiteral } from "../../src/gatekeeper/vap.js";
import { print } from "../../src/cel/print.js";
import { CelTemplate } from "../../src/engine/cel-driver.js";
import { run } from "@bufbuild/cel";

const ok = samplePod("web");
const policy = definePolicy({
  name: "vap-demo",
  pss: { level: "baseline" },
  exemptions: { images: ['registry.k8s.io/pause"*'] },
  match: { excludedNamespaces: ["kube-*", "gatekeeper-system"], labelSelector: { matchLabels: { team: "a" } } },
  enforcementAction: "warn",
  cases: [allowed("ok", ok), denied("priv", tweakContainer(ok, (c) => { c.securityContext = { privileged: true }; }), { deniedBy: "privileged" })],
});
const a = emitArtifacts([{ model: policy, sourceFile: "vap-demo.ts" }], "v0", { vap: true });
const vapText = a.files.get("vap/vap-demo.yaml")!;
const objects = vapText.split(/^---$/m).slice(1).map((d) => load(d) as any);

test("one policy and one binding per constraint, Deny/Warn/Audit from the action, selectors in the binding", () => {
  const constraints = a.policies[0]!.constraints;
  assert.is(objects.length, constraints.length * 2);
  const binding = objects.find((o) => o.kind === "ValidatingAdmissionPolicyBinding" && o.metadata.name === "gpc-vap-demo-privileged");
  assert.equal(binding.spec.validationActions, ["Warn"]);
  assert.equal(binding.spec.matchResources.objectSelector, { matchLabels: { team: "a" } });
  const vap = objects.find((o) => o.kind === "ValidatingAdmissionPolicy" && o.metadata.name === "gpc-vap-demo-privileged");
  assert.is(vap.apiVersion, "admissionregistration.k8s.io/v1");
  assert.equal(vap.spec.matchConstraints.resourceRules[0].resources, ["pods"]);
  assert.equal(vap.spec.matchConditions.map((m: any) => m.name), ["gpc_excluded_namespaces"]);
  assert.equal(vap.spec.variables.slice(0, 2).map((v: any) => v.name), ["anyObject", "params"]);
  assert.ok(a.files.get("vap/kustomization.yaml")!.includes("vap-demo.yaml"));
});

test("parameters are an escaped literal that evaluates back to the constraint's parameters", () => {
  const weird = { exemptImages: ['a"b\\c', "x\ny"], n: 5, on: true, nested: { k: [] } };
  const L = print(celLiteral(weird));
  assert.is(run(`${L}.exemptImages[0]`, {}), 'a"b\\c');
  assert.is(run(`${L}.exemptImages[1]`, {}), "x\ny");
  assert.is(run(`${L}.n == 5 && ${L}.on && size(${L}.nested.k) == 0 && size(${L}) == 4`, {}), true);
  assert.throws(() => celLiteral({ x: 1.5 }), /not an integer/);
});

test("the VAP's CEL decides and words as the template's", () => {
  const vap = objects.find((o) => o.kind === "ValidatingAdmissionPolicy" && o.metadata.name === "gpc-vap-demo-privileged");
  const t = new CelTemplate("vap", { variables: vap.spec.variables, validations: vap.spec.validations, matchCondition: vap.spec.matchConditions, failurePolicy: "Fail" }, "vap");
  const bad = tweakContainer(ok, (c) => { c.securityContext = { privileged: true }; });
  const exempt = tweakContainer(bad, (c) => { c.image = 'registry.k8s.io/pause"3.9'; });
  const review = (pod: any, ns = "default") => ({ kind: { group: "", version: "v1", kind: "Pod" }, namespace: ns, operation: "CREATE", object: pod, oldObject: null });
  const none = { apiVersion: "x", kind: "x", metadata: {} };
  assert.equal(t.evaluate(review(bad), none), [{ msg: 'container "app" must not set securityContext.privileged to true' }]);
  assert.equal(t.evaluate(review(exempt), none), []);
  assert.equal(t.evaluate(review(bad, "kube-system"), none), []);
  assert.equal(t.evaluate(review(ok), none), []);
});

test("what VAP cannot express is reported: workload expansion, scoped actions without vap.k8s.io", () => {
  const p1 = definePolicy({ ...policyProps(), expandWorkloads: true });
  const w1 = emitArtifacts([{ model: p1, sourceFile: "x.ts" }], "v0", { vap: true });
  assert.ok(w1.warnings!.some((w) => w.includes("workload expansion")));
  assert.ok(w1.files.has("vap/x2.yaml"));
  const p2 = definePolicy({ ...policyProps(), enforcementAction: { scoped: [{ action: "deny", enforcementPoints: ["validation.gatekeeper.sh"] }] } });
  const w2 = emitArtifacts([{ model: p2, sourceFile: "x.ts" }], "v0", { vap: true });
  assert.ok(w2.warnings!.some((w) => w.includes("no scoped enforcement action lists vap.k8s.io")));
  assert.not.ok(w2.files.has("vap/x2.yaml"));
});

function policyProps() {
  return { name: "x2", pss: { level: "baseline" as const }, cases: [allowed("ok", ok), denied("pid", tweak(ok, (p) => { p.spec.hostPID = true; }), { deniedBy: "hostNamespaces" })] };
}

test.run();
