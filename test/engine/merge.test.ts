import { test } from "uvu";
import * as assert from "uvu/assert";
import { mergeTemplates } from "../../src/engine/merge.js";
import type { TemplateRego } from "../../src/engine/template.js";

const t = (name: string, rego: string, libs: string[] = [], regoVersion: "v0" | "v1" = "v0"): TemplateRego => ({
  kind: name, name, regoVersion, entrypoint: "x/violation", usesInventory: false,
  modules: { [`${name}/template.rego`]: rego, ...Object.fromEntries(libs.map((l, i) => [`${name}/lib${i}.rego`, l])) },
});

test("entry packages become gpc_batch.t<i>, lib packages and data.lib refs lib.t<i>; strings and comments untouched", () => {
  const m = mergeTemplates([
    t("a", 'package k8s.a\nimport data.lib.x\n# data.lib.y in a comment\nviolation[{"msg": "data.lib.z"}] { x.f(data.lib.x.g) }\n', ["package lib.x\nf(v) { v }\ng := true\n"]),
    t("b", "package other\nimport data.lib\nviolation[{\"msg\": m}] { m := lib.y.s }\n", ["package lib.y\ns := \"b\"\n"]),
  ])!;
  assert.equal(m.modules, {
    "a/template.rego": 'package gpc_batch.t0\nimport data.lib.t0.x\n# data.lib.y in a comment\nviolation[{"msg": "data.lib.z"}] { x.f(data.lib.t0.x.g) }\n',
    "a/lib0.rego": "package lib.t0.x\nf(v) { v }\ng := true\n",
    "b/template.rego": "package gpc_batch.t1\nimport data.lib.t1 as lib\nviolation[{\"msg\": m}] { m := lib.y.s }\n",
    "b/lib0.rego": "package lib.t1.y\ns := \"b\"\n",
  });
  assert.equal([...m.entrypoints], [["a", "gpc_batch/t0/violation"], ["b", "gpc_batch/t1/violation"]]);
});

test("declines what it cannot account for: other data roots, data[...], mixed versions", () => {
  assert.is(mergeTemplates([t("a", "package a\nviolation[{\"msg\": \"x\"}] { data.other.y }\n")]), undefined);
  assert.is(mergeTemplates([t("a", "package a\nviolation[{\"msg\": \"x\"}] { data[\"lib\"] }\n")]), undefined);
  assert.is(mergeTemplates([t("a", "package a\n"), t("b", "package b\n", [], "v1")]), undefined);
  assert.ok(mergeTemplates([t("a", "package a\nviolation[{\"msg\": \"x\"}] { data.inventory.cluster }\n")]));
});

test.run();
