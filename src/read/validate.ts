/**
 * The Kubernetes types of the fields gpc's checks read, checked as the API server's decoder
 * checks them: a field of the wrong JSON type makes the API server reject the whole object, so
 * such an object is an input error here — never reviewed as if the field were unset.
 *
 * Input: an object with `apiVersion` and `kind`. Output: problems, each `path: expected …, got …`.
 * Covered: `metadata` (name, namespace, generateName strings; labels and annotations string
 * maps); for Pods and the pod templates of PodTemplate, ReplicationController, Deployment,
 * DaemonSet, StatefulSet, ReplicaSet (apps and extensions, any version), Job and CronJob (batch):
 * the pod spec's containers, initContainers and ephemeralContainers (arrays of objects: name,
 * image, command, args, ports, probes, lifecycle handlers, resources, securityContext), volumes
 * (every volume source an object; hostPath, flexVolume), host namespaces, and both security
 * contexts field by field (booleans, int64s, strings, capabilities.add/drop, seLinuxOptions,
 * seccompProfile, appArmorProfile, windowsOptions, sysctls, supplementalGroups). `null` is
 * "unset", as the decoder reads it, except as an element of an array of objects. Unknown
 * fields are not errors (the API server drops them, with a warning). Pod specs with more than
 * `maxContainers` containers or `maxVolumes` volumes are refused (bounded review time).
 */
import type { ReadLimits } from "./limits.js";

type Type =
  | "string" | "bool" | "int64" | "int32" | "intOrString" | "quantity" | "object"
  | { readonly obj: Readonly<Record<string, Type>>; readonly rest?: Type }
  | { readonly arr: Type }
  | { readonly map: Type };

const str = "string", bool = "bool", i64 = "int64", i32 = "int32";
const obj = (o: Record<string, Type>, rest?: Type): Type => (rest ? { obj: o, rest } : { obj: o });
const arr = (t: Type): Type => ({ arr: t });
const map = (t: Type): Type => ({ map: t });

const seLinux = obj({ user: str, role: str, type: str, level: str });
const profile = obj({ type: str, localhostProfile: str });
const windows = obj({ gmsaCredentialSpecName: str, gmsaCredentialSpec: str, runAsUserName: str, hostProcess: bool });
const containerSecurity = obj({
  privileged: bool, allowPrivilegeEscalation: bool, readOnlyRootFilesystem: bool, runAsNonRoot: bool,
  runAsUser: i64, runAsGroup: i64, procMount: str,
  capabilities: obj({ add: arr(str), drop: arr(str) }),
  seLinuxOptions: seLinux, seccompProfile: profile, appArmorProfile: profile, windowsOptions: windows,
});
const podSecurity = obj({
  runAsUser: i64, runAsGroup: i64, fsGroup: i64, runAsNonRoot: bool, supplementalGroups: arr(i64),
  supplementalGroupsPolicy: str, fsGroupChangePolicy: str, seLinuxChangePolicy: str,
  seLinuxOptions: seLinux, seccompProfile: profile, appArmorProfile: profile, windowsOptions: windows,
  sysctls: arr(obj({ name: str, value: str })),
});
const handlerFields = {
  exec: obj({ command: arr(str) }),
  httpGet: obj({ host: str, port: "intOrString", path: str, scheme: str, httpHeaders: arr(obj({ name: str, value: str })) }),
  tcpSocket: obj({ host: str, port: "intOrString" }),
  grpc: obj({ port: i32, service: str }),
  sleep: obj({ seconds: i64 }),
} as const;
const probe = obj({ ...handlerFields, initialDelaySeconds: i32, periodSeconds: i32, timeoutSeconds: i32, successThreshold: i32, failureThreshold: i32 });
const container = obj({
  name: str, image: str, command: arr(str), args: arr(str), workingDir: str, imagePullPolicy: str, restartPolicy: str,
  stdin: bool, stdinOnce: bool, tty: bool, targetContainerName: str,
  ports: arr(obj({ containerPort: i32, hostPort: i32, protocol: str, hostIP: str, name: str })),
  env: arr(obj({ name: str, value: str })),
  volumeMounts: arr(obj({ name: str, mountPath: str, readOnly: bool, subPath: str, mountPropagation: str })),
  resources: obj({ limits: map("quantity"), requests: map("quantity") }),
  livenessProbe: probe, readinessProbe: probe, startupProbe: probe,
  lifecycle: obj({ postStart: obj(handlerFields), preStop: obj(handlerFields) }),
  securityContext: containerSecurity,
});
const volume = obj({
  name: str,
  hostPath: obj({ path: str, type: str }),
  flexVolume: obj({ driver: str, fsType: str, readOnly: bool, options: map(str) }),
}, "object");
const podSpec = obj({
  containers: arr(container), initContainers: arr(container), ephemeralContainers: arr(container),
  volumes: arr(volume), securityContext: podSecurity,
  hostNetwork: bool, hostPID: bool, hostIPC: bool, hostUsers: bool, shareProcessNamespace: bool,
  automountServiceAccountToken: bool, serviceAccountName: str, serviceAccount: str, nodeName: str,
  restartPolicy: str, runtimeClassName: str, priorityClassName: str,
  os: obj({ name: str }),
  hostAliases: arr(obj({ ip: str, hostnames: arr(str) })),
});
const metadata = obj({ name: str, namespace: str, generateName: str, labels: map(str), annotations: map(str) });
const podTemplate = obj({ metadata, spec: podSpec });
const workloadSpec = obj({ template: podTemplate, replicas: i32 });

