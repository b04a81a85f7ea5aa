// rego.metadata.* under the packages modules have where they run (`metadataPackages`): Gatekeeper
// compiles a template's module as package `template` and a library `lib.x` as `libs.lib.x`, so
// chain paths and package scopes follow those names, while references keep the declared ones.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../../../src/rego/wasm/compile.js";

const modules = {
  "tmpl.rego": [
    "# METADATA",
    "# title: Template",
    "package k8sexample",
    "import data.lib.util",
    "",
    "# METADATA",
    "# custom: {severity: high}",
    "violation contains {\"msg\": util.msg, \"chain\": rego.metadata.chain()} if input.bad",
  ].join("\n"),
  "lib.rego": [
    "# METADATA",
    "# scope: subpackages",
    "# title: Libraries",
    "package lib.util",
    "",
    "msg := sprintf(\"%v: %v\", [count(rego.metadata.chain()), rego.metadata.chain()[1].path])",
  ].join("\n"),
};

async function run(metadataPackages?: Record<string, string[]>): Promise<unknown> {
  const wasm = compileRego({ modules, entrypoints: ["k8sexample/violation"], ...(metadataPackages ? { metadataPackages } : {}) });
  const policy = await loadPolicy(wasm as unknown as BufferSource);
  return policy.evaluate({ bad: true });
}

test("declared packages by default", async () => {
  assert.equal(await run(), [{
    result: [{
      chain: [
        { annotations: { custom: { severity: "high" }, scope: "rule" }, path: ["k8sexample", "violation"] },
        { annotations: { scope: "package", title: "Template" }, path: ["k8sexample"] },
      ],
      msg: "2: [\"lib\", \"util\"]",
    }],
  }]);
});

test("Gatekeeper's package names when given", async () => {
  assert.equal(await run({ "tmpl.rego": ["template"], "lib.rego": ["libs", "lib", "util"] }), [{
    result: [{
      chain: [
        { annotations: { custom: { severity: "high" }, scope: "rule" }, path: ["template", "violation"] },
        { annotations: { scope: "package", title: "Template" }, path: ["template"] },
      ],
      msg: "2: [\"libs\", \"lib\", \"util\"]",
    }],
  }]);
});

test.run();
