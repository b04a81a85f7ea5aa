/**
 * PodSecurityPolicy (`policy/v1beta1`) spec → checks.
 *
 * PSP both validated and mutated pods; gpc only validates, so defaulting fields
 * (`defaultAllowPrivilegeEscalation`, `defaultAddCapabilities` as a default, the
 * `…/defaultProfileName` annotations, `runtimeClass.defaultRuntimeClassName`, and the values
 * MustRunAs strategies would fill in) are
 * reported as warnings and pods must set those values themselves. Unknown volume types and
 * malformed strategies are errors. Every diagnostic carries the property path under `path`.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "./define.js";
import { VOLUME_TYPES, type ProfileType, type VolumeType } from "./params.js";
import type { PodSecurityPolicySpec } from "./psp-types.js";
import { SAFE_SYSCTLS } from "./sysctls.js";
import type { CheckInstance } from "./types.js";


const SECCOMP_ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
const SECCOMP_DEFAULT = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
const APPARMOR_ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
const APPARMOR_DEFAULT = "apparmor.security.beta.kubernetes.io/defaultProfileName";

const warn = (path: string, message: string): Diagnostic => ({ code: "psp-ignored", severity: "warning", message, path });

/** Profile names of a PSP `allowedProfileNames` annotation → seccomp/appArmor parameters, or undefined for `*`. */
function profileParams(value: string, path: string, kind: "seccomp" | "appArmor", out: Diagnostic[]):
  { allowedProfileTypes: ProfileType[]; allowedLocalhostProfiles: string[] } | undefined {
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.includes("*")) return undefined;
  const types = new Set<ProfileType>();
  const localhost: string[] = [];
  for (const n of names) {
    if (n === "runtime/default" || (kind === "seccomp" && n === "docker/default")) types.add("RuntimeDefault");
    else if (n === "unconfined") types.add("Unconfined");
    else if (n.startsWith("localhost/")) { types.add("Localhost"); localhost.push(n.slice("localhost/".length)); }
    else out.push(diag(path, `unknown ${kind === "seccomp" ? "seccomp" : "AppArmor"} profile name ${JSON.stringify(n)}`));
  }
  return { allowedProfileTypes: [...types], allowedLocalhostProfiles: localhost };
}

