/**
 * Parameters of every security-context check: one readonly interface per check.
 *
 * These objects are plain JSON and become a Constraint's `spec.parameters` verbatim; the Rego
 * reads them from `input.parameters`. String-literal types use the exact Kubernetes wire values.
 * Every field is optional; `@default` gives the value the Rego assumes when it is absent.
 */

/** A Linux capability name as written in `securityContext.capabilities` (without `CAP_`). */
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** Every capability name Kubernetes accepts, in the wire spelling (the one list; `CapabilityName` derives from it). */
export const CAPABILITY_NAMES = [
  "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE",
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL",
  "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
  "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP",
  "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT",
  "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM",
] as const;

/** A volume source type: the key of the source field in a Pod's `spec.volumes[]` entry. */
export type VolumeType = (typeof VOLUME_TYPES)[number];

/** Every Pod volume source type (the one list; `VolumeType` derives from it). */
export const VOLUME_TYPES = [
  "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "configMap", "csi",
  "downwardAPI", "emptyDir", "ephemeral", "fc", "flexVolume", "flocker", "gcePersistentDisk",
  "gitRepo", "glusterfs", "hostPath", "image", "iscsi", "nfs", "persistentVolumeClaim",
  "photonPersistentDisk", "portworxVolume", "projected", "quobyte", "rbd", "scaleIO", "secret",
  "storageos", "vsphereVolume",
] as const;

/** Seccomp / AppArmor profile type wire values (`securityContext.seccompProfile.type`). */
export type ProfileType = "RuntimeDefault" | "Localhost" | "Unconfined";

/** `securityContext.procMount` wire values. */
export type ProcMountType = "Default" | "Unmasked";

/** Strategy for a user or group id field, as in PodSecurityPolicy. */
export type IdRule = "MustRunAs" | "MayRunAs" | "RunAsAny";

/** Strategy for `runAsUser`: the group rules plus `MustRunAsNonRoot`. */
export type RunAsUserRule = IdRule | "MustRunAsNonRoot";

/** An inclusive id or port range. */
export interface IdRange {
  /** Lowest allowed value (inclusive). @default (required) */
  readonly min: number;
  /** Highest allowed value (inclusive), `>= min`. @default (required) */
  readonly max: number;
}

/** Exemptions shared by every check that looks at containers. */
export interface ExemptionParams {
  /**
   * Images whose containers are not checked. Exact match, or prefix match when the entry ends
   * with `*` (e.g. `"registry.k8s.io/pause*"`).
   * @default []
   */
  readonly exemptImages?: readonly string[];
  /** Container names (in any of containers, initContainers, ephemeralContainers) not checked. @default [] */
  readonly exemptContainers?: readonly string[];
}

/** Windows-pod handling, for the restricted-level checks PSA relaxed for `spec.os.name: windows` in v1.25. */
export interface WindowsParams {
  /** Skip pods with `spec.os.name: windows` entirely. @default false */
  readonly skipWindowsPods?: boolean;
}

/** `privileged`: `securityContext.privileged` must not be `true`. */
export interface PrivilegedParams extends ExemptionParams {}

/** `allowPrivilegeEscalation`: `securityContext.allowPrivilegeEscalation` must be `false`. */
export interface AllowPrivilegeEscalationParams extends ExemptionParams, WindowsParams {
  /**
   * When `true`, the field must be explicitly `false` (PSA restricted); when `false`, only an
   * explicit `true` is a violation (PSP `allowPrivilegeEscalation: false`).
   * @default true
   */
  readonly requireExplicitFalse?: boolean;
}

/** `capabilities`: allowed `add` entries and required `drop` entries. */
export interface CapabilitiesParams extends ExemptionParams, WindowsParams {
  /** Capabilities a container may add; `"*"` allows any. @default [] (no add allowed) */
  readonly allowedCapabilities?: readonly (CapabilityName | "*")[];
  /**
   * Capabilities every container must drop; a drop of `ALL` satisfies every entry, and an entry
   * `ALL` is satisfied only by dropping `ALL`.
   * @default []
   */
  readonly requiredDropCapabilities?: readonly (CapabilityName | "ALL")[];
  /**
   * Compare names case-sensitively, as Pod Security Admission does (`chown` is not `CHOWN`).
   * When `false`, names compare case-insensitively, as container runtimes treat them.
   * @default false
   */
  readonly caseSensitive?: boolean;
}

/** `readOnlyRootFilesystem`: `securityContext.readOnlyRootFilesystem` must be `true`. */
export interface ReadOnlyRootFilesystemParams extends ExemptionParams {}

/** `procMount`: `securityContext.procMount` must be one of the allowed types. */
export interface ProcMountParams extends ExemptionParams {
  /** Allowed procMount types; unset always counts as `Default`. @default ["Default"] */
  readonly allowedProcMountTypes?: readonly ProcMountType[];
  /** Also allow `Unmasked` when the pod sets `spec.hostUsers: false` (PSA baseline ≥ v1.35). @default false */
  readonly allowUnmaskedWithUserNamespace?: boolean;
}

