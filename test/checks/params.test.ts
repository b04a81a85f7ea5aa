/**
 * Check definitions: parameter validation (expected messages are data, in
 * validation-cases.yaml), schemas structural, kinds valid, describe() lines, and every preset's
 * parameters valid.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { load as loadYaml } from "js-yaml";
import { formatDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { CHECKS, pssPreset, PSS_VERSIONS, type JSONSchema } from "../../src/checks/index.js";

interface Case { check: string; params: object; errors: string[] }
const cases = loadYaml(readFileSync(new URL("./validation-cases.yaml", import.meta.url), "utf8")) as Case[];

cases.forEach((c, i) => {
  test(`validate #${i} ${c.check} ${JSON.stringify(c.params)}`, () => {
    const got = CHECKS[c.check]!.validate(c.params, `checks.${c.check}`).map((d) => formatDiagnostic(d));
    assert.equal(got, c.errors);
  });
});

function structural(s: JSONSchema, path: string): string[] {
  if (!s || typeof s.type !== "string") return [`${path}: no type`];
  if (s.type === "object") return Object.entries(s.properties).flatMap(([k, v]) => structural(v, `${path}.${k}`));
  if (s.type === "array") return structural(s.items, `${path}[]`);
  return [];
}

test("every check: id matches key, kind is CamelCase Gpc*, schema structural with object root, libs known", () => {
  const kinds = new Set<string>();
  for (const [id, d] of Object.entries(CHECKS)) {
    assert.is(d.id, id);
    assert.match(d.kind, /^Gpc[A-Z][A-Za-z0-9]*$/, id);
    assert.ok(d.kind.length <= 63, id);
    assert.not.ok(kinds.has(d.kind.toLowerCase()), `duplicate kind ${d.kind}`);
    kinds.add(d.kind.toLowerCase());
    assert.is(d.parameters.type, "object", id);
    assert.equal(structural(d.parameters, id), []);
    assert.equal(d.validate({}, `checks.${id}`), [], `${id}: {} must be valid`);
  }
  assert.is(Object.keys(CHECKS).length, 23);
});

test("describe() gives one markdown line per check", () => {
  const lines = Object.values(CHECKS).map((d) => d.describe({}));
  for (const l of lines) { assert.not.match(l, /\n/); assert.match(l, /\.$/); }
  assert.is(CHECKS.runAsUser!.describe({ rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] }), "Containers must run as a user id in 1000–2000.");
  assert.is(CHECKS.privileged!.describe({ exemptImages: ["registry.k8s.io/pause*"] }), "Containers must not set `securityContext.privileged: true` (exempt: images `registry.k8s.io/pause*`).");
  assert.is(CHECKS.hostNamespaces!.describe({ allowHostPID: true }), "Pods must not set `hostNetwork`, `hostIPC` to `true`.");
});

test("every PSS preset's parameters are valid", () => {
  for (const level of ["baseline", "restricted"] as const) {
    for (const v of [...PSS_VERSIONS, "latest"]) {
      for (const c of pssPreset(level, v)) {
        assert.equal(CHECKS[c.check]!.validate(c.params as never, `${level}/${v}.${c.check}`).map((d) => formatDiagnostic(d)), []);
      }
    }
  }
});

test.run();
