import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expand } from "../../src/engine/expand.js";
import { expansionTemplates } from "../../src/gatekeeper/emit.js";

const DEFAULT_EXPANSION_TEMPLATES = expansionTemplates();
import { formatInputError, loadManifests } from "../../src/engine/manifests.js";
import type { K8sObject } from "../../src/engine/types.js";

const dir = mkdtempSync(join(tmpdir(), "gpc-manifests-"));
const write = (name: string, content: string | Buffer) => { const p = join(dir, name); mkdirSync(join(p, ".."), { recursive: true }); writeFileSync(p, content); return p; };

test("document numbers and lines: empty documents keep their number, text before the first marker counts only with content", () => {
  const p = write("numbers.yaml", "# comment only\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n...\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n");
  const { manifests, errors } = loadManifests([p], { cwd: dir });
  assert.equal(errors, []);
  assert.equal(manifests.map((m) => [m.object.metadata.name, m.source.document, m.source.line]), [["a", 1, 2], ["b", 3, 7], ["c", 4, 12]]);
});

test("multi-document YAML, JSON, List unwrapping, empty documents skipped", () => {
  const y = write("multi/pods.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: c}\n");
  const j = write("multi/pod.json", JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "d" } }));
  const { manifests, errors } = loadManifests([y, j], { cwd: dir });
  assert.equal(errors, []);
  assert.equal(manifests.map((m) => [m.object.kind, m.object.metadata.name, m.source.file, m.source.document, m.source.line, m.source.item]), [
    ["Pod", "a", "multi/pods.yaml", 1, 1, undefined],
    ["Pod", "b", "multi/pods.yaml", 3, 5, 0],
    ["Deployment", "c", "multi/pods.yaml", 3, 5, 1],
    ["Pod", "d", "multi/pod.json", 1, 1, undefined],
  ]);
});

test("folders are walked recursively for .yaml/.yml/.json; stdin with -", () => {
  write("tree/a/one.yml", "apiVersion: v1\nkind: Pod\nmetadata: {name: one}\n");
  write("tree/b/c/two.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: two}\n");
  write("tree/readme.md", "# not a manifest");
  const { manifests, errors } = loadManifests([join(dir, "tree"), "-"], { cwd: dir, readStdin: () => Buffer.from("apiVersion: v1\nkind: Pod\nmetadata: {name: three}\n") });
  assert.equal(errors, []);
  assert.equal(manifests.map((m) => `${m.source.file}:${m.object.metadata.name}`), ["tree/a/one.yml:one", "tree/b/c/two.yaml:two", "-:three"]);
});

test("bad input: invalid YAML, no kind, scalar document, binary, oversize, empty folder — each named, none silent", () => {
  const bad = write("bad/bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\nmetadata:\n  name: nokind\n---\nkey: [unclosed\n---\njust a string\n");
  const bin = write("bin/blob.yaml", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  const latin = write("bin/latin1.yml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  const big = write("big.yaml", "x".repeat(2048));
  write("nothing/file.bin", Buffer.from([0, 1, 2]));
  const { manifests, errors } = loadManifests([bad, bin, latin, big, join(dir, "nothing"), join(dir, "missing.yaml")], { cwd: dir, limits: { maxObjectBytes: 1024 } });
  assert.equal(manifests.map((m) => m.object.metadata.name), ["ok"]);
  assert.equal(errors.map(formatInputError), [
    "bad/bad.yaml: document 2 (line 4): has no kind",
    "bad/bad.yaml: document 3 (line 8): invalid YAML: unexpected end of the stream within a flow collection",
    "bad/bad.yaml: document 4 (line 9): not a Kubernetes object (a string, expected a mapping with apiVersion and kind)",
    "bin/blob.yaml: binary input (a NUL byte): not a manifest; not read further",
    "bin/latin1.yml: binary input (not UTF-8 text): not a manifest; not read further",
    "big.yaml: document 1 (line 1): document is over the 0.0 MiB limit per object (the API server's request limit); not read",
    "nothing: no .yaml, .yml or .json files in this folder (1 other file ignored)",
    "missing.yaml: cannot read: no such file or directory",
  ]);
});

test("invalid JSON names the line", () => {
  const p = write("bad.json", '{\n  "kind": "Pod",\n  oops\n}');
  const { errors } = loadManifests([p], { cwd: dir });
  assert.is(errors.length, 1);
  assert.is(errors[0]!.file, "bad.json");
  assert.is(errors[0]!.line, 3);
  assert.match(errors[0]!.message, /^invalid JSON: /);
});

test("expansion: Deployment → pod named <parent>-pod in the parent's namespace; CronJob → pod", () => {
  const dep: K8sObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "Web", namespace: "prod" }, spec: { template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } };
  const rs = expand(dep, DEFAULT_EXPANSION_TEMPLATES);
  assert.equal(rs, [{ templateName: "gpc-expand-workloads", object: { apiVersion: "v1", kind: "Pod", metadata: { labels: { app: "web" }, name: "web-pod", namespace: "prod" }, spec: { containers: [{ name: "c", image: "nginx" }] } } }]);
  const cj: K8sObject = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "nightly", namespace: "ops" }, spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } } };
  assert.equal(expand(cj, DEFAULT_EXPANSION_TEMPLATES).map((r) => [r.templateName, r.object.kind, r.object.metadata.name]), [["gpc-expand-cronjobs", "Pod", "nightly-pod"]]);
  assert.equal(expand({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } }, DEFAULT_EXPANSION_TEMPLATES), []);
  assert.equal(expand({ apiVersion: "apps/v1beta1", kind: "Deployment", metadata: { name: "x" }, spec: { template: {} } }, DEFAULT_EXPANSION_TEMPLATES), []);
});

test("expansion: chained templates (CronJob → Job → Pod) with the template's enforcementAction", () => {
  const t = (name: string, kind: string, group: string, src: string, gen: { group: string; version: string; kind: string }, ea?: string): K8sObject =>
    ({ apiVersion: "expansion.gatekeeper.sh/v1beta1", kind: "ExpansionTemplate", metadata: { name }, spec: { applyTo: [{ groups: [group], kinds: [kind], versions: ["v1"] }], templateSource: src, generatedGVK: gen, ...(ea ? { enforcementAction: ea } : {}) } });
  const templates = [t("cj-to-job", "CronJob", "batch", "spec.jobTemplate", { group: "batch", version: "v1", kind: "Job" }, "warn"), t("job-to-pod", "Job", "batch", "spec.template", { group: "", version: "v1", kind: "Pod" })];
  const cj: K8sObject = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "n", namespace: "o" }, spec: { jobTemplate: { spec: { template: { spec: {} } } } } };
  assert.equal(expand(cj, templates).map((r) => [r.templateName, r.object.apiVersion, r.object.kind, r.object.metadata.name, r.enforcementAction]), [
    ["cj-to-job", "batch/v1", "Job", "n-job", "warn"],
    ["job-to-pod", "v1", "Pod", "n-job-pod", "warn"],
  ]);
});

test.run();
