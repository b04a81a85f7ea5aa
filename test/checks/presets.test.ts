/**
 * PSS presets (version gates, one instance per check, errors) and the PodSecurityPolicy mapping
 * (expected checks and diagnostics are data, in psp-cases.yaml).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { load as loadYaml } from "js-yaml";
import { formatDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { CHECKS, pspToChecks, pssPreset, PSS_VERSIONS, type CheckInstance, type PodSecurityPolicySpec } from "../../src/checks/index.js";

const ids = (level: "baseline" | "restricted", v: string) => pssPreset(level, v).map((c) => c.check);
const params = (level: "baseline" | "restricted", v: string, id: string) => pssPreset(level, v).find((c) => c.check === id)?.params as any;

test("PSS_VERSIONS is v1.0 … v1.37 and latest is v1.37", () => {
  assert.is(PSS_VERSIONS.length, 38);
  assert.is(PSS_VERSIONS[0], "v1.0");
  assert.is(PSS_VERSIONS[37], "v1.37");
  assert.equal(pssPreset("restricted", "latest"), pssPreset("restricted", "v1.37"));
});

test("unknown versions and levels throw", () => {
  assert.throws(() => pssPreset("baseline", "v1.38"), /unknown Pod Security Standards version "v1.38"/);
  assert.throws(() => pssPreset("baseline", "1.30"), /unknown Pod Security Standards version/);
  assert.throws(() => pssPreset("privileged" as never, "v1.30"), /unknown Pod Security Standards level/);
});

test("each check appears at most once and is registered", () => {
  for (const level of ["baseline", "restricted"] as const) for (const v of PSS_VERSIONS) {
    const list = ids(level, v);
    assert.is(new Set(list).size, list.length, `${level} ${v}`);
    for (const id of list) assert.ok(CHECKS[id], id);
  }
});

test("version gates", () => {
  assert.equal(ids("baseline", "v1.0"), ["windowsHostProcess", "hostNamespaces", "privileged", "capabilities", "hostPathVolumes", "hostPorts", "appArmor", "seLinux", "procMount", "seccomp", "sysctls"]);
  assert.ok(ids("baseline", "v1.34").includes("hostProbesAndLifecycle"));
  assert.not.ok(ids("baseline", "v1.33").includes("hostProbesAndLifecycle"));
  assert.is(params("baseline", "v1.18", "seccomp").checkAnnotations, true);
  assert.is(params("baseline", "v1.18", "seccomp").checkFields, false);
  assert.is(params("baseline", "v1.19", "seccomp").checkFields, true);
  assert.is(params("baseline", "v1.19", "seccomp").checkAnnotations, false);
  assert.not.ok(params("baseline", "v1.30", "seLinux").allowedTypes.includes("container_engine_t"));
  assert.ok(params("baseline", "v1.31", "seLinux").allowedTypes.includes("container_engine_t"));
  assert.is(params("baseline", "v1.34", "procMount").allowUnmaskedWithUserNamespace, false);
  assert.is(params("baseline", "v1.35", "procMount").allowUnmaskedWithUserNamespace, true);
  assert.is(params("restricted", "v1.35", "procMount").allowUnmaskedWithUserNamespace, false);
  assert.equal(params("baseline", "v1.26", "sysctls").allowedSysctls.length, 5);
  assert.equal(params("baseline", "v1.27", "sysctls").allowedSysctls.length, 6);
  assert.equal(params("baseline", "v1.29", "sysctls").allowedSysctls.length, 10);
  assert.equal(params("baseline", "v1.32", "sysctls").allowedSysctls.length, 12);
  assert.equal(params("baseline", "v1.37", "sysctls").allowedSysctls.length, 14);
  assert.not.ok(ids("restricted", "v1.7").includes("allowPrivilegeEscalation"));
  assert.ok(ids("restricted", "v1.8").includes("allowPrivilegeEscalation"));
  assert.not.ok(ids("restricted", "v1.22").includes("runAsUser"));
  assert.equal(params("restricted", "v1.23", "runAsUser"), { rule: "MayRunAs", ranges: [{ min: 1, max: 2147483647 }] });
  assert.equal(params("restricted", "v1.21", "capabilities").requiredDropCapabilities, undefined);
  assert.equal(params("restricted", "v1.22", "capabilities").allowedCapabilities, ["NET_BIND_SERVICE"]);
  assert.is(params("restricted", "v1.18", "seccomp").requireProfile, false);
  assert.is(params("restricted", "v1.19", "seccomp").requireProfile, true);
  for (const id of ["allowPrivilegeEscalation", "seccomp", "capabilities"]) {
    assert.is(params("restricted", "v1.24", id).skipWindowsPods, false, id);
    assert.is(params("restricted", "v1.25", id).skipWindowsPods, true, id);
  }
});

interface PspCase { name: string; spec: PodSecurityPolicySpec; checks: CheckInstance[]; diagnostics: string[] }
const pspCases = loadYaml(readFileSync(new URL("./psp-cases.yaml", import.meta.url), "utf8")) as PspCase[];
for (const c of pspCases) {
  test(`psp: ${c.name}`, () => {
    const r = pspToChecks(c.spec, "psp");
    assert.equal(r.checks, c.checks);
    assert.equal(r.diagnostics.map((d) => `${d.severity} ${formatDiagnostic(d)}`), c.diagnostics);
  });
}

test("psp: every produced check has valid parameters", () => {
  for (const c of pspCases) {
    for (const ch of pspToChecks(c.spec, "psp").checks) {
      const errs = CHECKS[ch.check]!.validate(ch.params as never, `psp.${ch.check}`).map((d) => formatDiagnostic(d));
      // Unknown volume types are reported by pspToChecks itself; everything else must validate.
      assert.equal(errs, [], `${c.name}: ${ch.check}`);
    }
  }
});

test.run();
