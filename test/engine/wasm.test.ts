// Real Rego through gpc's compiler and opa-wasm: hand-written templates in fixtures/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { createEngine } from "../../src/engine/engine.js";
import { templateRego } from "../../src/engine/template.js";
import { WasmCache } from "../../src/engine/wasm.js";
import type { K8sObject } from "../../src/engine/types.js";

const fixture = (name: string) => load(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as K8sObject;
const priv = fixture("privileged.yaml"), odd = fixture("odd.yaml"), hostnet = fixture("hostnet.yaml");
const constraint = (kind: string, name: string, spec: object = {}): K8sObject => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name }, spec });
const pod = (containers: object[]): K8sObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers } });
const cacheDir = mkdtempSync(join(tmpdir(), "gpc-cache-"));

test("v0 template with a lib and defaulted parameters", async () => {
  const e = await createEngine({ templates: [priv], constraints: [{ constraint: constraint("TestPrivileged", "all") }, { constraint: constraint("TestPrivileged", "exempt", { parameters: { exemptImages: ["ok:1"] } }) }], cache: new WasmCache({ cacheDir }) });
  assert.equal(e.problems, []);
  const r = e.review({ object: pod([{ name: "a", image: "ok:1", securityContext: { privileged: true } }, { name: "b", image: "x", securityContext: { privileged: false } }]) });
  assert.equal(r.violations.map((v) => [v.constraint.name, v.msg, v.details]), [["all", "container a is privileged", { container: "a" }]]);
  assert.equal(e.review({ object: pod([{ name: "a", image: "x" }]) }).violations, []);
});

test("the disk cache is keyed by content and reused", async () => {
  const c1 = new WasmCache({ cacheDir });
  await c1.load(templateRego(priv));
  assert.is(c1.stats.compiles + c1.stats.diskHits, 1);
  const files = readdirSync(join(cacheDir, "wasm"));
  assert.ok(files.includes(`${c1.key(templateRego(priv))}.wasm`));
  const c2 = new WasmCache({ cacheDir });
  await c2.load(templateRego(priv));
  assert.equal([c2.stats.compiles, c2.stats.diskHits], [0, 1]);
  await c2.load(templateRego(priv));
  assert.is(c2.stats.memoryHits, 1);
});

test("v1 template: runtime conflict fails closed; violation shapes normalised like Gatekeeper", async () => {
  const e = await createEngine({ templates: [odd], constraints: [{ constraint: constraint("TestOdd", "conflict", { parameters: { mode: "conflict" } }) }, { constraint: constraint("TestOdd", "shapes", { parameters: { mode: "shapes" } }) }], cache: new WasmCache({ cacheDir: false }) });
  assert.equal(e.problems, []);
  const r = e.review({ object: pod([]), operation: "UPDATE", oldObject: pod([]) });
  const byName = (n: string) => r.violations.filter((v) => v.constraint.name === n);
  assert.is(byName("conflict").length, 1);
  assert.is(byName("conflict")[0]!.error, "runtime");
  assert.match(byName("conflict")[0]!.msg, /conflict|multiple/);
  assert.equal(byName("shapes").map((v) => [v.msg, v.details]).sort(), [["op", { op: "UPDATE", user: "gpc" }], ["same", {}]]);
  assert.equal(r.errors, []);
});

test("batched module (one per Rego version) gives exactly the per-template results, runtime errors included", async () => {
  const constraints = [
    { constraint: constraint("TestOdd", "conflict", { parameters: { mode: "conflict" } }) },
    { constraint: constraint("TestOdd", "shapes", { parameters: { mode: "shapes" } }) },
    { constraint: constraint("TestHostNet", "hostnet") },
  ];
  const objects = [
    pod([]),
    { ...pod([{ name: "a" }]), spec: { hostNetwork: true, containers: [] } },
    { ...pod([]), metadata: { name: "q", namespace: "x" }, spec: { hostNetwork: false, containers: [] } },
  ];
  const cache = new WasmCache({ cacheDir: false });
  const batched = await createEngine({ templates: [odd, hostnet], constraints, cache });
  const single = await createEngine({ templates: [odd, hostnet], constraints, cache, batch: false });
  assert.equal(batched.problems, []);
  assert.is(cache.stats.compiles, 3); // one merged module, then two single ones
  for (const object of [...objects, ...objects]) {
    const a = batched.review({ object }), b = single.review({ object });
    assert.equal(a, b);
  }
  const r = batched.review({ object: objects[1]! });
  assert.equal(r.violations.map((v) => [v.constraint.name, v.error ?? "", v.error ? "" : v.msg]).sort(), [["conflict", "runtime", ""], ["hostnet", "", "host network"], ["shapes", "", "op"], ["shapes", "", "same"]]);
});

test.run();
