/**
 * Pod Security Standards presets: the checks + parameters that reproduce Pod Security Admission
 * (`policy/check_*.go`) for a level at a version. Templates are shared across versions; every
 * version-dependent behaviour is a parameter (safe sysctls, SELinux types, Windows relaxation,
 * the annotation → field switch of seccomp, procMount with user namespaces).
 *
 * Each check appears at most once in a preset (callers may key presets by check id). Where
 * restricted tightens a baseline rule (capabilities ≥ v1.22, seccomp ≥ v1.19, procMount ≥ v1.35)
 * the restricted parameters replace the baseline ones. From v1.25 restricted skips Windows pods
 * (`spec.os.name: windows`) in allowPrivilegeEscalation, capabilities and seccomp, as PSA does;
 * the baseline parts of those rules then go unchecked for Windows pods, which is exact for every
 * pod the API server accepts, since it rejects these Linux-only fields on Windows pods.
 */
import type { CapabilityName } from "./params.js";
import { MAX_ID } from "./define.js";
import { safeSysctls } from "./sysctls.js";
import type { CheckInstance, PssLevel } from "./types.js";
import { RESTRICTED_VOLUME_TYPES } from "./volumeTypes.js";

/** Newest PSA minor version gpc knows (the fixtures go up to it). */
export const PSS_LATEST_MINOR = 37;

/** PSA versions, oldest first: `v1.0` … `v1.37`; `latest` means the last one. */
export const PSS_VERSIONS: readonly string[] = Array.from({ length: PSS_LATEST_MINOR + 1 }, (_, i) => `v1.${i}`);

/** Capabilities baseline allows containers to add. */
export const BASELINE_CAPABILITIES: readonly CapabilityName[] = [
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
  "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];

/** The minor version of `v1.<n>` or `latest`; throws on anything else. */
export function pssMinor(version: string): number {
  if (version === "latest") return PSS_LATEST_MINOR;
  const m = /^v1\.(\d+)$/.exec(version);
  if (!m || Number(m[1]) > PSS_LATEST_MINOR) {
    throw new Error(`unknown Pod Security Standards version ${JSON.stringify(version)}; expected "latest" or one of v1.0 … v1.${PSS_LATEST_MINOR}`);
  }
  return Number(m[1]);
}

const c = (check: string, params: object): CheckInstance => ({ check, params });

function baseline(minor: number): CheckInstance[] {
  const selinuxTypes = ["container_t", "container_init_t", "container_kvm_t", ...(minor >= 31 ? ["container_engine_t"] : [])];
  return [
    c("windowsHostProcess", {}),
    c("hostNamespaces", {}),
    c("privileged", {}),
    c("capabilities", { allowedCapabilities: BASELINE_CAPABILITIES, caseSensitive: true }),
    c("hostPathVolumes", { allowedHostPaths: [] }),
    c("hostPorts", { ranges: [] }),
    c("appArmor", { allowedProfileTypes: ["RuntimeDefault", "Localhost"], requireProfile: false, checkFields: true, checkAnnotations: true }),
    c("seLinux", { allowedTypes: selinuxTypes, allowedUsers: [], allowedRoles: [] }),
    c("procMount", { allowedProcMountTypes: ["Default"], allowUnmaskedWithUserNamespace: minor >= 35 }),
    c("seccomp", minor >= 19
      ? { allowedProfileTypes: ["RuntimeDefault", "Localhost"], requireProfile: false, checkFields: true, checkAnnotations: false }
      : { allowedProfileTypes: ["RuntimeDefault", "Localhost"], requireProfile: false, checkFields: false, checkAnnotations: true }),
    c("sysctls", { allowedSysctls: safeSysctls(minor) }),
    ...(minor >= 34 ? [c("hostProbesAndLifecycle", { allowedHosts: [] })] : []),
  ];
}

function restricted(minor: number): CheckInstance[] {
  const windows = minor >= 25;
  const out: CheckInstance[] = [];
  for (const b of baseline(minor)) {
    // Restricted replaces the baseline rules it makes stricter.
    if (b.check === "capabilities" && minor >= 22) continue;
    if (b.check === "seccomp" && minor >= 19) continue;
    if (b.check === "procMount" && minor >= 35) { out.push(c("procMount", { allowedProcMountTypes: ["Default"], allowUnmaskedWithUserNamespace: false })); continue; }
    out.push(b);
  }
  out.push(c("volumeTypes", { allowedTypes: RESTRICTED_VOLUME_TYPES }));
  if (minor >= 8) out.push(c("allowPrivilegeEscalation", { requireExplicitFalse: true, skipWindowsPods: windows }));
  out.push(c("runAsNonRoot", {}));
  if (minor >= 23) out.push(c("runAsUser", { rule: "MayRunAs", ranges: [{ min: 1, max: MAX_ID }] }));
  if (minor >= 19) out.push(c("seccomp", { allowedProfileTypes: ["RuntimeDefault", "Localhost"], requireProfile: true, checkFields: true, checkAnnotations: false, skipWindowsPods: windows }));
  if (minor >= 22) out.push(c("capabilities", { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"], caseSensitive: true, skipWindowsPods: windows }));
  return out;
}

/** Checks + parameters that reproduce Pod Security Admission `level` at `version` (`v1.0`…`v1.37` or `latest`). */
export function pssPreset(level: PssLevel, version: string): CheckInstance[] {
  const minor = pssMinor(version);
  if (level === "baseline") return baseline(minor);
  if (level === "restricted") return restricted(minor);
  throw new Error(`unknown Pod Security Standards level ${JSON.stringify(level)}; expected "baseline" or "restricted"`);
}