/** User-namespace handling, for the checks PSA relaxes for `spec.hostUsers: false` (KEP-127). */
export interface UserNamespaceParams {
  /**
   * Skip pods with `spec.hostUsers: false`, as PSA does when the
   * `UserNamespacesPodSecurityStandards` feature gate is on (it is off by default).
   * @default false
   */
  readonly skipUserNamespacePods?: boolean;
}

/** `runAsNonRoot`: effective `runAsNonRoot` must be `true`; the pod must not set it to `false`. */
export interface RunAsNonRootParams extends ExemptionParams, UserNamespaceParams {}

/** `runAsUser`: effective and pod-level `runAsUser` by rule. */
export interface RunAsUserParams extends ExemptionParams, UserNamespaceParams {
  /**
   * `MustRunAs`: every container's effective value is set and within `ranges`; `MayRunAs`: any
   * value that is set is within `ranges`; `MustRunAsNonRoot`: effective `runAsNonRoot: true` or a
   * non-zero effective `runAsUser`, and no value set to 0; `RunAsAny`: anything.
   * @default "RunAsAny"
   */
  readonly rule?: RunAsUserRule;
  /** Allowed inclusive ranges (for `MustRunAs` / `MayRunAs`; at least one then). @default [] */
  readonly ranges?: readonly IdRange[];
}

/** `runAsGroup`: effective and pod-level `runAsGroup` by rule. */
export interface RunAsGroupParams extends ExemptionParams {
  /** `MustRunAs` (set and in range), `MayRunAs` (in range when set), `RunAsAny`. @default "RunAsAny" */
  readonly rule?: IdRule;
  /** Allowed inclusive ranges (for `MustRunAs` / `MayRunAs`). @default [] */
  readonly ranges?: readonly IdRange[];
}

/** `supplementalGroups`: pod `securityContext.supplementalGroups` by rule. */
export interface SupplementalGroupsParams {
  /** `MustRunAs` (non-empty, all in range), `MayRunAs` (all in range), `RunAsAny`. @default "RunAsAny" */
  readonly rule?: IdRule;
  /** Allowed inclusive ranges. @default [] */
  readonly ranges?: readonly IdRange[];
}

/** `fsGroup`: pod `securityContext.fsGroup` by rule. */
export interface FsGroupParams {
  /** `MustRunAs` (set and in range), `MayRunAs` (in range when set), `RunAsAny`. @default "RunAsAny" */
  readonly rule?: IdRule;
  /** Allowed inclusive ranges. @default [] */
  readonly ranges?: readonly IdRange[];
}

/** `seccomp`: seccomp profile of the pod and of every container (field and legacy annotations). */
export interface SeccompParams extends ExemptionParams, WindowsParams {
  /** Allowed profile types. @default ["RuntimeDefault", "Localhost"] */
  readonly allowedProfileTypes?: readonly ProfileType[];
  /**
   * Allowed `localhostProfile` values when `Localhost` is allowed; entries ending in `*` match by
   * prefix, `"*"` matches all.
   * @default ["*"]
   */
  readonly allowedLocalhostProfiles?: readonly string[];
  /** Every container's effective profile must be set (PSA restricted); when `false`, unset is allowed. @default true */
  readonly requireProfile?: boolean;
  /** Read `securityContext.seccompProfile` fields. @default true */
  readonly checkFields?: boolean;
  /**
   * Read the legacy annotations `seccomp.security.alpha.kubernetes.io/pod` and
   * `container.seccomp.security.alpha.kubernetes.io/<name>` (`runtime/default`, `docker/default`,
   * `localhost/<p>`, `unconfined`; any other value is not allowed). Fields and annotations are each
   * checked where written.
   * @default false
   */
  readonly checkAnnotations?: boolean;
}

/** `appArmor`: AppArmor profile of the pod and of every container (field and legacy annotation). */
export interface AppArmorParams extends ExemptionParams {
  /** Allowed profile types. @default ["RuntimeDefault", "Localhost"] */
  readonly allowedProfileTypes?: readonly ProfileType[];
  /** Allowed `localhostProfile` names; trailing `*` is a prefix match, `"*"` all. @default ["*"] */
  readonly allowedLocalhostProfiles?: readonly string[];
  /** Every container's effective profile must be set; when `false`, unset is allowed. @default false */
  readonly requireProfile?: boolean;
  /** Read `securityContext.appArmorProfile` fields (Kubernetes ≥ 1.30). @default true */
  readonly checkFields?: boolean;
  /**
   * Read the legacy annotation `container.apparmor.security.beta.kubernetes.io/<name>`
   * (`""` = unset, `runtime/default`, `localhost/<p>`, `unconfined`; any other value is not allowed).
   * Fields and annotations are each checked where written.
   * @default true
   */
  readonly checkAnnotations?: boolean;
}

/** `seLinux`: `securityContext.seLinuxOptions` of the pod and of every container. */
export interface SELinuxParams extends ExemptionParams {
  /** Allowed `type` values when set (`""` counts as unset); absent = any. @default (any) */
  readonly allowedTypes?: readonly string[];
  /** Allowed `user` values when set; `[]` means user must be unset; absent = any. @default (any) */
  readonly allowedUsers?: readonly string[];
  /** Allowed `role` values when set; `[]` means role must be unset; absent = any. @default (any) */
  readonly allowedRoles?: readonly string[];
  /** Allowed `level` values when set; absent = any. @default (any) */
  readonly allowedLevels?: readonly string[];
}

