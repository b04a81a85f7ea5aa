import { test } from "uvu";
import * as assert from "uvu/assert";
import { applyDefaults, constraintParameters } from "../../src/engine/params.js";
import { actionsAt, enforcementProblems, isDeny } from "../../src/engine/enforcement.js";
import { buildReview, resourceOf } from "../../src/engine/review.js";
import { packagePath, templateRego } from "../../src/engine/template.js";
import type { K8sObject } from "../../src/engine/types.js";

const pod: K8sObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "team-a" }, spec: { containers: [] } };

test("review: admission shape, CREATE by default, namespaceObject when known", () => {
  const ns: K8sObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { env: "prod" } } };
  const r = buildReview({ object: pod, namespaceObject: ns });
  assert.equal(r.kind, { group: "", version: "v1", kind: "Pod" });
  assert.equal(r.resource, { group: "", version: "v1", resource: "pods" });
  assert.is(r.name, "web");
  assert.is(r.namespace, "team-a");
  assert.is(r.operation, "CREATE");
  assert.equal(r.userInfo, { username: "gpc", uid: "", groups: ["system:authenticated"] });
  assert.is(r.object, pod);
  assert.is(r.oldObject, null);
  assert.is(r.namespaceObject, ns);
  assert.match(r.uid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test("review: DELETE reviews the old object; Namespace objects get namespace \"\" and no namespaceObject", () => {
  const r = buildReview({ object: pod, operation: "DELETE" });
  assert.is(r.operation, "DELETE");
  assert.is(r.object, pod);
  assert.is(r.oldObject, pod);
  const ns = buildReview({ object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "x", namespace: "y" } } });
  assert.is(ns.namespace, "");
  assert.is(ns.namespaceObject, null);
  const cluster = buildReview({ object: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "r" } } });
  assert.equal(cluster.kind, { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole" });
  assert.is(cluster.namespaceObject, null);
});

test("resource names are lowercase plurals", () => {
  assert.equal(["Pod", "Ingress", "NetworkPolicy", "Endpoints", "StatefulSet"].map(resourceOf), ["pods", "ingresses", "networkpolicies", "endpoints", "statefulsets"]);
});

test("parameter defaults: missing properties get defaults, recursively, arrays per item; values are never shared", () => {
  const schema = {
    type: "object",
    properties: {
      mode: { type: "string", default: "strict" },
      exempt: { type: "object", default: {}, properties: { images: { type: "array", default: [] } } },
      ranges: { type: "array", items: { type: "object", properties: { min: { type: "integer", default: 1 } } } },
      labels: { type: "object", additionalProperties: { type: "object", properties: { required: { type: "boolean", default: true } } } },
    },
  };
  const out = applyDefaults({ ranges: [{}, { min: 5 }], labels: { a: {} }, mode: "lax" }, schema) as Record<string, unknown>;
  assert.equal(out, { ranges: [{ min: 1 }, { min: 5 }], labels: { a: { required: true } }, mode: "lax", exempt: { images: [] } });
  const a = applyDefaults({}, schema) as { exempt: { images: unknown[] } };
  a.exempt.images.push("x");
  assert.equal((applyDefaults({}, schema) as { exempt: { images: unknown[] } }).exempt.images, []);
});

test("constraint parameters are {} when absent, with the template's schema defaults", () => {
  const tmpl = { apiVersion: "templates.gatekeeper.sh/v1", kind: "ConstraintTemplate", metadata: { name: "k" }, spec: { crd: { spec: { validation: { openAPIV3Schema: { type: "object", properties: { n: { type: "integer", default: 3 } } } } } } } };
  assert.equal(constraintParameters({ spec: {} }, tmpl), { n: 3 });
  assert.equal(constraintParameters({ spec: { parameters: { n: 0 } } }, tmpl), { n: 0 });
  assert.equal(constraintParameters({}, { spec: {} }), {});
});

test("enforcement: deny default, plain actions, scoped at the gator point, skipped elsewhere", () => {
  assert.equal(actionsAt({ spec: {} }), { action: "deny", effective: "deny" });
  assert.equal(actionsAt({ spec: { enforcementAction: "warn" } }), { action: "warn", effective: "warn" });
  const scoped = { spec: { enforcementAction: "scoped", scopedEnforcementActions: [
    { action: "warn", enforcementPoints: [{ name: "gator.gatekeeper.sh" }] },
    { action: "deny", enforcementPoints: [{ name: "validation.gatekeeper.sh" }] },
    { action: "dryrun", enforcementPoints: [{ name: "*" }] },
  ] } };
  assert.equal(actionsAt(scoped), { action: "scoped", scopedActions: ["dryrun", "warn"], effective: "warn" });
  assert.equal(actionsAt(scoped, "validation.gatekeeper.sh"), { action: "scoped", scopedActions: ["deny", "dryrun"], effective: "deny" });
  assert.is(actionsAt({ spec: { enforcementAction: "scoped", scopedEnforcementActions: [{ action: "deny", enforcementPoints: [{ name: "audit.gatekeeper.sh" }] }] } }), undefined);
  assert.is(isDeny({ enforcementAction: "scoped", scopedActions: ["deny", "warn"] }), true);
  assert.is(isDeny({ enforcementAction: "warn" }), false);
  assert.is(isDeny({ enforcementAction: "Deny" }), false);
  assert.equal(enforcementProblems({ spec: { enforcementAction: "Deny" } }), ['spec.enforcementAction: "Deny" is not one of deny, dryrun, warn, scoped']);
  assert.equal(enforcementProblems({ spec: { enforcementAction: "scoped", scopedEnforcementActions: [{ action: "block", enforcementPoints: [] }] } }), [
    'spec.scopedEnforcementActions[0].action: "block" is not one of deny, dryrun, warn',
    "spec.scopedEnforcementActions[0].enforcementPoints: must not be empty",
  ]);
});

test("templates: legacy rego (v0), code[Rego] with version, package → entrypoint, libs", () => {
  const legacy: K8sObject = { apiVersion: "templates.gatekeeper.sh/v1", kind: "ConstraintTemplate", metadata: { name: "k8sfoo" }, spec: { crd: { spec: { names: { kind: "K8sFoo" } } }, targets: [{ target: "admission.k8s.gatekeeper.sh", rego: "# package nope\npackage k8s.foo\nviolation[{\"msg\": \"x\"}] { true }", libs: ["package lib.a\nx := 1"] }] } };
  const t = templateRego(legacy);
  assert.equal({ kind: t.kind, entrypoint: t.entrypoint, v: t.regoVersion, files: Object.keys(t.modules) }, { kind: "K8sFoo", entrypoint: "k8s/foo/violation", v: "v0", files: ["k8sfoo/template.rego", "k8sfoo/lib0.rego"] });
  const code: K8sObject = { ...legacy, spec: { crd: { spec: { names: { kind: "K8sFoo" } } }, targets: [{ target: "admission.k8s.gatekeeper.sh", code: [{ engine: "K8sNativeValidation", source: {} }, { engine: "Rego", source: { rego: "package foo\nviolation contains {\"msg\": \"x\"} if { true }", version: "v1" } }] }] } };
  assert.equal([templateRego(code).regoVersion, templateRego(code).entrypoint], ["v1", "foo/violation"]);
  assert.equal(packagePath('package a.b["c-d"]\n'), ["a", "b", "c-d"]);
  assert.throws(() => templateRego({ ...legacy, spec: { crd: { spec: { names: { kind: "K8sFoo" } } }, targets: [] } }), /exactly one target, found 0/);
});

test.run();
