/**
 * Sample cases explain themselves: a sample without a namespace is placed inside the policy's
 * match (src/dsl/samples.ts), and a denied case that no constraint matches fails with the reason
 * (src/engine/match.ts → src/engine/cases.ts).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allowed, asWorkload, definePolicy, denied, namespace, samplePod, tweak, tweakContainer } from "../../src/index.js";
import { sampleNamespace } from "../../src/dsl/samples.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";
import { runCases } from "../../src/engine/cases.js";
import type { MatchModel } from "../../src/model/index.js";

const m = (x: Partial<MatchModel>): MatchModel => ({ kind: "Match", kinds: [{ apiGroups: [""], kinds: ["Pod"] }], ...x });

test("sampleNamespace: the first concrete namespace the match admits", () => {
  const cases: [Partial<MatchModel>, string][] = [
    [{}, "default"],
    [{ excludedNamespaces: ["default"] }, "sample"],
    [{ excludedNamespaces: ["default", "sample*"] }, "gpc-sample"],
    [{ namespaces: ["team-*"] }, "team-sample"],
    [{ namespaces: ["team-*"], excludedNamespaces: ["team-sample"] }, "team-sample2"],
    [{ namespaces: ["*-prod"] }, "sample-prod"],
    [{ namespaces: ["*shop*"] }, "sample-shop-sample"],
    [{ namespaces: ["payments", "team-*"] }, "payments"],
    [{ namespaces: ["kube-*"], excludedNamespaces: ["kube-*"] }, "default"],
  ];
  for (const [match, want] of cases) assert.is(sampleNamespace(m(match)), want, JSON.stringify(match));
  // With a namespaceSelector: a supplied Namespace it selects.
  assert.is(sampleNamespace(m({ namespaceSelector: { matchLabels: { team: "a" } } }), [namespace("other"), namespace("apps", { team: "a" })]), "apps");
});

const priv = (p: ReturnType<typeof samplePod>) => tweakContainer(p, (c) => { c.securityContext!.privileged = true; });

test("definePolicy places namespace-less samples (pods and workloads) inside the match; explicit namespaces stay", () => {
  const ok = samplePod("web");
  const p = definePolicy({
    name: "team",
    checks: { privileged: true },
    match: { namespaces: ["team-*"] },
    expandWorkloads: true,
    cases: [
      allowed("ok", ok),
      denied("priv", priv(ok)),
      denied("priv-deploy", asWorkload(priv(ok), "Deployment")),
      denied("elsewhere", tweak(priv(ok), (x) => { x.metadata.namespace = "shop"; })),
    ],
  });
  assert.equal(p.cases.map((c) => (c.object as { metadata: { namespace?: string } }).metadata.namespace), ["team-sample", "team-sample", "team-sample", "shop"]);
});

test("a denied case that no constraint matches fails naming the matcher that excluded it", async () => {
  const ok = samplePod("web");
  const policy = definePolicy({
    name: "team",
    checks: { privileged: true, hostNamespaces: true },
    match: { namespaces: ["team-*"], excludedNamespaces: ["team-legacy"], labelSelector: { matchLabels: { tier: "web" } } },
    expandWorkloads: true,
    cases: [
      allowed("ok", ok),
      denied("no-tier-label", priv(ok), { deniedBy: "privileged" }),
      denied("in-default", tweak(priv(ok), (x) => { x.metadata.namespace = "default"; x.metadata.labels = { tier: "web" }; }), { deniedBy: "privileged" }),
      denied("excluded", tweak(priv(ok), (x) => { x.metadata.namespace = "team-legacy"; x.metadata.labels = { tier: "web" }; }), { deniedBy: "privileged" }),
      denied("deployment", asWorkload(priv(ok), "Deployment"), { deniedBy: "privileged" }),
      denied("matched", tweak(priv(ok), (x) => { x.metadata.labels = { tier: "web" }; }), { deniedBy: "privileged" }),
    ],
  });
  const { results } = await runCases(emitArtifacts([{ model: policy, sourceFile: "team.ts" }], "v0"));
  const failures = Object.fromEntries(results.map((r) => [r.name, r.failures]));
  assert.equal(failures["ok"], []);
  assert.equal(failures["matched"], []);
  assert.equal(failures["no-tier-label"], [
    "expected denied, got no violations",
    "no constraint of policy team matches the object:",
    "  labels {app=sample} do not satisfy match.labelSelector {tier=web} (all 2 constraints)",
  ]);
  assert.equal(failures["in-default"]!.slice(1), ["no constraint of policy team matches the object:", '  namespace "default" is not in match.namespaces ["team-*"] (all 2 constraints)']);
  assert.equal(failures["excluded"]!.slice(1), ["no constraint of policy team matches the object:", '  namespace "team-legacy" is excluded by match.excludedNamespaces pattern "team-legacy" (all 2 constraints)']);
  assert.equal(failures["deployment"]!.slice(1), [
    "no constraint of policy team matches the object:",
    "  kind apps/Deployment is not in match.kinds [core/Pod]; its Pod (from gpc-expand-workloads): labels {app=sample} do not satisfy match.labelSelector {tier=web} (all 2 constraints)",
  ]);
});

test("a deniedBy constraint that does not apply is named with the reason", async () => {
  const ok = samplePod("web");
  const policy = definePolicy({
    name: "two",
    checks: { privileged: true, hostNamespaces: true },
    cases: [allowed("ok", ok), denied("priv", priv(ok), { deniedBy: "privileged" })],
  });
  const artifacts = emitArtifacts([{ model: policy, sourceFile: "two.ts" }], "v0");
  // As a hand-written constraint might: the privileged one looks only at namespace "other".
  const c = artifacts.policies[0]!.constraints.find((k) => k.kind === "GpcPrivileged")!;
  (c.spec as { match: { namespaces?: string[] } }).match.namespaces = ["other"];
  const { results } = await runCases(artifacts);
  assert.equal(results.find((r) => r.name === "priv")!.failures, [
    "expected denied, got no violations",
    'constraint two-privileged does not match the object: namespace "default" is not in match.namespaces ["other"]',
  ]);
});

test.run();
