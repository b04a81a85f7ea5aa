import { test } from "uvu";
import * as assert from "uvu/assert";
import { gvkOf, labelSelectorMatches, labelSelectorProblems, MatchError, matches, wildcardMatches, type Match } from "../../src/engine/match.js";
import type { K8sObject } from "../../src/engine/types.js";

const pod = (ns: string | undefined, labels: Record<string, string> = {}, name = "web"): K8sObject =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, ...(ns ? { namespace: ns } : {}), labels } });
const nsObj = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
const m = (match: Match | undefined, object: K8sObject, namespace?: K8sObject, generated = false) => matches(match, { object, gvk: gvkOf(object), namespace, generated });

test("gvkOf splits core and named groups", () => {
  assert.equal(gvkOf({ apiVersion: "v1", kind: "Pod" }), { group: "", version: "v1", kind: "Pod" });
  assert.equal(gvkOf({ apiVersion: "apps/v1", kind: "Deployment" }), { group: "apps", version: "v1", kind: "Deployment" });
});

test("wildcards: exact, prefix, suffix, contains, star", () => {
  assert.is(wildcardMatches("kube-system", "kube-system"), true);
  assert.is(wildcardMatches("kube-system", "kube-system2"), false);
  assert.is(wildcardMatches("kube-*", "kube-public"), true);
  assert.is(wildcardMatches("kube-*", "my-kube-public"), false);
  assert.is(wildcardMatches("*-system", "gatekeeper-system"), true);
  assert.is(wildcardMatches("*-system", "system-x"), false);
  assert.is(wildcardMatches("*tek*", "protekted"), true);
  assert.is(wildcardMatches("*tek*", "nope"), false);
  assert.is(wildcardMatches("*", ""), true);
});

test("absent match and empty kinds match everything", () => {
  assert.is(m(undefined, pod("a")), true);
  assert.is(m({}, pod("a")), true);
  assert.is(m({ kinds: [] }, pod("a")), true);
});

test("kinds: kind and group must both match; version ignored; * and empty lists are wildcards", () => {
  const dep: K8sObject = { apiVersion: "apps/v1beta2", kind: "Deployment", metadata: { name: "d", namespace: "a" } };
  assert.is(m({ kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, pod("a")), true);
  assert.is(m({ kinds: [{ apiGroups: ["apps"], kinds: ["Pod"] }] }, pod("a")), false);
  assert.is(m({ kinds: [{ apiGroups: [""], kinds: ["pods"] }] }, pod("a")), false);
  assert.is(m({ kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] }, dep), true);
  assert.is(m({ kinds: [{ apiGroups: ["*"], kinds: ["Deployment"] }] }, dep), true);
  assert.is(m({ kinds: [{ kinds: ["*"] }] }, dep), true);
  assert.is(m({ kinds: [{ apiGroups: [""], kinds: ["Pod"] }, { apiGroups: ["apps"], kinds: ["Deployment"] }] }, dep), true);
});

test("scope: Cluster, Namespaced, and typos behave like *", () => {
  assert.is(m({ scope: "Cluster" }, pod("a")), false);
  assert.is(m({ scope: "Cluster" }, pod(undefined)), true);
  assert.is(m({ scope: "Cluster" }, nsObj("a")), true);
  assert.is(m({ scope: "Namespaced" }, pod("a")), true);
  assert.is(m({ scope: "Namespaced" }, nsObj("a")), false);
  assert.is(m({ scope: "Namespaced" }, pod(undefined)), false);
  assert.is(m({ scope: "namespaced" }, pod(undefined)), true);
});

