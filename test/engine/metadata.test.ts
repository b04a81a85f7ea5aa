// rego.metadata.* in a ConstraintTemplate report what Gatekeeper reports: its Rego driver runs the
// template's module as package `template` and a library `lib.x` as `libs.lib.x`. Such templates
// stay out of the batched module (whose package names are gpc's own).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createEngine } from "../../src/engine/engine.js";
import { templateRego } from "../../src/engine/template.js";
import { WasmCache } from "../../src/engine/wasm.js";
import type { K8sObject } from "../../src/engine/types.js";

const template = (kind: string, rego: string, libs: string[] = []): K8sObject => ({
  apiVersion: "templates.gatekeeper.sh/v1",
  kind: "ConstraintTemplate",
  metadata: { name: kind.toLowerCase() },
  spec: { crd: { spec: { names: { kind } } }, targets: [{ target: "admission.k8s.gatekeeper.sh", rego, ...(libs.length ? { libs } : {}) }] },
});

const annotated = template("TestAnnotated", [
  "# METADATA",
  "# title: Annotated pods",
  "package k8sannotated",
  "import data.lib.names",
  "",
  "# METADATA",
  "# custom:",
  "#   severity: high",
  "violation[{\"msg\": msg}] {",
  "  chain := rego.metadata.chain()",
  "  msg := sprintf(\"%v %v %v %v\", [rego.metadata.rule().custom.severity, chain[0].path, chain[1].path, names.where])",
  "}",
].join("\n"), ["package lib.names\nwhere := rego.metadata.chain()[0].path\n"]);

const plain = template("TestPlain", "package k8splain\nviolation[{\"msg\": \"plain\"}] { true }\n");
const plain2 = template("TestPlainTwo", "package k8splaintwo\nviolation[{\"msg\": \"plain two\"}] { true }\n");
const pod: K8sObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [] } };
const constraint = (kind: string): K8sObject => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name: "c" }, spec: {} });

test("the packages Gatekeeper runs the modules as are recorded only for templates that use rego.metadata", () => {
  assert.equal(templateRego(annotated).metadataPackages, { "testannotated/template.rego": ["template"], "testannotated/lib0.rego": ["libs", "lib", "names"] });
  assert.is(templateRego(plain).metadataPackages, undefined);
});

test("chain paths are Gatekeeper's, also beside a batched template", async () => {
  const e = await createEngine({ templates: [annotated, plain, plain2], constraints: ["TestAnnotated", "TestPlain", "TestPlainTwo"].map((k) => ({ constraint: constraint(k) })), cache: new WasmCache({ cacheDir: false }) });
  assert.equal(e.problems, []);
  const msgs = e.review({ object: pod }).violations.map((v) => v.msg).sort();
  assert.equal(msgs, ["high [\"template\", \"violation\"] [\"template\"] [\"libs\", \"lib\", \"names\", \"where\"]", "plain", "plain two"]);
});

test.run();
