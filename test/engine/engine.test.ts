// The engine's Gatekeeper behaviour (match → review → evaluate → normalise), with the Rego
// evaluation replaced by JavaScript functions through the loader seam, so these tests do not
// depend on the Rego compiler. test/engine/wasm.test.ts runs real Rego.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createEngine } from "../../src/engine/engine.js";
import { inputBytes, type CompiledTemplate, type EvalInput } from "../../src/engine/wasm.js";
import type { TemplateRego } from "../../src/engine/template.js";
import type { K8sObject } from "../../src/engine/types.js";
import { expansionTemplates } from "../../src/gatekeeper/emit.js";

type Fn = (input: { review: Record<string, any>; parameters: Record<string, any> }) => unknown[];

const template = (kind: string, schema?: object): K8sObject => ({
  apiVersion: "templates.gatekeeper.sh/v1", kind: "ConstraintTemplate", metadata: { name: kind.toLowerCase() },
  spec: { crd: { spec: { names: { kind }, ...(schema ? { validation: { openAPIV3Schema: schema } } : {}) } }, targets: [{ target: "admission.k8s.gatekeeper.sh", rego: `package ${kind.toLowerCase()}\nviolation[{"msg": "x"}] { true }` }] },
});
const constraint = (kind: string, name: string, spec: object = {}): K8sObject => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name }, spec });
const pod = (name: string, ns = "default", extra: object = {}): K8sObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns }, spec: { containers: [{ name: "c", image: "nginx", ...extra }] } });

function loaderOf(fns: Record<string, Fn>, seen: unknown[] = []) {
  return async (t: TemplateRego): Promise<CompiledTemplate> => ({
    template: t,
    setData() {},
    evaluate(i: EvalInput) { const input = JSON.parse(new TextDecoder().decode(inputBytes(i))); seen.push(input); return fns[t.kind]!(input); },
  });
}

const privileged: Fn = ({ review }) => (review.object.spec?.containers ?? []).filter((c: any) => c.securityContext?.privileged).map((c: any) => ({ msg: `container ${c.name} is privileged` }));

test("input is {review, parameters} with defaults; only matching constraints are evaluated", async () => {
  const seen: any[] = [];
  const e = await createEngine({
    templates: [template("Priv", { type: "object", properties: { allow: { type: "boolean", default: false } } })],
    constraints: [{ constraint: constraint("Priv", "p1", { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], excludedNamespaces: ["kube-*"] } }), policy: "pol" }],
    loader: loaderOf({ Priv: privileged }, seen),
  });
  assert.equal(e.problems, []);
  assert.equal(e.review({ object: pod("a", "kube-system", { securityContext: { privileged: true } }) }).violations, []);
  assert.is(seen.length, 0);
  const r = e.review({ object: pod("a", "default", { securityContext: { privileged: true } }) });
  assert.equal(r.violations, [{ constraint: { kind: "Priv", name: "p1" }, enforcementAction: "deny", policy: "pol", msg: "container c is privileged", details: {} }]);
  assert.equal(Object.keys(seen[0]).sort(), ["parameters", "review"]);
  assert.equal(seen[0].parameters, { allow: false });
  assert.is(seen[0].review.operation, "CREATE");
  assert.is(seen[0].review.object.metadata.name, "a");
});

test("violation normalisation: non-objects and missing msg dropped, non-string msg is a review error, duplicates collapse, details default {}", async () => {
  const e = await createEngine({
    templates: [template("Odd")],
    constraints: [{ constraint: constraint("Odd", "o") }],
    loader: loaderOf({ Odd: () => ["just a string", { message: "wrong key" }, { msg: 42 }, { msg: "same" }, { msg: "same" }, { msg: "same", details: {} }, { msg: "d", details: { k: 1 } }] }),
  });
  const r = e.review({ object: pod("a") });
  assert.equal(r.violations.map((v) => [v.msg, v.details]), [["same", {}], ["d", { k: 1 }]]);
  assert.equal(r.errors, [{ constraint: { kind: "Odd", name: "o" }, message: "violation msg is not a string: 42" }]);
});

test("a runtime error is one fail-closed violation per constraint", async () => {
  const e = await createEngine({
    templates: [template("Boom")],
    constraints: [{ constraint: constraint("Boom", "b1") }, { constraint: constraint("Boom", "b2", { enforcementAction: "warn" }) }],
    loader: loaderOf({ Boom: () => { throw "boom.rego:3:5: eval_conflict_error: complete rules must not produce multiple outputs"; } }),
  });
  const r = e.review({ object: pod("a") });
  assert.equal(r.violations.map((v) => [v.constraint.name, v.enforcementAction, v.error, v.msg]), [
    ["b1", "deny", "runtime", "boom.rego:3:5: eval_conflict_error: complete rules must not produce multiple outputs"],
    ["b2", "warn", "runtime", "boom.rego:3:5: eval_conflict_error: complete rules must not produce multiple outputs"],
  ]);
});