/** The schema of each kind whose pod spec is checked, by `group/kind` (any version). */
const KINDS: Readonly<Record<string, Type>> = {
  "/Pod": obj({ metadata, spec: podSpec }),
  "/PodTemplate": obj({ metadata, template: podTemplate }),
  "/ReplicationController": obj({ metadata, spec: workloadSpec }),
  ...Object.fromEntries(["apps", "extensions"].flatMap((g) => ["Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"].map((k) => [`${g}/${k}`, obj({ metadata, spec: workloadSpec })]))),
  "batch/Job": obj({ metadata, spec: workloadSpec }),
  "batch/CronJob": obj({ metadata, spec: obj({ jobTemplate: obj({ metadata, spec: workloadSpec }) }) }),
};
const ANY_OBJECT = obj({ metadata });

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

const EXPECTED: Record<string, string> = { string: "a string", bool: "a boolean", int64: "an integer (int64)", int32: "an integer (int32)", intOrString: "an integer or a string", quantity: "a quantity (string or number)", object: "a mapping" };

/** The group of an apiVersion (`""` for the core group). */
function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Type problems of `o`'s fields that gpc reads; empty when it is well-typed. */
export function validateObject(o: Record<string, unknown>, limits: Pick<ReadLimits, "maxContainers" | "maxVolumes">, max = 5): string[] {
  const out: string[] = [];
  let more = 0;
  const report = (m: string) => { if (out.length < max) out.push(m); else more++; };
  const schema = KINDS[`${groupOf(String(o.apiVersion))}/${String(o.kind)}`] ?? ANY_OBJECT;
  const stack: { v: unknown; t: Type; path: string }[] = [{ v: o, t: schema, path: "" }];
  while (stack.length) {
    const { v, t, path } = stack.pop()!;
    if (v === null || v === undefined) continue;
    const at = path || "(root)";
    if (typeof t === "string") {
      const ok = t === "string" ? typeof v === "string"
        : t === "bool" ? typeof v === "boolean"
        : t === "int64" ? typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= 2 ** 63
        : t === "int32" ? typeof v === "number" && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31
        : t === "intOrString" ? typeof v === "string" || (typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 2 ** 31)
        : t === "quantity" ? typeof v === "string" || typeof v === "number"
        : typeof v === "object" && !Array.isArray(v);
      if (!ok) report(`${at}: expected ${EXPECTED[t]}, got ${describe(v)}`);
      continue;
    }
    if ("arr" in t) {
      if (!Array.isArray(v)) { report(`${at}: expected a list, got ${describe(v)}`); continue; }
      const objects = typeof t.arr === "object" || t.arr === "object";
      for (let i = v.length - 1; i >= 0; i--) {
        if (v[i] === null && objects) { report(`${path}[${i}]: expected a mapping, got null`); continue; }
        stack.push({ v: v[i], t: t.arr, path: `${path}[${i}]` });
      }
      continue;
    }
    if (typeof v !== "object" || Array.isArray(v)) { report(`${at}: expected a mapping, got ${describe(v)}`); continue; }
    const rec = v as Record<string, unknown>;
    if ("map" in t) {
      for (const [k, x] of Object.entries(rec)) stack.push({ v: x, t: t.map, path: `${path}[${JSON.stringify(k)}]` });
      continue;
    }
    if (t === podSpec) {
      const n = ["containers", "initContainers", "ephemeralContainers"].reduce((a, k) => a + (Array.isArray(rec[k]) ? (rec[k] as unknown[]).length : 0), 0);
      if (n > limits.maxContainers) { report(`${path}: ${n.toLocaleString("en-US")} containers, over the limit of ${limits.maxContainers.toLocaleString("en-US")} per pod`); continue; }
      if (Array.isArray(rec.volumes) && rec.volumes.length > limits.maxVolumes) { report(`${path}.volumes: ${rec.volumes.length.toLocaleString("en-US")} volumes, over the limit of ${limits.maxVolumes.toLocaleString("en-US")} per pod`); continue; }
    }
    const keys = Object.keys(rec);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const ft = t.obj[k] ?? t.rest;
      if (ft) stack.push({ v: rec[k], t: ft, path: path ? `${path}.${k}` : k });
    }
  }
  if (more) out.push(`… and ${more} more`);
  return out;
}
