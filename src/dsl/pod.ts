/**
 * Kubernetes `core/v1` Pod types, as far as policies look at them: the fields the checks read,
 * with the exact wire values as string-literal types. Used to type sample pods and the custom
 * check expression builder. Unlisted fields are allowed through index signatures on objects that
 * Kubernetes extends often (metadata, spec), so real manifests type-check.
 */
import type { CapabilityName, ProcMountType, ProfileType } from "../checks/params.js";

export type { CapabilityName, ProcMountType, ProfileType };

/** `metadata` of any object. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

/** `seccompProfile` / `appArmorProfile`. */
export interface SecurityProfile {
  type: ProfileType;
  localhostProfile?: string;
}

/** `seLinuxOptions`. */
export interface SELinuxOptions {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}

/** `windowsOptions`. */
export interface WindowsSecurityContextOptions {
  gmsaCredentialSpecName?: string;
  gmsaCredentialSpec?: string;
  runAsUserName?: string;
  hostProcess?: boolean;
}

/** Container `securityContext`. */
export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: (CapabilityName | (string & {}))[]; drop?: (CapabilityName | "ALL" | (string & {}))[] };
  readOnlyRootFilesystem?: boolean;
  procMount?: ProcMountType;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  seccompProfile?: SecurityProfile;
  appArmorProfile?: SecurityProfile;
  seLinuxOptions?: SELinuxOptions;
  windowsOptions?: WindowsSecurityContextOptions;
}

/** Pod `spec.securityContext`. */
export interface PodSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  fsGroupChangePolicy?: "OnRootMismatch" | "Always";
  supplementalGroups?: number[];
  supplementalGroupsPolicy?: "Merge" | "Strict";
  sysctls?: { name: string; value: string }[];
  seccompProfile?: SecurityProfile;
  appArmorProfile?: SecurityProfile;
  seLinuxOptions?: SELinuxOptions;
  seLinuxChangePolicy?: "Recursive" | "MountOption";
  windowsOptions?: WindowsSecurityContextOptions;
}

/** `resources.limits` / `resources.requests`. */
export interface ResourceList {
  cpu?: string;
  memory?: string;
  "ephemeral-storage"?: string;
  [resource: string]: string | undefined;
}

/** `httpGet` / `tcpSocket` handlers of probes and lifecycle hooks. */
export interface Handler {
  httpGet?: { host?: string; port: number | string; path?: string; scheme?: "HTTP" | "HTTPS" };
  tcpSocket?: { host?: string; port: number | string };
  exec?: { command?: string[] };
  grpc?: { port: number; service?: string };
}

/** A container, init container or ephemeral container. */
export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; hostPort?: number; hostIP?: string; name?: string; protocol?: "TCP" | "UDP" | "SCTP" }[];
  resources?: { limits?: ResourceList; requests?: ResourceList };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: Handler;
  readinessProbe?: Handler;
  startupProbe?: Handler;
  lifecycle?: { postStart?: Handler; preStop?: Handler };
  [k: string]: unknown;
}

/** A volume: a name plus exactly one source, keyed by its type. */
export interface Volume {
  name: string;
  hostPath?: { path: string; type?: "" | "DirectoryOrCreate" | "Directory" | "FileOrCreate" | "File" | "Socket" | "CharDevice" | "BlockDevice" };
  emptyDir?: { medium?: "" | "Memory"; sizeLimit?: string };
  configMap?: { name?: string; [k: string]: unknown };
  secret?: { secretName?: string; [k: string]: unknown };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  flexVolume?: { driver: string; [k: string]: unknown };
  [source: string]: unknown;
}

/** Pod `spec`. */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  securityContext?: PodSecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  runtimeClassName?: string;
  os?: { name: "linux" | "windows" };
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  nodeName?: string;
  [k: string]: unknown;
}

/** A `v1` Pod. */
export interface Pod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMeta;
  spec: PodSpec;
}

/** A `v1` Namespace (for cases of policies with a namespace selector). */
export interface Namespace {
  apiVersion: "v1";
  kind: "Namespace";
  metadata: ObjectMeta & { name: string };
}
