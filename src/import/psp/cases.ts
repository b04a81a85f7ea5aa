/**
 * Sample cases for an imported PodSecurityPolicy.
 *
 * Input: a PSP spec. Output: the edits that turn gpc's `samplePod` into a pod the PSP admits
 * (`base`), and one denied case per control the PSP restricts, each an edit of that pod. Edits are
 * plain data (`Op`: set or delete a value at a path of the pod) so that one list both builds the
 * objects (for validation at import time) and prints the TypeScript of the generated file.
 * The values the sample pod already has are read from `samplePod()`, not assumed.
 */
import { CAPABILITY_NAMES, VOLUME_TYPES, type IdRange } from "../../checks/params.js";
import type { PodSecurityPolicySpec } from "../../checks/psp-types.js";
import { SAFE_SYSCTLS } from "../../checks/sysctls.js";
import { samplePod } from "../../dsl/samples.js";
import type { Pod } from "../../dsl/pod.js";
import { PSP_ANNOTATIONS } from "./read.js";

/** A path into a pod: property names and array indexes. */
export type Segment = string | number;

/** Set `value` at `path` (creating objects on the way), or delete the property when `value` is absent. */
export interface Op {
  readonly path: readonly Segment[];
  readonly value?: unknown;
}

/** One generated sample case. */
export interface GeneratedCase {
  readonly name: string;
  readonly expect: "allowed" | "denied";
  /** Edits of the allowed pod. */
  readonly ops: readonly Op[];
  /** The check expected to deny it. */
  readonly deniedBy?: string;
  /** Go regexes, each matching some violation message. */
  readonly messages?: readonly string[];
  /** One line for a comment: which PSP field the case exercises. */
  readonly field: string;
}

/** The sample pod's name in generated files. */
export const SAMPLE_POD_NAME = "sample";
const MAX_ID = 2147483647;

/** A Go (RE2) regex matching `s` literally. */
export function literalRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

const inRanges = (n: number, ranges: readonly IdRange[]) => ranges.some((r) => n >= r.min && n <= r.max);

/** An id outside every range (root first, as the case that matters most), or undefined when ranges cover everything. */
function outside(ranges: readonly IdRange[], lo: number, hi: number, prefer: readonly number[] = []): number | undefined {
  const candidates = [...prefer, lo, ...ranges.map((r) => r.max + 1), ...ranges.map((r) => r.min - 1), hi];
  return candidates.find((n) => n >= lo && n <= hi && !inRanges(n, ranges));
}

/** An id inside the ranges: `prefer` when allowed, else the lowest non-zero one, else 0. */
function inside(ranges: readonly IdRange[], prefer: number | undefined): number | undefined {
  if (prefer !== undefined && inRanges(prefer, ranges)) return prefer;
  const sorted = [...ranges].sort((a, b) => a.min - b.min);
  const nonZero = sorted.find((r) => r.max >= 1);
  if (nonZero) return Math.max(1, nonZero.min);
  return sorted[0]?.min;
}

/** `*`-suffix pattern match, as the sysctls check matches. */
function matchesPattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === "*" || p === name || (p.endsWith("*") && name.startsWith(p.slice(0, -1))));
}

/** Whether `path` is under `prefix` on whole segments, as the hostPathVolumes check reads it. */
function underPrefix(path: string, prefix: string): boolean {
  const p = prefix.length > 1 ? prefix.replace(/\/+$/, "") : prefix;
  return p === "/" || path === p || path.startsWith(`${p}/`);
}

