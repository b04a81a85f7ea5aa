import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LIMITS, formatProblem, listInputs, readAllObjects, validateObject } from "../../src/read/index.js";

const bad = (o: Record<string, unknown>) => validateObject(o, DEFAULT_LIMITS);
const pod = (spec: unknown, metadata: unknown = { name: "p" }) => ({ apiVersion: "v1", kind: "Pod", metadata, spec });

test("ill-typed fields the checks read are input errors, with their path", () => {
  assert.equal(bad(pod({ containers: [{ name: "c", securityContext: { privileged: "true" } }] })), ['spec.containers[0].securityContext.privileged: expected a boolean, got string "true"']);
  assert.equal(bad(pod({ containers: "x" })), ['spec.containers: expected a list, got string "x"']);
  assert.equal(bad(pod({ containers: [null] })), ["spec.containers[0]: expected a mapping, got null"]);
  assert.equal(bad(pod("x")), ['spec: expected a mapping, got string "x"']);
  assert.equal(bad(pod({ containers: [{ securityContext: { capabilities: { add: "SYS_ADMIN" } } }] })), ['spec.containers[0].securityContext.capabilities.add: expected a list, got string "SYS_ADMIN"']);
  assert.equal(bad(pod({ hostNetwork: "yes", securityContext: { runAsUser: 1.5, sysctls: [{ name: 1 }] } })), ['spec.hostNetwork: expected a boolean, got string "yes"', "spec.securityContext.runAsUser: expected an integer (int64), got number 1.5", "spec.securityContext.sysctls[0].name: expected a string, got number 1"]);
  assert.equal(bad(pod({}, { name: { a: 1 }, labels: { app: 1 } })), ["metadata.name: expected a string, got a mapping", 'metadata.labels["app"]: expected a string, got number 1']);
  assert.equal(bad(pod({ volumes: [{ name: "v", hostPath: "/etc" }, { name: "w", emptyDir: "x" }] })), ['spec.volumes[0].hostPath: expected a mapping, got string "/etc"', 'spec.volumes[1].emptyDir: expected a mapping, got string "x"']);
  assert.equal(bad(pod({ containers: [{ ports: [{ hostPort: "80" }], livenessProbe: { httpGet: { port: "http", host: 1 } } }] })), ['spec.containers[0].ports[0].hostPort: expected an integer (int32), got string "80"', "spec.containers[0].livenessProbe.httpGet.host: expected a string, got number 1"]);
  // null is "unset", unknown fields are not ours to judge
  assert.equal(bad(pod({ hostPID: null, containers: [{ name: "c", securityContext: null, whatever: { x: 1 } }] })), []);
});

test("pod templates of workloads are checked in any apiVersion; other kinds only in metadata", () => {
  const tpl = { template: { spec: { containers: [{ securityContext: { privileged: "yes" } }] } } };
  for (const apiVersion of ["apps/v1", "extensions/v1beta1", "apps/v1beta2"]) assert.equal(validateObject({ apiVersion, kind: "DaemonSet", metadata: {}, spec: tpl }, DEFAULT_LIMITS), ['spec.template.spec.containers[0].securityContext.privileged: expected a boolean, got string "yes"']);
  assert.equal(validateObject({ apiVersion: "batch/v1", kind: "CronJob", metadata: {}, spec: { jobTemplate: { spec: tpl } } }, DEFAULT_LIMITS), ['spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged: expected a boolean, got string "yes"']);
  assert.equal(validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: {}, spec: tpl }, DEFAULT_LIMITS), []);
});

test("pod specs with more containers or volumes than the limits are refused before review", () => {
  const many = Array.from({ length: 1001 }, (_, i) => ({ name: `c${i}` }));
  assert.equal(bad(pod({ containers: many })), ["spec: 1,001 containers, over the limit of 1,000 per pod"]);
  assert.equal(bad(pod({ containers: many.slice(0, 500), initContainers: many.slice(0, 501) })), ["spec: 1,001 containers, over the limit of 1,000 per pod"]);
  assert.equal(bad(pod({ volumes: Array.from({ length: 1001 }, (_, i) => ({ name: `v${i}` })) })), ["spec.volumes: 1,001 volumes, over the limit of 1,000 per pod"]);
});

test("objects: kind and apiVersion required, List items must be a list, errors name document and object", () => {
  const r = readAllObjects({ file: "t.yaml", text: "kind: List\napiVersion: v1\nitems: x\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: p, namespace: ns}\nspec: {hostIPC: ON, hostPID: \"true\"}\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: ok}}\n- {kind: Pod}\n" });
  assert.equal(r.objects.map((o) => [o.object.metadata.name, o.source.item]), [["ok", 0]]);
  assert.equal(r.problems.map(formatProblem), [
    't.yaml: document 1 (line 1): List: items: expected a list, got string "x"',
    't.yaml: document 2 (line 4): Pod ns/p: spec.hostPID: expected a boolean, got string "true"',
    "t.yaml: document 3 (line 9): items[1]: Pod has no apiVersion",
  ]);
});

test("walking folders: what is skipped is reported, with --follow-symlinks to read links", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpc-walk-"));
  const w = (p: string, s = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n") => { mkdirSync(join(dir, p, ".."), { recursive: true }); writeFileSync(join(dir, p), s); };
  w("real/a.yaml");
  w("tree/b.yaml");
  w("tree/node_modules/m.yaml");
  w("tree/.git/g.yaml");
  w("tree/notes.txt", "x");
  symlinkSync(join(dir, "real/a.yaml"), join(dir, "tree/link.yaml"));
  symlinkSync(join(dir, "real"), join(dir, "tree/linkdir"));
  symlinkSync(join(dir, "nowhere.yaml"), join(dir, "tree/dangling.yaml"));
  symlinkSync(join(dir, "tree"), join(dir, "tree/loop"));
  execFileSync("mkfifo", [join(dir, "tree/fifo.yaml")]);
  const plain = listInputs([join(dir, "tree")], { cwd: dir });
  assert.equal(plain.inputs.map((i) => i.input.file), ["tree/b.yaml"]);
  assert.equal(plain.problems.map((p) => formatProblem(p.problem)), [
    "tree/.git: warning: skipped: ignored folder",
    "tree/dangling.yaml: not read: dangling symbolic link",
    "tree/fifo.yaml: not read: a FIFO",
    "tree/link.yaml: not read: symbolic link (kubectl would apply it; --follow-symlinks reads it)",
    "tree/linkdir: warning: skipped: symbolic link to a folder (--follow-symlinks reads it)",
    "tree/loop: warning: skipped: symbolic link to a folder (--follow-symlinks reads it)",
    "tree/node_modules: warning: skipped: ignored folder",
  ]);
  const follow = listInputs([join(dir, "tree")], { cwd: dir, followSymlinks: true });
  assert.equal(follow.inputs.map((i) => i.input.file), ["tree/b.yaml", "tree/link.yaml", "tree/linkdir/a.yaml"]);
  assert.equal(follow.problems.map((p) => formatProblem(p.problem)), [
    "tree/.git: warning: skipped: ignored folder",
    "tree/dangling.yaml: not read: dangling symbolic link",
    "tree/fifo.yaml: not read: a FIFO",
    "tree/loop: warning: skipped: a folder already walked (a symbolic link cycle)",
    "tree/node_modules: warning: skipped: ignored folder",
  ]);
  assert.equal(listInputs([join(dir, "tree/dangling.yaml")], { cwd: dir }).problems.map((p) => p.problem.message), ["cannot read: dangling symbolic link"]);
});

test.run();
