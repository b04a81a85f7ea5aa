// auditPaths streams: a Namespace that comes after its pods still selects them (a pre-pass reads
// Namespaces when a constraint needs them), from files, from stdin, with and without threads;
// ill-typed and not-checked objects are reported identically by every path.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProject } from "../../src/gatekeeper/artifacts.js";
import { auditPaths, reviewPlan } from "../../src/engine/audit.js";
import { WasmCache } from "../../src/engine/wasm.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "gpc-audit-stream-"));
writeFileSync(join(dir, "selected.ts"), `import { allowed, definePolicy, denied, namespace, samplePod, tweak, tweakContainer } from ${JSON.stringify(join(root, "src/index.js"))};
const ok = tweak(samplePod("web"), (p) => { p.metadata.namespace = "team"; });
const ns = namespace("team", { enforce: "on" });
export default definePolicy({ name: "selected", description: "privileged, in enforced namespaces", checks: { privileged: true }, match: { namespaceSelector: { matchLabels: { enforce: "on" } } },
  cases: [allowed("ok", ok, { namespaces: [ns] }), denied("priv", tweakContainer(ok, (c) => { c.securityContext = { ...c.securityContext, privileged: true }; }), { namespaces: [ns] })] });
`);
const pod = (name: string, ns: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  containers: [{name: c, image: i, securityContext: {privileged: yes}}]\n`;
const manifests = [pod("early", "team"), pod("other", "free"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels: {enforce: \"on\"}\n", "apiVersion: v1\nkind: Namespace\nmetadata: {name: free}\n"].join("---\n");
writeFileSync(join(dir, "a.yaml"), manifests);
writeFileSync(join(dir, "b.yaml"), `${pod("typed", "team").replace("privileged: yes", "privileged: \"yes\"")}---\napiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: old, namespace: team}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n`);

test("a Namespace after its pods selects them, whatever the path", async () => {
  const { artifacts, diagnostics } = await buildProject({ inputs: [join(dir, "selected.ts")], cwd: root });
  assert.ok(artifacts, diagnostics.map((d) => d.message).join("; "));
  assert.equal(reviewPlan(artifacts!), { needsNamespaces: true, needsInventory: false });
  const cache = new WasmCache();
  const seq = await auditPaths(artifacts!, [join(dir, "a.yaml"), join(dir, "b.yaml")], { cwd: dir, cache, jobs: 1, engine: "rego" });
  assert.equal(seq.findings.map((f) => `${f.object.namespace}/${f.object.name}`), ["team/early"]);
  assert.equal(seq.inputErrors.map((e) => `${e.file}:${e.document}: ${e.message}`), ['b.yaml:1: Pod team/typed: spec.containers[0].securityContext.privileged: expected a boolean, got string "yes"']);
  assert.equal(seq.notChecked.map((n) => `${n.object.kind}/${n.object.name}`), ["Deployment/old"]);
  assert.is(seq.objects, 5);
  const par = await auditPaths(artifacts!, [join(dir, "a.yaml"), join(dir, "b.yaml")], { cwd: dir, cache, jobs: 2, engine: "rego" });
  assert.is(par.jobs, 2);
  assert.equal([par.findings, par.inputErrors, par.notChecked, par.objects], [seq.findings, seq.inputErrors, seq.notChecked, seq.objects]);
  const stdin = await auditPaths(artifacts!, ["-"], { cwd: dir, cache, readStdin: () => Buffer.from(manifests) });
  assert.equal(stdin.findings.map((f) => `${f.object.namespace}/${f.object.name} ${f.source?.file}`), ["team/early -"]);
  // A FIFO can be read once: it is copied before the two passes.
  execFileSync("mkfifo", [join(dir, "in.fifo")]);
  spawn("sh", ["-c", `cat '${join(dir, "a.yaml")}' > '${join(dir, "in.fifo")}'`], { stdio: "ignore" });
  const fifo = await auditPaths(artifacts!, [join(dir, "in.fifo")], { cwd: dir, cache });
  assert.equal(fifo.findings.map((f) => `${f.object.namespace}/${f.object.name} ${f.source?.file}`), ["team/early in.fifo"]);
});

test.run();
