import { test } from "uvu";
import * as assert from "uvu/assert";
import { notCheckedReason, podTemplatePath } from "../../src/engine/expand.js";
import { renderAuditJson, renderAuditSarif, renderAuditTable } from "../../src/engine/report/audit.js";
import { expansionTemplates } from "../../src/gatekeeper/emit.js";
import type { NotChecked } from "../../src/engine/findings.js";
import type { K8sObject } from "../../src/engine/types.js";

const TEMPLATES = expansionTemplates();
const tpl = { template: { spec: { containers: [{ name: "c", image: "i", securityContext: { privileged: true } }] } } };
const obj = (apiVersion: string, kind: string, spec: unknown): K8sObject => ({ apiVersion, kind, metadata: { name: "x", namespace: "ns" }, spec });

test("podTemplatePath: workloads of any version and anything with a pod template; Pods are reviewed directly", () => {
  assert.is(podTemplatePath(obj("extensions/v1beta1", "DaemonSet", tpl)), "spec.template");
  assert.is(podTemplatePath(obj("example.com/v1", "Rollout", tpl)), "spec.template");
  assert.is(podTemplatePath(obj("batch/v1beta1", "CronJob", { jobTemplate: { spec: tpl } })), "spec.jobTemplate.spec.template");
  assert.is(podTemplatePath(obj("v1", "Pod", { containers: [] })), undefined);
  assert.is(podTemplatePath(obj("v1", "ConfigMap", undefined)), undefined);
  assert.is(podTemplatePath(obj("example.com/v1", "Widget", { template: { spec: { replicas: 1 } } })), undefined);
  assert.is(podTemplatePath(obj("apps/v1beta1", "Deployment", { template: { spec: {} } })), "spec.template");
});

test("notCheckedReason: expanded versions are checked; others are not checked unless a constraint matches them", () => {
  assert.is(notCheckedReason(obj("apps/v1", "DaemonSet", tpl), TEMPLATES, false), undefined);
  assert.is(notCheckedReason(obj("extensions/v1beta1", "DaemonSet", tpl), TEMPLATES, true), undefined);
  assert.is(notCheckedReason(obj("extensions/v1beta1", "DaemonSet", tpl), TEMPLATES, false), "its pod template (spec.template) was not checked: no ExpansionTemplate expands extensions/v1beta1 DaemonSet (only apps/v1) and no constraint matches it (extensions/v1beta1 is no longer served by Kubernetes; the cluster would refuse it)");
  assert.is(notCheckedReason(obj("apps/v1", "Deployment", tpl), [], false), "its pod template (spec.template) was not checked: no ExpansionTemplate expands apps/v1 Deployment and no constraint matches it");
});

const nc: NotChecked = { object: { apiVersion: "extensions/v1beta1", kind: "DaemonSet", namespace: "ns", name: "x" }, reason: "its pod template (spec.template) was not checked: …", source: { file: "a.yaml", document: 1, line: 1 } };

test("not-checked rows in the table, JSON and SARIF, and in the summary", () => {
  assert.is(renderAuditTable([], { objects: 1, policies: 1, constraints: 2, ms: 10 }, [nc]), "DaemonSet ns/x  (a.yaml:1)\n  not-checked  its pod template (spec.template) was not checked: …\n\n0 findings in 0 of 1 object, 1 not checked; 1 policy, 2 constraints; 0.01 s\n");
  assert.equal(JSON.parse(renderAuditJson([], [nc])), [{ object: nc.object, policy: "", constraint: { kind: "", name: "" }, enforcementAction: "not-checked", message: nc.reason, details: {} }]);
  const sarif = JSON.parse(renderAuditSarif([], "0", [nc]));
  assert.equal(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id), ["gpc/not-checked"]);
  assert.equal([sarif.runs[0].results[0].level, sarif.runs[0].results[0].ruleId], ["error", "gpc/not-checked"]);
});

test.run();