/** Map a PSP spec to checks; ignored (mutating) and invalid fields are reported at `path`. */
export function pspToChecks(spec: PodSecurityPolicySpec, path: string): { checks: CheckInstance[]; diagnostics: Diagnostic[] } {
  const checks: CheckInstance[] = [];
  const ds: Diagnostic[] = [];
  const add = (check: string, params: object) => checks.push({ check, params });

  if (spec.privileged !== true) add("privileged", {});
  if (spec.allowPrivilegeEscalation === false) add("allowPrivilegeEscalation", { requireExplicitFalse: false });
  if (spec.defaultAllowPrivilegeEscalation !== undefined) {
    ds.push(warn(`${path}.defaultAllowPrivilegeEscalation`, "not applied: gpc validates and does not default fields; containers must set allowPrivilegeEscalation themselves"));
  }

  const allowedCaps = [...(spec.allowedCapabilities ?? []), ...(spec.defaultAddCapabilities ?? [])];
  if (spec.defaultAddCapabilities?.length) {
    ds.push(warn(`${path}.defaultAddCapabilities`, "not added to containers (gpc does not mutate); these capabilities are allowed as adds"));
  }
  add("capabilities", {
    allowedCapabilities: [...new Set(allowedCaps)],
    ...(spec.requiredDropCapabilities?.length ? { requiredDropCapabilities: spec.requiredDropCapabilities } : {}),
  });

  const volumes = spec.volumes ?? [];
  volumes.forEach((v, i) => {
    if (v !== "*" && !VOLUME_TYPES.includes(v as VolumeType)) ds.push(diag(`${path}.volumes[${i}]`, `unknown volume type ${JSON.stringify(v)}`));
  });
  if (!volumes.includes("*")) add("volumeTypes", { allowedTypes: volumes });
  if (spec.allowedHostPaths?.length) add("hostPathVolumes", { allowedHostPaths: spec.allowedHostPaths.map((h) => ({ pathPrefix: h.pathPrefix, readOnly: h.readOnly === true })) });
  if (spec.allowedFlexVolumes?.length) add("flexVolumeDrivers", { allowedDrivers: spec.allowedFlexVolumes.map((f) => f.driver) });
  // PSP: an empty allowedCSIDrivers allows every driver.
  if (spec.allowedCSIDrivers?.length) add("csiDrivers", { allowedDrivers: spec.allowedCSIDrivers.map((d) => d.name) });

  if (!(spec.hostNetwork && spec.hostPID && spec.hostIPC)) {
    add("hostNamespaces", { allowHostNetwork: spec.hostNetwork === true, allowHostPID: spec.hostPID === true, allowHostIPC: spec.hostIPC === true });
  }
  add("hostPorts", { ranges: spec.hostPorts ?? [] });

  if (spec.seLinux === undefined) ds.push(diag(`${path}.seLinux`, "is required in a PodSecurityPolicy"));
  else if (spec.seLinux.rule === "MustRunAs") {
    const o = spec.seLinux.seLinuxOptions ?? {};
    const p: Record<string, string[]> = {};
    if (o.type) p.allowedTypes = [o.type];
    if (o.user) p.allowedUsers = [o.user];
    if (o.role) p.allowedRoles = [o.role];
    if (o.level) p.allowedLevels = [o.level];
    add("seLinux", p);
    ds.push(warn(`${path}.seLinux`, "MustRunAs is checked on values pods set; unset options are not defaulted"));
  }

  if (spec.runAsUser === undefined) ds.push(diag(`${path}.runAsUser`, "is required in a PodSecurityPolicy"));
  else if (spec.runAsUser.rule !== "RunAsAny") add("runAsUser", { rule: spec.runAsUser.rule, ...(spec.runAsUser.rule === "MustRunAs" ? { ranges: spec.runAsUser.ranges ?? [] } : {}) });
  for (const key of ["runAsGroup", "supplementalGroups", "fsGroup"] as const) {
    const s = spec[key];
    if (s === undefined) {
      if (key !== "runAsGroup") ds.push(diag(`${path}.${key}`, "is required in a PodSecurityPolicy"));
      continue;
    }
    if (s.rule !== "RunAsAny") add(key, { rule: s.rule, ranges: s.ranges ?? [] });
  }

  if (spec.readOnlyRootFilesystem === true) add("readOnlyRootFilesystem", {});
  add("sysctls", {
    allowedSysctls: [...new Set([...SAFE_SYSCTLS, ...(spec.allowedUnsafeSysctls ?? [])])],
    ...(spec.forbiddenSysctls?.length ? { forbiddenSysctls: spec.forbiddenSysctls } : {}),
  });
  add("procMount", { allowedProcMountTypes: spec.allowedProcMountTypes?.length ? spec.allowedProcMountTypes : ["Default"] });

  if (spec.runtimeClass !== undefined) {
    if (!spec.runtimeClass.allowedRuntimeClassNames.includes("*")) add("runtimeClass", { allowedRuntimeClassNames: [...spec.runtimeClass.allowedRuntimeClassNames] });
    if (spec.runtimeClass.defaultRuntimeClassName !== undefined) {
      ds.push(warn(`${path}.runtimeClass.defaultRuntimeClassName`, "not applied: gpc does not default spec.runtimeClassName; pods without one are allowed"));
    }
  }

  // Profiles, as PSP's seccomp and AppArmor strategies read their annotations: with no seccomp
  // annotation a pod may set no seccomp profile; with a list (no "*") every container needs a
  // profile from the list — seccomp also accepts none when the list has an empty entry — and PSP's
  // `defaultProfileName` filled in the profile where a pod had none, which gpc does not do: such
  // pods are denied. With no AppArmor annotation anything goes.
  const ann = spec.annotations ?? {};
  const seccompAllowed = ann[SECCOMP_ALLOWED];
  if (seccompAllowed === undefined) {
    add("seccomp", { allowedProfileTypes: [], allowedLocalhostProfiles: [], requireProfile: false, checkFields: true, checkAnnotations: true });
  } else {
    const p = profileParams(seccompAllowed, `${path}.annotations["${SECCOMP_ALLOWED}"]`, "seccomp", ds);
    const acceptsNone = seccompAllowed.split(",").some((n) => n.trim() === "");
    if (p) add("seccomp", { ...p, requireProfile: !acceptsNone, checkFields: true, checkAnnotations: true });
  }
  if (ann[APPARMOR_ALLOWED] !== undefined) {
    const p = profileParams(ann[APPARMOR_ALLOWED]!, `${path}.annotations["${APPARMOR_ALLOWED}"]`, "appArmor", ds);
    if (p) add("appArmor", { ...p, requireProfile: p.allowedProfileTypes.length > 0, checkFields: true, checkAnnotations: true });
  }
  for (const k of [SECCOMP_DEFAULT, APPARMOR_DEFAULT]) {
    if (ann[k] !== undefined) ds.push(warn(`${path}.annotations["${k}"]`, "not applied: PSP set this profile where a pod had none; gpc does not default profiles, so such pods are denied"));
  }
  return { checks, diagnostics: ds };
}
