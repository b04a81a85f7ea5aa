/**
 * DSL error messages: each invalid definition below is data (a name and a change to a valid
 * policy); the errors it produces are printed into one golden file, test/dsl/golden/errors.txt.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { allowed, asWorkload, definePolicy, denied, forEachContainer, namespace, PolicyDefinitionError, samplePod, tweakContainer } from "../../src/index.js";
import type { PolicyProps } from "../../src/index.js";
import { golden, orphans } from "../gatekeeper/golden.js";

const GOLDEN = join(import.meta.dirname, "golden");
const ok = samplePod();
const base: PolicyProps = {
  name: "restricted-apps",
  checks: { privileged: {}, runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] } },
  cases: [allowed("compliant", ok), denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged" })],
};

/** Invalid definitions: name → props (as a JavaScript author could write them, hence the casts). */
const INVALID: [string, PolicyProps][] = [
  ["min greater than max", { ...base, checks: { runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }, { min: 2000, max: 1000 }] } }, cases: [allowed("a", ok), denied("b", ok)] }],
  ["unknown capability", { ...base, checks: { capabilities: { allowedCapabilities: ["NET_BIND_SERVICE", "SYS_FOO" as never] } }, cases: [allowed("a", ok), denied("b", ok)] }],
  ["unknown volume type", { ...base, checks: { volumeTypes: { allowedTypes: ["configMap", "hostpath" as never] } }, cases: [allowed("a", ok), denied("b", ok)] }],
  ["unknown check", { ...base, checks: { ...base.checks, priviledged: {} } as never }],
  ["unknown enforcement action", { ...base, enforcementAction: "Deny" as never }],
  ["unknown enforcement point", { ...base, enforcementAction: { scoped: [{ action: "deny", enforcementPoints: ["webhook.gatekeeper.sh" as never] }] } }],
  ["empty enforcement points", { ...base, enforcementAction: { scoped: [{ action: "warn", enforcementPoints: [] }] } }],
  ["name Gatekeeper would reject", { ...base, name: "Restricted_Apps" }],
  ["constraint name too long", { ...base, name: "a-very-long-policy-name-that-gatekeeper-would-reject-later" }],
  ["namespace patterns", { ...base, match: { namespaces: ["prod-*", "team.a"], excludedNamespaces: ["*sys*tem", "Kube-System"] } }],
  ["plural kind and bad scope", { ...base, match: { kinds: [{ apiGroups: [""], kinds: ["pods"] }], scope: "namespaced" as never } }],
  ["label selectors", { ...base, match: { labelSelector: { matchExpressions: [{ key: "tier", operator: "In", values: [] }, { key: "-bad", operator: "Exists" }] } } }],
  ["exemptions", { ...base, exemptions: { images: ["registry.k8s.io/*/pause"], containers: ["Sidecar"], podLabels: { "example.com/exempt": [] } } }],
  ["unknown pss version", { ...base, checks: undefined, pss: { level: "restricted", version: "v2.0" as never } }],
  ["denied case without deniedBy", { ...base, cases: [allowed("compliant", ok), denied("root", ok)] }],
  ["case problems", { ...base, cases: [allowed("Compliant", ok), allowed("dup", ok, {}), allowed("dup", ok), denied("bad", ok, { deniedBy: ["privileged", "hostPorts"], messages: ["(?=x)"], count: 2 })] }],
  ["no denied case", { ...base, cases: [allowed("compliant", ok)] }],
  ["namespace selector needs namespaces", { ...base, match: { namespaceSelector: { matchLabels: { env: "prod" } } }, cases: [allowed("compliant", ok, { namespaces: [namespace("other")] }), denied("privileged", ok, { deniedBy: "privileged" })] }],
  ["custom checks", { ...base, custom: [{ id: "privileged", message: "", rule: forEachContainer((c) => c.image.matches("(?<=x)")) }, { id: "Memory", message: "m", rule: forEachContainer((c) => c.image.startsWithAny([])) }] }],
  ["no checks", { ...base, checks: {} }],
  ["workload case without expandWorkloads", { ...base, cases: [allowed("compliant", asWorkload(ok, "Deployment")), denied("privileged", ok, { deniedBy: "privileged" })] }],
  ["psp form", { ...base, checks: undefined, psp: { privileged: false, volumes: ["configMap", "hostpath"], allowedCapabilities: ["NET_BIND_SERVICE", "FOO"], runAsUser: { rule: "MustRunAs", ranges: [{ min: 5, max: 1 }] } }, cases: [allowed("a", ok), denied("b", ok, { deniedBy: "privileged" })] }],
];

const transcript: string[] = [];

for (const [name, props] of INVALID) {
  test(`invalid: ${name}`, () => {
    try {
      definePolicy(props);
    } catch (e) {
      assert.instance(e, PolicyDefinitionError);
      const err = e as PolicyDefinitionError;
      assert.ok(err.issues.length > 0);
      for (const i of err.issues) assert.ok(i.path !== undefined);
      assert.ok(err.message.startsWith(`policy ${JSON.stringify(String(props.name))}: `), err.message);
      transcript.push(`## ${name}\n${err.message}\n`);
      return;
    }
    assert.unreachable(`${name}: definePolicy accepted an invalid definition`);
  });
}

test("the min > max message names the property path", () => {
  try { definePolicy(INVALID[0]![1]); } catch (e) {
    assert.match((e as Error).message, /^policy "restricted-apps": checks\.runAsUser\.ranges\[1\]/m);
    assert.match((e as Error).message, /2000/);
    return;
  }
  assert.unreachable();
});

test("file names are added by the build", () => {
  try { definePolicy(INVALID[4]![1]); } catch (e) {
    const d = (e as PolicyDefinitionError).toDiagnostics("policies/apps.ts");
    assert.equal(d[0]!.path, `policy "restricted-apps" (policies/apps.ts): enforcementAction`);
    assert.is(d[0]!.code, "dsl-invalid");
    return;
  }
  assert.unreachable();
});

test("a valid definition yields a plain-data model", () => {
  const m = definePolicy({ ...base, exemptions: { podLabels: { "example.com/exempt": "*" }, images: ["b*", "a"] } });
  assert.is(m.kind, "Policy");
  assert.equal(m.checks.map((c) => c.check), ["privileged", "runAsUser"]);
  assert.equal(m.exemptions.images, ["a", "b*"]);
  assert.equal(m.exemptions.podLabels, [{ key: "example.com/exempt" }]);
  assert.equal(m.match.kinds, [{ apiGroups: [""], kinds: ["Pod"] }]);
  assert.equal(JSON.parse(JSON.stringify(m)), m);
});

test("golden transcript of every error, and no orphan golden files", () => {
  const err = golden(GOLDEN, "errors.txt", transcript.join("\n"));
  assert.is(err, undefined, err);
  assert.equal(orphans(GOLDEN), []);
});

test.run();
