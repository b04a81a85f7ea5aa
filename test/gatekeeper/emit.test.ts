/**
 * The emitter's output would install and run in Gatekeeper: template name = lowercase kind
 * (≤ 63), structural parameter schemas, one target, constraints v1beta1 with DNS-1123 names and
 * parameters the schema knows, suites whose paths exist and hold one object per file, YAML that
 * round-trips, a kustomization in apply order. Golden files pin the non-Rego output.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { join, posix } from "node:path";
import { load, loadAll } from "js-yaml";
import { allowed, definePolicy, denied, forEachContainer, forPod, samplePod, tweak, tweakContainer } from "../../src/index.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";
import type { K8sObject } from "../../src/gatekeeper/artifacts.js";
import { golden, orphans } from "./golden.js";

const GOLDEN = join(import.meta.dirname, "golden");
const ok = samplePod();
const policies = [
  {
    sourceFile: "policies/apps.ts",
    model: definePolicy({
      name: "apps",
      pss: { level: "baseline", version: "v1.25" },
      checks: { runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 65535 }] }, hostPorts: false },
      exemptions: { images: ["registry.k8s.io/pause*"], containers: ["istio-proxy"], podLabels: { "example.com/exempt": ["true"] } },
      match: { namespaces: ["team-*"], excludedNamespaces: ["team-infra"] },
      enforcementAction: { scoped: [{ action: "deny", enforcementPoints: ["validation.gatekeeper.sh"] }, { action: "dryrun", enforcementPoints: ["audit.gatekeeper.sh"] }] },
      cases: [
        allowed("compliant", tweak(ok, (p) => { p.metadata.namespace = "team-a"; })),
        denied("privileged", tweakContainer(tweak(ok, (p) => { p.metadata.namespace = "team-a"; }), (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged", messages: ["privileged"] }),
      ],
    }),
  },
  {
    sourceFile: "policies/custom.ts",
    model: definePolicy({
      name: "custom",
      custom: [
        { id: "memoryLimits", message: "must set a memory limit", rule: forEachContainer((c) => c.resources.limits.memory.isDefined()) },
        { id: "noHostNetwork", message: "no hostNetwork", rule: forPod((p) => p.spec.hostNetwork.notTrue()) },
      ],
      expandWorkloads: true,
      cases: [allowed("compliant", ok), denied("no-limit", tweakContainer(ok, (c) => { delete c.resources; }), { deniedBy: "memoryLimits" })],
    }),
  },
];

// The Rego-only output (`--engines rego`); test/cel/emit.test.ts covers templates with CEL.
const v0 = emitArtifacts(policies, "v0", { engines: ["rego"] });
const v1 = emitArtifacts(policies, "v1", { engines: ["rego"] });
const docs = (text: string) => loadAll(text).filter((d) => d !== null && d !== undefined) as K8sObject[];

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; "x-kubernetes-preserve-unknown-fields"?: boolean };
function nonStructural(s: Schema, path: string): string[] {
  const out: string[] = [];
  if (!s.type && !s["x-kubernetes-preserve-unknown-fields"]) out.push(`${path}: no type`);
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...nonStructural(v, `${path}.${k}`));
  if (s.type === "array") out.push(...(s.items ? nonStructural(s.items, `${path}[]`) : [`${path}: array without items`]));
  return out;
}

test("emission is deterministic", () => {
  const again = emitArtifacts([...policies].reverse(), "v0", { engines: ["rego"] });
  assert.equal([...again.files.entries()], [...v0.files.entries()]);
});

test("every YAML file parses, starts with a header, ends with one LF", () => {
  for (const [p, text] of v0.files) {
    assert.ok(text.endsWith("\n") && !text.endsWith("\n\n") && !text.includes("\r"), p);
    if (p.endsWith(".yaml")) {
      assert.match(text, /^# /, p);
      assert.ok(docs(text).length >= 1, p);
    }
  }
});

test("templates: name = lowercase kind ≤ 63, structural schema, one target, Rego in one place", () => {
  for (const [p, text] of v0.files) {
    if (!p.startsWith("templates/")) continue;
    const t = docs(text);
    assert.is(t.length, 1, `${p}: one document`);
    const ct = t[0] as any;
    assert.is(ct.apiVersion, "templates.gatekeeper.sh/v1");
    assert.is(ct.metadata.name, ct.spec.crd.spec.names.kind.toLowerCase());
    assert.ok(ct.metadata.name.length <= 63);
    assert.match(ct.spec.crd.spec.names.kind, /^[A-Z][A-Za-z0-9]*$/);
    assert.equal(nonStructural(ct.spec.crd.spec.validation.openAPIV3Schema, "schema"), [], p);
    assert.is(ct.spec.crd.spec.validation.openAPIV3Schema.type, "object");
    assert.is(ct.spec.targets.length, 1);
    assert.is(ct.spec.targets[0].target, "admission.k8s.gatekeeper.sh");
    assert.type(ct.spec.targets[0].rego, "string");
    assert.is(ct.spec.targets[0].code, undefined);
    assert.match(ct.spec.targets[0].rego, /violation/);
    assert.match(ct.spec.targets[0].rego, /import future\.keywords\.if/);
    for (const lib of ct.spec.targets[0].libs ?? []) assert.match(lib, /^package lib\./m);
  }
  for (const t of v1.templates as any[]) {
    assert.is(t.spec.targets[0].rego, undefined);
    assert.is(t.spec.targets[0].code[0].engine, "Rego");
    assert.is(t.spec.targets[0].code[0].source.version, "v1");
    assert.not.match(t.spec.targets[0].code[0].source.rego, /import rego\.v1/);
  }
});

test("constraints: v1beta1, kind of an emitted template, DNS-1123 names, known parameters, match", () => {
  const kinds = new Map(v0.templates.map((t: any) => [t.spec.crd.spec.names.kind, t]));
  for (const pa of v0.policies) {
    for (const c of pa.constraints as any[]) {
      assert.is(c.apiVersion, "constraints.gatekeeper.sh/v1beta1");
      const t = kinds.get(c.kind) as any;
      assert.ok(t, `${c.kind} has a template`);
      assert.match(c.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      assert.ok(c.metadata.name.length <= 63);
      const props = t.spec.crd.spec.validation.openAPIV3Schema.properties;
      for (const k of Object.keys(c.spec.parameters ?? {})) assert.ok(k in props, `${c.metadata.name}: parameter ${k} is in the schema`);
      assert.equal(c.spec.match.kinds, [{ apiGroups: [""], kinds: ["Pod"] }]);
    }
  }
  const apps = v0.policies.find((p) => p.name === "apps")!;
  const priv = apps.constraints.find((c) => c.metadata.name === "apps-privileged") as any;
  assert.equal(priv.spec.parameters, { exemptContainers: ["istio-proxy"], exemptImages: ["registry.k8s.io/pause*"] });
  assert.equal(priv.spec.match.labelSelector, { matchExpressions: [{ key: "example.com/exempt", operator: "NotIn", values: ["true"] }] });
  assert.is(priv.spec.enforcementAction, "scoped");
  assert.equal(priv.spec.scopedEnforcementActions, [{ action: "deny", enforcementPoints: [{ name: "validation.gatekeeper.sh" }] }, { action: "dryrun", enforcementPoints: [{ name: "audit.gatekeeper.sh" }] }]);
  assert.not.ok(apps.constraints.some((c) => c.metadata.name === "apps-host-ports"), "hostPorts: false removed the preset check");
  assert.ok(apps.constraints.some((c) => c.metadata.name === "apps-run-as-user"));
});

test("suites: every path exists, one object per sample and constraint file", () => {
  for (const pa of v0.policies) {
    const suite = load(v0.files.get(`${pa.name}/suite.yaml`)!) as any;
    assert.is(suite.kind, "Suite");
    assert.is(suite.apiVersion, "test.gatekeeper.sh/v1alpha1");
    for (const t of suite.tests) {
      const at = (rel: string) => posix.normalize(posix.join(pa.name, rel));
      assert.ok(v0.files.has(at(t.template)), t.template);
      assert.is(docs(v0.files.get(at(t.constraint))!).length, 1);
      for (const c of t.cases) {
        assert.is(docs(v0.files.get(at(c.object))!).length, 1);
        assert.ok(c.assertions.length > 0);
      }
    }
  }
});

test("kustomization lists templates, expansion templates, then constraints, all existing", () => {
  const k = load(v0.files.get("kustomization.yaml")!) as any;
  assert.is(k.kind, "Kustomization");
  for (const r of k.resources) assert.ok(v0.files.has(r), r);
  const firstConstraint = k.resources.findIndex((r: string) => r.endsWith("constraints.yaml"));
  assert.ok(k.resources.slice(0, firstConstraint).every((r: string) => r.startsWith("templates/") || r.startsWith("expansion/")));
  assert.ok(k.resources.includes("expansion/gpc-expand-workloads.yaml"));
  assert.not.ok(k.resources.some((r: string) => r.includes("suite") || r.includes("samples")));
});

test("custom check values reach Rego through input.parameters only", () => {
  const t = v0.templates.find((x: any) => x.metadata.name === "gpccustomcustomnohostnetwork") as any;
  assert.match(t.spec.targets[0].rego, /x\["spec"\]\["hostNetwork"\] == true/);
  assert.not.match(t.spec.targets[0].rego, /no hostNetwork/);
});

test("golden files (non-Rego output) and no orphans", () => {
  for (const p of ["kustomization.yaml", "apps/constraints.yaml", "apps/suite.yaml", "apps/README.md", "apps/samples/privileged.yaml", "custom/constraints.yaml", "custom/suite.yaml", "custom/README.md", "templates/gpccustomcustomnohostnetwork.yaml", "expansion/gpc-expand-workloads.yaml"]) {
    const err = golden(GOLDEN, p, v0.files.get(p) ?? `(missing ${p})`);
    assert.is(err, undefined, err);
  }
  assert.equal(orphans(GOLDEN), []);
});

test.run();