/** A minimal source of each volume type, for a volume the PSP does not allow. */
const VOLUME_SOURCES: Readonly<Record<string, unknown>> = {
  hostPath: { path: "/var/lib/sample" },
  nfs: { server: "nfs.example.com", path: "/exports" },
  gitRepo: { repository: "https://example.com/repo.git" },
  gcePersistentDisk: { pdName: "disk" },
  awsElasticBlockStore: { volumeID: "vol-0123456789" },
  iscsi: { targetPortal: "10.0.0.1:3260", iqn: "iqn.2001-04.com.example:storage", lun: 0 },
  rbd: { monitors: ["10.0.0.1:6789"], image: "image" },
  cephfs: { monitors: ["10.0.0.1:6789"] },
  glusterfs: { endpoints: "glusterfs", path: "volume" },
  emptyDir: {},
  configMap: { name: "config" },
  secret: { secretName: "secret" },
  persistentVolumeClaim: { claimName: "data" },
  downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
  projected: { sources: [{ configMap: { name: "config" } }] },
  csi: { driver: "csi.example.com" },
  ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } },
  flexVolume: { driver: "example.com/flex" },
  azureFile: { secretName: "azure", shareName: "share" },
  azureDisk: { diskName: "disk", diskURI: "https://example.com/disk.vhd" },
  cinder: { volumeID: "volume" },
  fc: { wwids: ["3600508b400105e210000900000490000"] },
  flocker: { datasetName: "dataset" },
  photonPersistentDisk: { pdID: "disk" },
  portworxVolume: { volumeID: "volume" },
  quobyte: { registry: "quobyte.example.com:7861", volume: "volume" },
  scaleIO: { gateway: "https://scaleio.example.com", system: "system", secretRef: { name: "scaleio" } },
  storageos: { volumeName: "volume" },
  vsphereVolume: { volumePath: "[datastore] volume.vmdk" },
  image: { reference: "registry.example.com/data:1.0" },
};

/** `hostPath` → `host-path`, `SYS_ADMIN` → `sys-admin`, `downwardAPI` → `downward-api`. */
const kebabLower = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();

/** The field a case exercises, noting when the PSP leaves it unset (and what that means). */
const unset = (value: unknown, field: string, meaning: string) => (value === undefined ? `${field} (unset: ${meaning})` : field);

const C = (...path: Segment[]): Segment[] => ["spec", "containers", 0, ...path];
const PSC = (...path: Segment[]): Segment[] => ["spec", "securityContext", ...path];

/** Profile names of an `allowedProfileNames` annotation → allowed types and Localhost names (undefined = any). */
function profileNames(value: string | undefined, seccomp: boolean): { types: Set<string>; localhost: string[] } | undefined {
  if (value === undefined) return undefined;
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.includes("*")) return undefined;
  const types = new Set<string>();
  const localhost: string[] = [];
  for (const n of names) {
    if (n === "runtime/default" || (seccomp && n === "docker/default")) types.add("RuntimeDefault");
    else if (n === "unconfined") types.add("Unconfined");
    else if (n.startsWith("localhost/")) { types.add("Localhost"); localhost.push(n.slice("localhost/".length)); }
  }
  return { types, localhost };
}

/** A Localhost profile name matching one of the allowed names (trailing `*` is a prefix). */
const localhostName = (allowed: readonly string[]) => allowed.map((a) => (a.endsWith("*") ? `${a.slice(0, -1)}sample.json` : a))[0];

/**
 * The allowed pod's edits and the cases of `spec`. Every control the PSP restricts gets a denied
 * case unless nothing can violate it (e.g. host port ranges covering every port).
 */
