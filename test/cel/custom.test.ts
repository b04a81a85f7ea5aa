/**
 * Custom checks of the expression builder produce CEL too: every test kind and combinator, on
 * pods that pass and fail, decided and worded identically by the CEL and the Rego templates;
 * compared values reach CEL through variables.params, never as literals.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allOf, allowed, anyOf, definePolicy, denied, forEachContainer, forPod, not, samplePod, tweak, tweakContainer } from "../../src/dsl/index.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";
import { createEngine } from "../../src/engine/engine.js";
import { diffEngines } from "../../src/engine/compare.js";
import { templateCel } from "../../src/engine/cel-driver.js";
import type { K8sObject } from "../../src/engine/types.js";

const ok = tweak(samplePod("p"), (p) => { p.spec.automountServiceAccountToken = false; p.spec.containers[0]!.resources = { limits: { memory: "128Mi" } }; p.spec.containers[0]!.image = "nginx:1.27"; });
const SECRET = 'registry.example.com/"+evil';
const policy = definePolicy({
  name: "custom-cel",
  custom: [
    { id: "limits", message: "must set resources.limits.memory", rule: forEachContainer((c) => c.resources.limits.memory.isDefined()) },
    { id: "noCpu", message: "must not set a cpu limit", rule: forEachContainer((c) => c.resources.limits.cpu.isUndefined()) },
    { id: "registries", message: "trusted registries only", rule: forEachContainer((c) => anyOf(c.image.startsWithAny([SECRET, "nginx"]), c.image.endsWithAny([":safe"]), c.image.matches("^registry\\.k8s\\.io/"))) },
    { id: "pull", message: "pull policy", rule: forEachContainer((c) => anyOf(c.imagePullPolicy.oneOf(["Always", "IfNotPresent"]), c.imagePullPolicy.isUndefined())) },
    { id: "token", message: "no token automount", rule: forPod((p) => p.spec.automountServiceAccountToken.equals(false)) },
    { id: "grace", message: "grace period 0..60", rule: forPod((p) => anyOf(p.spec.terminationGracePeriodSeconds.isUndefined(), allOf(p.spec.terminationGracePeriodSeconds.atLeast(0), p.spec.terminationGracePeriodSeconds.atMost(60)))) },
    { id: "noHostNet", message: "no host network", rule: forPod((p) => not(p.spec.hostNetwork.isTrue())) },
    { id: "stdin", message: "no stdin", rule: forEachContainer((c) => c.stdin.notTrue()) },
  ],
  exemptions: { containers: ["istio-proxy"] },
  cases: [allowed("ok", ok), denied("host-net", tweak(ok, (p) => { p.spec.hostNetwork = true; }), { deniedBy: "noHostNet" })],
});
const artifacts = emitArtifacts([{ model: policy, sourceFile: "custom-cel.ts" }], "v0");
const constraints = artifacts.policies[0]!.constraints.map((constraint) => ({ constraint }));

test("every custom template carries CEL first, then Rego, and no compared value in its CEL", () => {
  assert.is(artifacts.templates.length, 8);
  for (const t of artifacts.templates as any[]) {
    assert.equal(t.spec.targets[0].code.map((c: any) => c.engine), ["K8sNativeValidation", "Rego"]);
    const text = JSON.stringify(templateCel(t as K8sObject));
    for (const v of [SECRET, "IfNotPresent", ":safe", "registry\\\\.k8s", "must set resources"]) assert.not.ok(text.includes(v), `${t.metadata.name} contains ${v}`);
  }
});

const pods: [string, unknown, string[]][] = [
  ["compliant", ok, []],
  ["no memory limit, cpu limit", tweakContainer(ok, (c) => { c.resources = { limits: { cpu: "1" } }; }), ["limits", "noCpu"]],
  ["untrusted image", tweakContainer(ok, (c) => { c.image = "evil.io/x"; }), ["registries"]],
  ["escaped prefix", tweakContainer(ok, (c) => { c.image = `${SECRET}/x`; }), []],
  ["suffix and regex", tweak(ok, (p) => { p.spec.containers.push({ ...p.spec.containers[0]!, name: "b", image: "x:safe" }, { ...p.spec.containers[0]!, name: "c", image: "registry.k8s.io/pause" }); }), []],
  ["pull policy", tweakContainer(ok, (c) => { c.imagePullPolicy = "Never"; }), ["pull"]],
  ["token", tweak(ok, (p) => { delete p.spec.automountServiceAccountToken; }), ["token"]],
  ["grace too long", tweak(ok, (p) => { p.spec.terminationGracePeriodSeconds = 600; }), ["grace"]],
  ["host network", tweak(ok, (p) => { p.spec.hostNetwork = true; }), ["noHostNet"]],
  ["stdin and exempt sidecar", tweak(ok, (p) => { p.spec.containers[0]!.stdin = true; p.spec.containers.push({ name: "istio-proxy", image: "evil.io/proxy", stdin: true }); }), ["stdin"]],
];

test("CEL and Rego agree on every pod, and deny with the expected checks", async () => {
  const rego = await createEngine({ templates: artifacts.templates, constraints });
  const cel = await createEngine({ templates: artifacts.templates, constraints, driver: "cel" });
  assert.equal([...rego.problems, ...cel.problems], []);
  for (const [name, pod, want] of pods) {
    const r = rego.review({ object: pod as K8sObject }).violations, c = cel.review({ object: pod as K8sObject }).violations;
    assert.equal(diffEngines(r, c), [], name);
    assert.equal([...new Set(c.map((v) => v.constraint.name.replace("custom-cel-", "").replace(/-/g, "")))].sort(), want.map((w) => w.toLowerCase()).sort(), name);
  }
});

test.run();
