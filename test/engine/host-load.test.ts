/**
 * The engine's module loading (src/engine/wasm.ts `loadModule`): gpc's host builtins reach a
 * template that calls one — alone or batched with others — and the host code is loaded only then.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createHash } from "node:crypto";
import { createEngine } from "../../src/engine/engine.js";
import { WasmCache } from "../../src/engine/wasm.js";
import type { K8sObject } from "../../src/engine/types.js";

const template = (kind: string, rego: string): K8sObject => ({
  apiVersion: "templates.gatekeeper.sh/v1",
  kind: "ConstraintTemplate",
  metadata: { name: kind.toLowerCase() },
  spec: { crd: { spec: { names: { kind } } }, targets: [{ target: "admission.k8s.gatekeeper.sh", rego }] },
});
const hashed = template("TestHashed", `package testhashed\n\nviolation[{"msg": msg}] {\n  msg := sprintf("%s %s", [input.review.object.metadata.name, crypto.sha256(input.review.object.metadata.name)])\n}\n`);
const plain = template("TestPlain", `package testplain\n\nviolation[{"msg": msg}] {\n  msg := sprintf("plain %s", [input.review.object.metadata.name])\n}\n`);
const constraint = (kind: string): K8sObject => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name: kind.toLowerCase() }, spec: {} });
const pod: K8sObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, spec: { containers: [] } };
const sha = createHash("sha256").update("web").digest("hex");

for (const batch of [true, false]) {
  test(`a host builtin through the engine (${batch ? "batched" : "one module per template"})`, async () => {
    const e = await createEngine({ templates: [plain, hashed], constraints: [{ constraint: constraint("TestHashed") }, { constraint: constraint("TestPlain") }], cache: new WasmCache({ cacheDir: false }), batch });
    assert.equal(e.problems, []);
    assert.equal(e.review({ object: pod }).violations.map((v) => v.msg).sort(), [`plain web`, `web ${sha}`]);
  });
}

test("a template that calls none evaluates without the host code", async () => {
  const e = await createEngine({ templates: [plain], constraints: [{ constraint: constraint("TestPlain") }], cache: new WasmCache({ cacheDir: false }) });
  assert.equal(e.review({ object: pod }).violations.map((v) => v.msg), ["plain web"]);
});

test.run();