/** `windowsHostProcess`: `securityContext.windowsOptions.hostProcess` must not be `true`. */
export interface WindowsHostProcessParams extends ExemptionParams {}

/** `hostNamespaces`: `spec.hostNetwork`, `spec.hostPID`, `spec.hostIPC`. */
export interface HostNamespacesParams {
  /** Allow `hostNetwork: true`. @default false */
  readonly allowHostNetwork?: boolean;
  /** Allow `hostPID: true`. @default false */
  readonly allowHostPID?: boolean;
  /** Allow `hostIPC: true`. @default false */
  readonly allowHostIPC?: boolean;
}

/** `hostPorts`: `ports[].hostPort` of every container must be unset, 0, or in a range. */
export interface HostPortsParams extends ExemptionParams {
  /** Allowed inclusive host port ranges. @default [] (no host port) */
  readonly ranges?: readonly IdRange[];
}

/** `volumeTypes`: the source type of every `spec.volumes[]` entry. */
export interface VolumeTypesParams {
  /**
   * Allowed volume source types; `"*"` allows all. A volume with no source counts as `emptyDir`.
   * @default ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]
   */
  readonly allowedTypes?: readonly (VolumeType | "*")[];
}

/** One allowed host path prefix. */
export interface AllowedHostPath {
  /** Path prefix, matched on whole path segments (`/foo` allows `/foo/bar`, not `/foobar`). @default (required) */
  readonly pathPrefix: string;
  /** Every mount of such a volume must be `readOnly: true`. @default false */
  readonly readOnly?: boolean;
}

/** `hostPathVolumes`: `hostPath` volumes must be under an allowed prefix. */
export interface HostPathVolumesParams extends ExemptionParams {
  /** Allowed prefixes; `[]` forbids every hostPath volume. @default [] */
  readonly allowedHostPaths?: readonly AllowedHostPath[];
}

/** `flexVolumeDrivers`: `flexVolume.driver` of every volume must be allowed. */
export interface FlexVolumeDriversParams {
  /** Allowed driver names. @default [] */
  readonly allowedDrivers?: readonly string[];
}

/** `csiDrivers`: `csi.driver` of every inline CSI volume must be allowed. */
export interface CsiDriversParams {
  /** Allowed CSI driver names. @default [] */
  readonly allowedDrivers?: readonly string[];
}

/** `runtimeClass`: `spec.runtimeClassName` must be unset or allowed. */
export interface RuntimeClassParams {
  /** Allowed RuntimeClass names; `"*"` allows any. @default [] (none may be set) */
  readonly allowedRuntimeClassNames?: readonly string[];
}

/** `sysctls`: names in `spec.securityContext.sysctls[]`. */
export interface SysctlsParams {
  /**
   * Allowed sysctl names; a trailing `*` matches by prefix, `"*"` allows all.
   * @default the Kubernetes safe set of the newest PSA version (see `SAFE_SYSCTLS`)
   */
  readonly allowedSysctls?: readonly string[];
  /** Forbidden sysctl names (wins over allowed); trailing `*` matches by prefix. @default [] */
  readonly forbiddenSysctls?: readonly string[];
}

/** `hostProbesAndLifecycle`: `host` of probes' and lifecycle handlers' `httpGet` / `tcpSocket`. */
export interface HostProbesAndLifecycleParams extends ExemptionParams {
  /** Allowed `host` values besides unset and `""` (PSA allows none, not even `127.0.0.1`). @default [] */
  readonly allowedHosts?: readonly string[];
}

/** Check id → parameter type. */
export interface CheckParamsById {
  privileged: PrivilegedParams;
  allowPrivilegeEscalation: AllowPrivilegeEscalationParams;
  capabilities: CapabilitiesParams;
  readOnlyRootFilesystem: ReadOnlyRootFilesystemParams;
  procMount: ProcMountParams;
  runAsNonRoot: RunAsNonRootParams;
  runAsUser: RunAsUserParams;
  runAsGroup: RunAsGroupParams;
  supplementalGroups: SupplementalGroupsParams;
  fsGroup: FsGroupParams;
  seccomp: SeccompParams;
  appArmor: AppArmorParams;
  seLinux: SELinuxParams;
  windowsHostProcess: WindowsHostProcessParams;
  hostNamespaces: HostNamespacesParams;
  hostPorts: HostPortsParams;
  volumeTypes: VolumeTypesParams;
  hostPathVolumes: HostPathVolumesParams;
  flexVolumeDrivers: FlexVolumeDriversParams;
  csiDrivers: CsiDriversParams;
  runtimeClass: RuntimeClassParams;
  sysctls: SysctlsParams;
  hostProbesAndLifecycle: HostProbesAndLifecycleParams;
}

/** Every check id. */
export type CheckId = keyof CheckParamsById;
