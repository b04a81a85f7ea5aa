// Generated cases hold for PodSecurityPolicies the fixtures do not cover: seeded random specs
// (every field, random values) are imported, and every generated case must pass gpc test.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dump } from "js-yaml";
import { CAPABILITY_NAMES, VOLUME_TYPES } from "../../src/checks/params.js";
import { runImport } from "../../src/cli/commands/import.js";
import { runTest } from "../../src/cli/commands/test.js";

const root = new URL("../../", import.meta.url).pathname;

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function rng(seed: number) {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function randomPsp(r: () => number, i: number): object {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], p = 0.3) => xs.filter(() => r() < p);
  const maybe = (p = 0.5) => r() < p;
  const range = (lo: number, hi: number) => { const a = lo + Math.floor(r() * (hi - lo)); return { min: a, max: a + Math.floor(r() * (hi - a)) }; };
  const strategy = (rules: readonly string[], hi: number) => { const rule = pick(rules); return rule === "MustRunAs" || rule === "MayRunAs" ? { rule, ranges: [range(0, hi), ...(maybe() ? [range(0, hi)] : [])] } : { rule }; };
  const spec: Record<string, unknown> = {
    seLinux: maybe() ? { rule: "RunAsAny" } : { rule: "MustRunAs", seLinuxOptions: Object.fromEntries(some(["user", "role", "type", "level"], 0.5).map((k) => [k, k === "level" ? "s0:c1" : `x_${k[0]}`])) },
    runAsUser: strategy(["MustRunAs", "MustRunAsNonRoot", "RunAsAny"], 3000),
    supplementalGroups: strategy(["MustRunAs", "MayRunAs", "RunAsAny"], 3000),
    fsGroup: strategy(["MustRunAs", "MayRunAs", "RunAsAny"], 3000),
  };
  if (maybe()) spec.runAsGroup = strategy(["MustRunAs", "MayRunAs", "RunAsAny"], 3000);
  for (const k of ["privileged", "hostNetwork", "hostPID", "hostIPC", "readOnlyRootFilesystem", "allowPrivilegeEscalation"]) if (maybe(0.7)) spec[k] = maybe();
  if (spec.allowPrivilegeEscalation !== false && maybe()) spec.defaultAllowPrivilegeEscalation = false;
  if (maybe()) spec.allowedCapabilities = maybe(0.2) ? ["*"] : some(CAPABILITY_NAMES, 0.2);
  if (maybe()) spec.requiredDropCapabilities = maybe() ? ["ALL"] : some(CAPABILITY_NAMES, 0.1);
  if (maybe()) spec.defaultAddCapabilities = some(["CHOWN", "NET_BIND_SERVICE"], 0.5);
  if (maybe(0.8)) spec.volumes = maybe(0.2) ? ["*"] : some(VOLUME_TYPES.filter((v) => v !== "image"), 0.4);
  if (maybe()) spec.hostPorts = [range(0, 65535)];
  if (maybe()) spec.allowedHostPaths = some([{ pathPrefix: "/var/log", readOnly: true }, { pathPrefix: "/data" }, { pathPrefix: "/var" }], 0.6);
  if (maybe()) spec.allowedFlexVolumes = [{ driver: "example.com/lvm" }];
  if (maybe()) spec.allowedCSIDrivers = [{ name: "csi.example.com" }, { name: "other.example.com" }].slice(0, 1 + Math.floor(r() * 2));
  if (maybe()) spec.allowedUnsafeSysctls = maybe(0.2) ? ["*"] : some(["kernel.msg*", "kernel.sem", "net.core.somaxconn"], 0.5);
  if (maybe()) spec.forbiddenSysctls = some(["kernel.*", "net.ipv4.tcp_syncookies", "*"], 0.4);
  if (maybe()) spec.allowedProcMountTypes = maybe() ? ["Default"] : ["Default", "Unmasked"];
  if (maybe()) spec.runtimeClass = { allowedRuntimeClassNames: some(["gvisor", "kata", "*"], 0.5), ...(maybe() ? { defaultRuntimeClassName: "gvisor" } : {}) };
  const profiles = (names: readonly string[]) => some(names, 0.5).join(",");
  const annotations: Record<string, string> = {};
  if (maybe()) annotations["seccomp.security.alpha.kubernetes.io/allowedProfileNames"] = profiles(["runtime/default", "docker/default", "unconfined", "localhost/a.json", "localhost/p*", "*"]);
  if (maybe()) annotations["seccomp.security.alpha.kubernetes.io/defaultProfileName"] = "runtime/default";
  if (maybe()) annotations["apparmor.security.beta.kubernetes.io/allowedProfileNames"] = profiles(["runtime/default", "unconfined", "localhost/k8s-deny-write", "*"]);
  if (maybe()) annotations["apparmor.security.beta.kubernetes.io/defaultProfileName"] = "runtime/default";
  if (spec.runtimeClass && (spec.runtimeClass as { defaultRuntimeClassName?: string }).defaultRuntimeClassName && !(spec.runtimeClass as { allowedRuntimeClassNames: string[] }).allowedRuntimeClassNames.length) delete (spec.runtimeClass as { defaultRuntimeClassName?: string }).defaultRuntimeClassName;
  return { apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", metadata: { name: `random-${i}`, annotations }, spec };
}

test("random PodSecurityPolicies: imported, built, and every generated case passes", async () => {
  const r = rng(Number(process.env.GPC_IMPORT_SEED ?? 20261201));
  const dir = mkdtempSync(join(tmpdir(), "gpc-import-random-"));
  const psps = Array.from({ length: 24 }, (_, i) => randomPsp(r, i));
  writeFileSync(join(dir, "psps.yaml"), psps.map((p) => dump(p)).join("---\n"));
  const o = { out: "", err: "" };
  const io = { out: (s: string) => { o.out += s; }, err: (s: string) => { o.err += s; } };
  const code = runImport({ what: "psp", inputs: [join(dir, "psps.yaml")], out: join(dir, "out"), "import-from": join(root, "src/index.js"), force: false }, io, root);
  // A random PSP may allow everything gpc checks; that one alone is refused, and then nothing is written.
  assert.is(code, 0, o.err);
  const t = { out: "", err: "" };
  const tcode = await runTest({ inputs: [join(dir, "out")], reporter: "table", "cross-check": false }, { out: (s) => { t.out += s; }, err: (s) => { t.err += s; } }, root);
  assert.is(tcode, 0, t.out.split("\n").filter((l) => !l.includes("✓")).join("\n").slice(0, 6000) + t.err);
  assert.match(t.out, /cases in 24 policies: \d+ passed, 0 failed/);
});

test.run();
