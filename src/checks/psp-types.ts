/**
 * The `policy/v1beta1` PodSecurityPolicy spec, as plain data (wire field names and values), the
 * input of `pspToChecks` in ./psp.ts.
 */
import type { CapabilityName, IdRange, ProcMountType, VolumeType } from "./params.js";

/** `seLinux` strategy of a PSP. */
export interface PspSELinuxStrategy {
  readonly rule: "MustRunAs" | "RunAsAny";
  readonly seLinuxOptions?: { readonly user?: string; readonly role?: string; readonly type?: string; readonly level?: string };
}

/** `runAsUser` strategy of a PSP. */
export interface PspRunAsUserStrategy {
  readonly rule: "MustRunAs" | "MustRunAsNonRoot" | "RunAsAny";
  readonly ranges?: readonly IdRange[];
}

/** `runAsGroup`, `supplementalGroups` and `fsGroup` strategies of a PSP. */
export interface PspGroupStrategy {
  readonly rule: "MustRunAs" | "MayRunAs" | "RunAsAny";
  readonly ranges?: readonly IdRange[];
}

/** `spec` of a `policy/v1beta1` PodSecurityPolicy. */
export interface PodSecurityPolicySpec {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  /** Ignored: a defaulting (mutating) field; gpc only validates. */
  readonly defaultAllowPrivilegeEscalation?: boolean;
  readonly allowedCapabilities?: readonly (CapabilityName | "*" | (string & {}))[];
  readonly requiredDropCapabilities?: readonly (CapabilityName | "ALL" | (string & {}))[];
  /**
   * PSP added these to every container (a default gpc does not apply: it validates and does not
   * mutate); they stay allowed as adds, as PSP allowed them.
   */
  readonly defaultAddCapabilities?: readonly (CapabilityName | (string & {}))[];
  readonly volumes?: readonly (VolumeType | "*" | (string & {}))[];
  readonly allowedHostPaths?: readonly { readonly pathPrefix: string; readonly readOnly?: boolean }[];
  readonly allowedFlexVolumes?: readonly { readonly driver: string }[];
  /** Inline CSI (ephemeral) volume drivers pods may use; empty or absent = any driver. */
  readonly allowedCSIDrivers?: readonly { readonly name: string }[];
  readonly hostNetwork?: boolean;
  readonly hostPorts?: readonly IdRange[];
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly seLinux?: PspSELinuxStrategy;
  readonly runAsUser?: PspRunAsUserStrategy;
  readonly runAsGroup?: PspGroupStrategy;
  readonly supplementalGroups?: PspGroupStrategy;
  readonly fsGroup?: PspGroupStrategy;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowedUnsafeSysctls?: readonly string[];
  readonly forbiddenSysctls?: readonly string[];
  readonly allowedProcMountTypes?: readonly ProcMountType[];
  /** `spec.runtimeClassName` a pod may set; `defaultRuntimeClassName` is a default gpc does not apply. */
  readonly runtimeClass?: {
    /** Allowed names; `"*"` allows any; `[]` means the pod must not set one. */
    readonly allowedRuntimeClassNames: readonly string[];
    /** Ignored: a defaulting (mutating) field; gpc only validates. */
    readonly defaultRuntimeClassName?: string;
  };
  /** PSP's seccomp/AppArmor settings live in annotations of the PSP object; pass them here. */
  readonly annotations?: Readonly<Record<string, string>>;
}
