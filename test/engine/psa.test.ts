// Conformance: the Pod Security Standards presets, built into ConstraintTemplates + Constraints
// by gpc's own emitter and evaluated through the engine (Rego → Wasm), agree with Pod Security
// Admission on every fixture in ../shared/conformance/psa/, for every version the DSL supports:
// each pod in <level>/<version>/pass is allowed, each pod in <level>/<version>/fail is denied.
// A disagreement names the fixture file and the PSA check it exercises.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { PSS_VERSIONS } from "../../src/checks/index.js";
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../../src/dsl/index.js";
import { createEngine } from "../../src/engine/engine.js";
import { isDeny } from "../../src/engine/enforcement.js";
import { WasmCache } from "../../src/engine/wasm.js";
import type { K8sObject } from "../../src/engine/types.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";

const root = new URL("../../../shared/conformance/psa/", import.meta.url).pathname;
const cache = new WasmCache();
const ok = samplePod("conformance");
const cases = [allowed("compliant", ok), denied("privileged", tweakContainer(ok, (c) => { c.securityContext = { ...c.securityContext, privileged: true }; }), { deniedBy: "privileged" })];

/** `runasnonroot2.yaml` → `runasnonroot`, the PSA check the fixture exercises. */
const checkOf = (file: string) => file.replace(/\d*\.yaml$/, "");
const versionKey = (v: string) => Number(v.slice(3));

if (!existsSync(root)) {
  test("PSA fixtures are present", () => assert.unreachable(`missing ${root}`));
}

for (const level of ["baseline", "restricted"] as const) {
  const versions = existsSync(join(root, level)) ? readdirSync(join(root, level)).filter((v) => PSS_VERSIONS.includes(v)).sort((a, b) => versionKey(a) - versionKey(b)) : [];
  for (const version of versions) {
    test(`PSS ${level} ${version} agrees with Pod Security Admission`, async () => {
      const model = definePolicy({ name: `psa-${level}`, pss: { level, version: version as `v1.${number}` }, cases });
      const artifacts = emitArtifacts([{ model, sourceFile: "test/engine/psa.test.ts" }], "v0");
      const engine = await createEngine({ templates: artifacts.templates, constraints: artifacts.policies[0]!.constraints.map((constraint) => ({ constraint })), cache });
      assert.equal(engine.problems.map((p) => `${p.subject}: ${p.message.split("\n")[0]}`), []);
      const disagreements: string[] = [];
      let checked = 0;
      for (const expect of ["pass", "fail"] as const) {
        const dir = join(root, level, version, expect);
        if (!existsSync(dir)) continue;
        for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
          const pod = load(readFileSync(join(dir, file), "utf8")) as K8sObject;
          const r = engine.review({ object: pod });
          const denies = r.violations.filter((v) => isDeny(v));
          const deniedNow = denies.length > 0 || r.errors.length > 0;
          checked++;
          if (deniedNow !== (expect === "fail")) {
            const why = deniedNow ? `: ${[...denies.map((v) => `[${v.constraint.name}] ${v.msg}`), ...r.errors.map((e) => e.message)].join("; ")}` : "";
            disagreements.push(`${level}/${version}/${expect}/${file} (check ${checkOf(file)}): PSA ${expect === "pass" ? "allows" : "denies"}, gpc ${deniedNow ? "denies" : "allows"}${why}`);
          }
        }
      }
      assert.ok(checked > 0, `no fixtures under ${level}/${version}`);
      assert.equal(disagreements, [], `${disagreements.length} of ${checked} fixtures disagree:\n  ${disagreements.join("\n  ")}`);
    });
  }
}

test.run();