test("namespaceSelector without the Namespace auto-rejects; with it, namespaceObject is in the review", async () => {
  const seen: any[] = [];
  const e = await createEngine({
    templates: [template("Priv")],
    constraints: [{ constraint: constraint("Priv", "p", { match: { namespaceSelector: { matchLabels: { env: "prod" } } } }) }],
    loader: loaderOf({ Priv: privileged }, seen),
  });
  const missing = e.review({ object: pod("a", "prod-1") });
  assert.equal(missing.violations.map((v) => [v.error, v.msg]), [["match", 'unable to match constraint: namespace selector: Namespace "prod-1" is unknown; supply it with the inputs']]);
  const ns: K8sObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "prod-1", labels: { env: "prod" } } };
  const ok = e.review({ object: pod("a", "prod-1", { securityContext: { privileged: true } }), namespaces: new Map([["prod-1", ns]]) });
  assert.equal(ok.violations.map((v) => v.msg), ["container c is privileged"]);
  assert.equal(seen[0].review.namespaceObject, ns);
  const dev = e.review({ object: pod("a", "dev"), namespaces: new Map([["dev", { ...ns, metadata: { name: "dev", labels: { env: "dev" } } }]]) });
  assert.equal(dev.violations, []);
});

test("scoped constraints: evaluated only when gator is an enforcement point; strongest action reported", async () => {
  const e = await createEngine({
    templates: [template("Priv")],
    constraints: [
      { constraint: constraint("Priv", "audit-only", { enforcementAction: "scoped", scopedEnforcementActions: [{ action: "deny", enforcementPoints: [{ name: "audit.gatekeeper.sh" }] }] }) },
      { constraint: constraint("Priv", "gator", { enforcementAction: "scoped", scopedEnforcementActions: [{ action: "warn", enforcementPoints: [{ name: "gator.gatekeeper.sh" }] }, { action: "deny", enforcementPoints: [{ name: "*" }] }] }) },
    ],
    loader: loaderOf({ Priv: privileged }),
  });
  assert.is(e.constraintCount, 1);
  const r = e.review({ object: pod("a", "x", { securityContext: { privileged: true } }) });
  assert.equal(r.violations.map((v) => [v.constraint.name, v.enforcementAction, v.scopedActions]), [["gator", "deny", ["deny", "warn"]]]);
});

test("workloads: violations of the expanded pod are reported against the Deployment, prefixed", async () => {
  const e = await createEngine({
    templates: [template("Priv")],
    constraints: [{ constraint: constraint("Priv", "p", { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] } }) }],
    expansionTemplates: expansionTemplates(),
    loader: loaderOf({ Priv: privileged }),
  });
  const dep: K8sObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "a" }, spec: { template: { metadata: {}, spec: { containers: [{ name: "app", securityContext: { privileged: true } }] } } } };
  const r = e.review({ object: dep });
  const none = await createEngine({ templates: [template("Priv")], constraints: [{ constraint: constraint("Priv", "p") }], loader: loaderOf({ Priv: privileged }) });
  assert.equal(none.review({ object: dep }).violations, []);
  assert.equal(r.violations.map((v) => [v.msg, v.expandedBy]), [["[Implied by gpc-expand-workloads] container app is privileged", "gpc-expand-workloads"]]);
});

test("UPDATE matches on object or oldObject; DELETE reviews the old object", async () => {
  const seen: any[] = [];
  const e = await createEngine({
    templates: [template("Priv")],
    constraints: [{ constraint: constraint("Priv", "p", { match: { labelSelector: { matchLabels: { watched: "yes" } } } }) }],
    loader: loaderOf({ Priv: privileged }, seen),
  });
  const old = { ...pod("a"), metadata: { name: "a", namespace: "default", labels: { watched: "yes" } } };
  e.review({ object: pod("a"), oldObject: old, operation: "UPDATE" });
  assert.is(seen.length, 1);
  assert.is(seen[0].review.operation, "UPDATE");
  e.review({ object: pod("a"), operation: "CREATE" });
  assert.is(seen.length, 1);
});

test("problems: unknown kind, invalid enforcement action, bad selector, template without Rego", async () => {
  const bad: K8sObject = { ...template("NoRego"), spec: { crd: { spec: { names: { kind: "NoRego" } } }, targets: [{ target: "admission.k8s.gatekeeper.sh" }] } };
  const e = await createEngine({
    templates: [template("Priv"), bad],
    constraints: [
      { constraint: constraint("Missing", "m") },
      { constraint: constraint("Priv", "a", { enforcementAction: "Deny" }) },
      { constraint: constraint("Priv", "s", { match: { labelSelector: { matchExpressions: [{ key: "k", operator: "In", values: [] }] } } }) },
    ],
    loader: loaderOf({ Priv: privileged }),
  });
  assert.equal(e.problems.map((p) => `${p.subject}: ${p.message}`), [
    'template/norego: ConstraintTemplate "norego": no Rego source (spec.targets[0].rego or code[engine=Rego])',
    "constraint/Missing/m: no ConstraintTemplate defines kind Missing",
    'constraint/Priv/a: spec.enforcementAction: "Deny" is not one of deny, dryrun, warn, scoped',
    "constraint/Priv/s: spec.match.labelSelector.matchExpressions[0]: values must be non-empty for operator In",
  ]);
  assert.is(e.constraintCount, 0);
});

test.run();