export function pspSampleCases(spec: PodSecurityPolicySpec): { base: Op[]; cases: GeneratedCase[] } {
  const pod: Pod = samplePod(SAMPLE_POD_NAME);
  const psc = pod.spec.securityContext ?? {};
  const base: Op[] = [];
  const cases: GeneratedCase[] = [];
  const deny = (name: string, field: string, deniedBy: string, ops: Op[], messages: string[]) =>
    cases.push({ name, expect: "denied", ops, deniedBy, messages, field });

  if (spec.privileged !== true) deny("privileged", unset(spec.privileged, "privileged", "false"), "privileged", [{ path: C("securityContext", "privileged"), value: true }], [literalRegex("securityContext.privileged")]);
  if (spec.allowPrivilegeEscalation === false) deny("privilege-escalation", "allowPrivilegeEscalation", "allowPrivilegeEscalation", [{ path: C("securityContext", "allowPrivilegeEscalation"), value: true }], [literalRegex("securityContext.allowPrivilegeEscalation")]);

  const allowedCaps = [...(spec.allowedCapabilities ?? []), ...(spec.defaultAddCapabilities ?? [])].map((c) => c.toUpperCase());
  const drop = pod.spec.containers[0]?.securityContext?.capabilities?.drop ?? [];
  if (!allowedCaps.includes("*")) {
    const cap = ["SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", ...CAPABILITY_NAMES].find((c) => !allowedCaps.includes(c));
    if (cap) deny(`add-${kebabLower(cap)}`, unset(spec.allowedCapabilities, "allowedCapabilities", "no capability may be added"), "capabilities", [{ path: C("securityContext", "capabilities"), value: { add: [cap], drop } }], [literalRegex(`capability "${cap}" in securityContext.capabilities.add`)]);
  }
  if (spec.requiredDropCapabilities?.length) deny("no-required-drop", "requiredDropCapabilities", "capabilities", [{ path: C("securityContext", "capabilities"), value: { drop: [] } }], [literalRegex("securityContext.capabilities.drop")]);

  const volumes = spec.volumes ?? [];
  if (!volumes.includes("*")) {
    const type = ["hostPath", "nfs", ...VOLUME_TYPES].find((t) => !volumes.includes(t));
    if (type) deny(`volume-${kebabLower(type)}`, unset(spec.volumes, "volumes", "no volume is allowed"), "volumeTypes", [{ path: ["spec", "volumes"], value: [{ name: "data", [type]: VOLUME_SOURCES[type] ?? {} }] }], [literalRegex(`of type "${type}"`)]);
  }
  const hostPaths = spec.allowedHostPaths ?? [];
  if (hostPaths.length) {
    const path = ["/sample-not-allowed", "/etc/sample-not-allowed", "/var/sample-not-allowed"].find((x) => !hostPaths.some((h) => underPrefix(x, h.pathPrefix)));
    if (path) deny("host-path-not-allowed", "allowedHostPaths", "hostPathVolumes", [{ path: ["spec", "volumes"], value: [{ name: "host", hostPath: { path } }] }], [literalRegex(`hostPath volume "host" with path "${path}"`)]);
    const ro = hostPaths.find((h) => h.readOnly === true && !hostPaths.some((o) => o.readOnly !== true && underPrefix(h.pathPrefix, o.pathPrefix)));
    if (ro) {
      deny("host-path-writable", "allowedHostPaths[].readOnly", "hostPathVolumes", [
        { path: ["spec", "volumes"], value: [{ name: "host", hostPath: { path: ro.pathPrefix } }] },
        { path: C("volumeMounts"), value: [{ name: "host", mountPath: "/host", readOnly: false }] },
      ], [literalRegex(`must mount hostPath volume "host" read-only`)]);
    }
  }
  const flex = (spec.allowedFlexVolumes ?? []).map((f) => f.driver);
  if (flex.length) {
    const driver = ["example.com/not-allowed", "example.com/not-allowed-2"].find((d) => !flex.includes(d))!;
    deny("flex-volume-driver", "allowedFlexVolumes", "flexVolumeDrivers", [{ path: ["spec", "volumes"], value: [{ name: "flex", flexVolume: { driver } }] }], [literalRegex(`flexVolume driver "${driver}"`)]);
  }
  const csi = (spec.allowedCSIDrivers ?? []).map((d) => d.name);
  if (csi.length) {
    const driver = ["csi.example.com", "csi-2.example.com"].find((d) => !csi.includes(d))!;
    deny("csi-driver", "allowedCSIDrivers", "csiDrivers", [{ path: ["spec", "volumes"], value: [{ name: "inline", csi: { driver } }] }], [literalRegex(`CSI driver "${driver}"`)]);
  }

  for (const [field, key] of [["hostNetwork", "host-network"], ["hostPID", "host-pid"], ["hostIPC", "host-ipc"]] as const) {
    if (spec[field] !== true) deny(key, unset(spec[field], field, "false"), "hostNamespaces", [{ path: ["spec", field], value: true }], [literalRegex(`spec.${field}`)]);
  }
  const port = outside(spec.hostPorts ?? [], 1, 65535, [8080, 80, 443]);
  if (port !== undefined) deny("host-port", unset(spec.hostPorts, "hostPorts", "no host port is allowed"), "hostPorts", [{ path: C("ports"), value: [{ containerPort: 8080, hostPort: port }] }], [literalRegex(`ports[].hostPort to ${port}`)]);

  const se = spec.seLinux;
  if (se?.rule === "MustRunAs" && se.seLinuxOptions && Object.values(se.seLinuxOptions).some((v) => v)) {
    const opts = Object.fromEntries(Object.entries(se.seLinuxOptions).filter(([, v]) => v));
    base.push({ path: PSC("seLinuxOptions"), value: opts });
    const other: Record<string, string> = { user: "sample_u", role: "sample_r", type: "sample_t", level: "s0:c999" };
    for (const k of ["user", "role", "type", "level"] as const) {
      if (!opts[k]) continue;
      const bad = opts[k] === other[k] ? `${other[k]}2` : other[k]!;
      deny(`selinux-${k}`, `seLinux.seLinuxOptions.${k}`, "seLinux", [{ path: PSC("seLinuxOptions"), value: { ...opts, [k]: bad } }], [literalRegex(`seLinuxOptions.${k}`)]);
    }
  }

  const ru = spec.runAsUser;
  if (ru?.rule === "MustRunAsNonRoot") {
    deny("run-as-root", "runAsUser.rule", "runAsUser", [
      { path: PSC("runAsUser"), value: 0 }, { path: PSC("runAsNonRoot"), value: false }, { path: C("securityContext", "runAsNonRoot"), value: false },
    ], [literalRegex("runAsUser to 0")]);
  } else if (ru?.rule === "MustRunAs") {
    const ranges = ru.ranges ?? [];
    const ok = inside(ranges, psc.runAsUser);
    if (ok !== undefined && ok !== psc.runAsUser) base.push({ path: PSC("runAsUser"), value: ok });
    if (ok === 0) base.push({ path: PSC("runAsNonRoot") }, { path: C("securityContext", "runAsNonRoot") });
    const bad = outside(ranges, 0, MAX_ID);
    if (bad !== undefined) deny("run-as-user", "runAsUser.ranges", "runAsUser", [{ path: PSC("runAsUser"), value: bad }], [literalRegex(`runAsUser to ${bad} (allowed:`)]);
    else deny("no-run-as-user", "runAsUser.rule", "runAsUser", [{ path: PSC("runAsUser") }], [literalRegex("must set securityContext.runAsUser")]);
  }
  const groups: [key: "runAsGroup" | "supplementalGroups" | "fsGroup", current: unknown][] = [["runAsGroup", psc.runAsGroup], ["supplementalGroups", psc.supplementalGroups], ["fsGroup", psc.fsGroup]];
  for (const [key, current] of groups) {
    const s = spec[key];
    if (!s || (s.rule !== "MustRunAs" && s.rule !== "MayRunAs")) continue;
    const ranges = s.ranges ?? [];
    const list = key === "supplementalGroups";
    const cur = list ? (current as number[] | undefined)?.[0] : (current as number | undefined);
    const ok = inside(ranges, cur);
    const needed = s.rule === "MustRunAs" || cur !== undefined;
    if (needed && ok !== undefined && (ok !== cur || (list && (current as number[]).length !== 1))) base.push({ path: PSC(key), value: list ? [ok] : ok });
    const bad = outside(ranges, 0, MAX_ID);
    const name = kebabLower(key);
    if (bad !== undefined) {
      deny(name, `${key}.ranges`, key, [{ path: PSC(key), value: list ? [bad] : bad }], [literalRegex(list ? `supplementalGroups to include ${bad} ` : `${key} to ${bad} (allowed:`)]);
    } else if (s.rule === "MustRunAs") {
      deny(`no-${name}`, `${key}.rule`, key, [{ path: PSC(key) }], [literalRegex(`must set ${key === "runAsGroup" ? "securityContext" : "spec.securityContext"}.${key}`)]);
    }
  }

  if (spec.readOnlyRootFilesystem === true) deny("writable-root-filesystem", "readOnlyRootFilesystem", "readOnlyRootFilesystem", [{ path: C("securityContext", "readOnlyRootFilesystem"), value: false }], [literalRegex("securityContext.readOnlyRootFilesystem")]);

  const allowedSysctls = [...SAFE_SYSCTLS, ...(spec.allowedUnsafeSysctls ?? [])];
  const forbidden = spec.forbiddenSysctls ?? [];
  const unsafe = ["kernel.msgmax", "kernel.sem", "net.core.somaxconn", "vm.swappiness", "sample.unsafe"].find((n) => !matchesPattern(n, allowedSysctls) && !matchesPattern(n, forbidden));
  if (unsafe) deny("unsafe-sysctl", unset(spec.allowedUnsafeSysctls, "allowedUnsafeSysctls", "only the safe set is allowed"), "sysctls", [{ path: PSC("sysctls"), value: [{ name: unsafe, value: "1" }] }], [literalRegex(`sysctl "${unsafe}" in spec.securityContext.sysctls: not an allowed sysctl`)]);
  if (forbidden.length) {
    const p = forbidden[0]!;
    const name = p === "*" ? "kernel.msgmax" : p.endsWith("*") ? `${p.slice(0, -1)}${p.endsWith(".*") ? "" : "."}sample` : p;
    deny("forbidden-sysctl", "forbiddenSysctls", "sysctls", [{ path: PSC("sysctls"), value: [{ name, value: "1" }] }], [literalRegex(`sysctl "${name}" in spec.securityContext.sysctls: forbidden`)]);
  }
  if (!(spec.allowedProcMountTypes ?? []).includes("Unmasked")) deny("unmasked-proc-mount", unset(spec.allowedProcMountTypes, "allowedProcMountTypes", "only Default is allowed"), "procMount", [{ path: C("securityContext", "procMount"), value: "Unmasked" }], [literalRegex(`securityContext.procMount to "Unmasked"`)]);

  // Profiles, mapped as src/checks/psp.ts maps them: no seccomp annotation = no profile may be set;
  // a list = every container needs a listed profile (seccomp: unless the list has an empty entry).
  const ann = spec.annotations ?? {};
  for (const [kind, key, field, check] of [
    ["seccomp", PSP_ANNOTATIONS.seccompAllowed, "seccompProfile", "seccomp"],
    ["apparmor", PSP_ANNOTATIONS.appArmorAllowed, "appArmorProfile", "appArmor"],
  ] as const) {
    const value = ann[key];
    const allowed = value === undefined ? (kind === "seccomp" ? { types: new Set<string>(), localhost: [] } : undefined) : profileNames(value, kind === "seccomp");
    if (!allowed) continue;
    const required = value !== undefined && (kind === "seccomp" ? !value.split(",").some((n) => n.trim() === "") : allowed.types.size > 0);
    const name = localhostName(allowed.localhost);
    const good = allowed.types.has("RuntimeDefault") ? { type: "RuntimeDefault" } : name !== undefined ? { type: "Localhost", localhostProfile: name } : allowed.types.has("Unconfined") ? { type: "Unconfined" } : undefined;
    const current = (psc as Record<string, unknown>)[field] as { type?: string } | undefined;
    const currentOk = current?.type !== undefined && allowed.types.has(current.type) && (current.type !== "Localhost" || good?.type === "Localhost");
    if (current?.type !== undefined && !currentOk) base.push(good ? { path: PSC(field), value: good } : { path: PSC(field) });
    else if (current?.type === undefined && required && good) base.push({ path: PSC(field), value: good });
    const what = value === undefined ? `metadata.annotations["${key}"] (unset: no profile may be set)` : `metadata.annotations["${key}"]`;
    const type = ["Unconfined", "RuntimeDefault", "Localhost"].find((t) => !allowed.types.has(t));
    const bad = type ? { type, ...(type === "Localhost" ? { localhostProfile: "sample-not-allowed.json" } : {}) }
      : allowed.localhost.includes("*") ? undefined : { type: "Localhost", localhostProfile: "sample-not-allowed.json" };
    if (bad) deny(`${kind}-${kebabLower(bad.type)}`, what, check, [{ path: C("securityContext", field), value: bad }], [literalRegex(`securityContext.${field}`)]);
    if (required && good) deny(`no-${kind}-profile`, `${what}: a profile is required`, check, [{ path: PSC(field) }], [literalRegex(`must set securityContext.${field}.type or spec.securityContext.${field}.type`)]);
  }

  const rc = spec.runtimeClass;
  if (rc && !rc.allowedRuntimeClassNames.includes("*")) {
    const name = ["sample-not-allowed", "sample-not-allowed-2"].find((n) => !rc.allowedRuntimeClassNames.includes(n))!;
    deny("runtime-class", "runtimeClass.allowedRuntimeClassNames", "runtimeClass", [{ path: ["spec", "runtimeClassName"], value: name }], [literalRegex(`spec.runtimeClassName to "${name}"`)]);
  }

  return { base, cases: [{ name: "compliant", expect: "allowed", ops: [], field: "every field" }, ...cases] };
}

/** Applies edits to a copy of `object`. */
export function applyOps<T extends object>(object: T, ops: readonly Op[]): T {
  const copy = structuredClone(object) as Record<string | number, unknown>;
  for (const op of ops) {
    let cur = copy;
    op.path.slice(0, -1).forEach((seg) => {
      if (typeof cur[seg] !== "object" || cur[seg] === null) cur[seg] = {};
      cur = cur[seg] as Record<string | number, unknown>;
    });
    const last = op.path[op.path.length - 1]!;
    if (!("value" in op)) delete cur[last];
    else cur[last] = structuredClone(op.value);
  }
  return copy as T;
}