test("namespaces / excludedNamespaces with wildcards; cluster-scoped objects always pass; Namespaces compare their own name", () => {
  assert.is(m({ namespaces: ["prod-*"] }, pod("prod-eu")), true);
  assert.is(m({ namespaces: ["prod-*"] }, pod("dev")), false);
  assert.is(m({ namespaces: ["prod-*"] }, pod(undefined)), true);
  assert.is(m({ excludedNamespaces: ["kube-*", "*-system"] }, pod("kube-public")), false);
  assert.is(m({ excludedNamespaces: ["kube-*", "*-system"] }, pod("gatekeeper-system")), false);
  assert.is(m({ excludedNamespaces: ["kube-*", "*-system"] }, pod("default")), true);
  assert.is(m({ excludedNamespaces: ["kube-*"] }, pod(undefined)), true);
  assert.is(m({ namespaces: ["team-a"] }, nsObj("team-a")), true);
  assert.is(m({ excludedNamespaces: ["team-a"] }, nsObj("team-a")), false);
});

test("labelSelector: matchLabels and every matchExpressions operator", () => {
  const sel = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["fe", "be"] }, { key: "legacy", operator: "DoesNotExist" }] };
  assert.is(m({ labelSelector: sel }, pod("a", { app: "web", tier: "fe" })), true);
  assert.is(m({ labelSelector: sel }, pod("a", { app: "web", tier: "db" })), false);
  assert.is(m({ labelSelector: sel }, pod("a", { app: "web", tier: "fe", legacy: "1" })), false);
  assert.is(labelSelectorMatches({ matchExpressions: [{ key: "x", operator: "NotIn", values: ["1"] }] }, {}), true);
  assert.is(labelSelectorMatches({ matchExpressions: [{ key: "x", operator: "NotIn", values: ["1"] }] }, { x: "1" }), false);
  assert.is(labelSelectorMatches({ matchExpressions: [{ key: "x", operator: "Exists" }] }, { x: "" }), true);
  assert.is(labelSelectorMatches({}, { x: "1" }), true);
});

test("labelSelectorProblems reports what Gatekeeper rejects", () => {
  assert.equal(labelSelectorProblems({ matchExpressions: [{ key: "a", operator: "In", values: [] }, { key: "b", operator: "Exists", values: ["x"] }, { key: "c", operator: "in", values: ["x"] }] }, "spec.match.labelSelector"), [
    "spec.match.labelSelector.matchExpressions[0]: values must be non-empty for operator In",
    "spec.match.labelSelector.matchExpressions[1]: values must be empty for operator Exists",
    'spec.match.labelSelector.matchExpressions[2]: unknown operator "in"',
  ]);
});

test("namespaceSelector: uses the supplied Namespace, the object's own labels for Namespaces, errors when unknown", () => {
  const sel = { namespaceSelector: { matchLabels: { env: "prod" } } };
  assert.is(m(sel, pod("a"), nsObj("a", { env: "prod" })), true);
  assert.is(m(sel, pod("a"), nsObj("a", { env: "dev" })), false);
  assert.is(m(sel, nsObj("a", { env: "prod" })), true);
  assert.is(m(sel, pod(undefined)), true);
  assert.throws(() => m(sel, pod("missing")), (e: unknown) => e instanceof MatchError && /"missing" is unknown/.test((e as Error).message));
});

test("name: exact, wildcard, and generateName for trailing *", () => {
  assert.is(m({ name: "web" }, pod("a")), true);
  assert.is(m({ name: "api" }, pod("a")), false);
  assert.is(m({ name: "we*" }, pod("a")), true);
  const gen: K8sObject = { apiVersion: "v1", kind: "Pod", metadata: { generateName: "job-", namespace: "a" } };
  assert.is(m({ name: "job-*" }, gen), true);
  assert.is(m({ name: "job" }, gen), false);
});

test("source: Original, Generated, All", () => {
  assert.is(m({ source: "Original" }, pod("a"), undefined, true), false);
  assert.is(m({ source: "Original" }, pod("a")), true);
  assert.is(m({ source: "Generated" }, pod("a")), false);
  assert.is(m({ source: "Generated" }, pod("a"), undefined, true), true);
  assert.is(m({ source: "All" }, pod("a"), undefined, true), true);
});

test.run();
