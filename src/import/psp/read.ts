/**
 * Reading PodSecurityPolicies for `gpc import psp`.
 *
 * Input: paths (files, folders, `-`), read by the one manifest reader (`readObjects`, the only
 * call into it). Output: every PodSecurityPolicy (`policy/v1beta1` or `extensions/v1beta1`) with
 * its spec checked field by field against the API's types, the objects of other kinds (to report
 * and skip), and input errors located at file, document and field. Unknown spec fields are
 * errors: a field we do not know would otherwise be dropped silently.
 */
import { loadManifests, type InputError } from "../../engine/manifests.js";
import { formatProblem } from "../../read/index.js";
import type { K8sObject, Manifest, ManifestSource } from "../../engine/types.js";
import type { PodSecurityPolicySpec } from "../../checks/psp-types.js";

/** apiVersions PodSecurityPolicy was served under (the spec is the same in both). */
export const PSP_API_VERSIONS: readonly string[] = ["policy/v1beta1", "extensions/v1beta1"];

/** The annotations of a PSP object that belong to its policy. */
export const PSP_ANNOTATIONS = {
  seccompAllowed: "seccomp.security.alpha.kubernetes.io/allowedProfileNames",
  seccompDefault: "seccomp.security.alpha.kubernetes.io/defaultProfileName",
  appArmorAllowed: "apparmor.security.beta.kubernetes.io/allowedProfileNames",
  appArmorDefault: "apparmor.security.beta.kubernetes.io/defaultProfileName",
} as const;
const POLICY_ANNOTATIONS: readonly string[] = Object.values(PSP_ANNOTATIONS);

/** One PodSecurityPolicy read from the inputs. */
export interface ImportedPsp {
  /** `metadata.name`, as written. */
  readonly name: string;
  readonly apiVersion: string;
  readonly source: ManifestSource;
  /** The spec, validated, plus the policy annotations present (under `annotations`). */
  readonly spec: PodSecurityPolicySpec;
  /** Labels and other annotations of the object: not policy, kept in the file's header comment. */
  readonly labels: Readonly<Record<string, string>>;
  readonly otherAnnotations: Readonly<Record<string, string>>;
}

/** An object of another kind found among the inputs. */
export interface SkippedObject {
  readonly source: ManifestSource;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** An input problem, located. */
export interface ReadError {
  readonly file: string;
  readonly document?: number;
  readonly line?: number;
  readonly item?: number;
  /** Field path inside the object, e.g. `spec.runAsUser.ranges[0].min`. */
  readonly field?: string;
  readonly message: string;
}

/** The seam to the manifest reader: swap its implementation here and nowhere else. */
export function readObjects(paths: readonly string[], cwd: string): { manifests: Manifest[]; errors: InputError[] } {
  return loadManifests(paths, { cwd });
}

type Check = (v: unknown, path: string, errs: [string, string][]) => void;
const typeName = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const bool: Check = (v, p, e) => { if (typeof v !== "boolean") e.push([p, `expected a boolean, got ${typeName(v)}`]); };
const string: Check = (v, p, e) => { if (typeof v !== "string") e.push([p, `expected a string, got ${typeName(v)}`]); };
const oneOf = (values: readonly string[]): Check => (v, p, e) => {
  if (typeof v !== "string") e.push([p, `expected a string, got ${typeName(v)}`]);
  else if (!values.includes(v)) e.push([p, `${JSON.stringify(v)} is not one of ${values.map((x) => JSON.stringify(x)).join(", ")}`]);
};
const int = (min: number, max: number): Check => (v, p, e) => {
  if (typeof v !== "number" || !Number.isInteger(v)) e.push([p, `expected an integer, got ${typeof v === "number" ? v : typeName(v)}`]);
  else if (v < min || v > max) e.push([p, `${v} is out of range ${min}–${max}`]);
};
const list = (item: Check): Check => (v, p, e) => {
  if (!Array.isArray(v)) { e.push([p, `expected a list, got ${typeName(v)}`]); return; }
  v.forEach((x, i) => item(x, `${p}[${i}]`, e));
};
/** An object with known fields; `required` ones must be present (null counts as absent). */
const struct = (fields: Readonly<Record<string, Check>>, required: readonly string[] = []): Check => (v, p, e) => {
  if (!isObj(v)) { e.push([p, `expected a mapping, got ${typeName(v)}`]); return; }
  for (const k of required) if (v[k] === undefined || v[k] === null) e.push([`${p}.${k}`, "is required"]);
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    const f = fields[k];
    if (!f) e.push([`${p}.${k}`, `unknown field (known: ${Object.keys(fields).join(", ")})`]);
    else f(x, `${p}.${k}`, e);
  }
};

const MAX_ID = 2147483647;
const idRange = (max: number) => struct({ min: int(0, max), max: int(0, max) }, ["min", "max"]);
const strategy = (rules: readonly string[], max: number) => struct({ rule: oneOf(rules), ranges: list(idRange(max)) }, ["rule"]);

/** `PodSecurityPolicySpec` field → its check, in the API's field order. */
export const SPEC_FIELDS: Readonly<Record<string, Check>> = {
  privileged: bool,
  defaultAddCapabilities: list(string),
  requiredDropCapabilities: list(string),
  allowedCapabilities: list(string),
  volumes: list(string),
  hostNetwork: bool,
  hostPorts: list(idRange(65535)),
  hostPID: bool,
  hostIPC: bool,
  seLinux: struct({ rule: oneOf(["MustRunAs", "RunAsAny"]), seLinuxOptions: struct({ user: string, role: string, type: string, level: string }) }, ["rule"]),
  runAsUser: strategy(["MustRunAs", "MustRunAsNonRoot", "RunAsAny"], MAX_ID),
  runAsGroup: strategy(["MustRunAs", "MayRunAs", "RunAsAny"], MAX_ID),
  supplementalGroups: strategy(["MustRunAs", "MayRunAs", "RunAsAny"], MAX_ID),
  fsGroup: strategy(["MustRunAs", "MayRunAs", "RunAsAny"], MAX_ID),
  readOnlyRootFilesystem: bool,
  defaultAllowPrivilegeEscalation: bool,
  allowPrivilegeEscalation: bool,
  allowedHostPaths: list(struct({ pathPrefix: string, readOnly: bool }, ["pathPrefix"])),
  allowedFlexVolumes: list(struct({ driver: string }, ["driver"])),
  allowedCSIDrivers: list(struct({ name: string }, ["name"])),
  allowedUnsafeSysctls: list(string),
  forbiddenSysctls: list(string),
  allowedProcMountTypes: list(oneOf(["Default", "Unmasked"])),
  runtimeClass: struct({ allowedRuntimeClassNames: list(string), defaultRuntimeClassName: string }, ["allowedRuntimeClassNames"]),
};

/** Required fields of a PSP spec, as the API server validated them. */
const REQUIRED = ["seLinux", "runAsUser", "supplementalGroups", "fsGroup"];

/** Drops nulls (the API server reads `field: null` as unset), recursively. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]));
  return v;
}

function stringMap(v: unknown, path: string, e: [string, string][]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) { e.push([path, `expected a mapping, got ${typeName(v)}`]); return {}; }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== "string") e.push([`${path}["${k}"]`, `expected a string, got ${typeName(x)}`]);
    else out[k] = x;
  }
  return out;
}

/** Checks one PodSecurityPolicy object; returns it as an `ImportedPsp` or the problems found. */
export function readPsp(o: K8sObject, source: ManifestSource): { psp?: ImportedPsp; errors: ReadError[] } {
  const e: [string, string][] = [];
  const name = o.metadata?.name;
  if (typeof name !== "string" || name === "") e.push(["metadata.name", "is required"]);
  const labels = stringMap(o.metadata?.labels, "metadata.labels", e);
  const annotations = stringMap(o.metadata?.annotations, "metadata.annotations", e);
  const rawSpec = (o as { spec?: unknown }).spec;
  if (!isObj(rawSpec)) e.push(["spec", rawSpec === undefined || rawSpec === null ? "is required" : `expected a mapping, got ${typeName(rawSpec)}`]);
  else {
    for (const k of REQUIRED) if (rawSpec[k] === undefined || rawSpec[k] === null) e.push([`spec.${k}`, "is required in a PodSecurityPolicy"]);
    struct(SPEC_FIELDS)(rawSpec, "spec", e);
  }
  const errors = e.map(([field, message]) => ({ file: source.file, document: source.document, line: source.line, ...(source.item !== undefined ? { item: source.item } : {}), field, message }));
  if (errors.length) return { errors };
  const policyAnnotations = Object.fromEntries(POLICY_ANNOTATIONS.filter((k) => annotations[k] !== undefined).map((k) => [k, annotations[k]!]));
  const spec = { ...(dropNulls(rawSpec) as PodSecurityPolicySpec), ...(Object.keys(policyAnnotations).length ? { annotations: policyAnnotations } : {}) };
  const otherAnnotations = Object.fromEntries(Object.entries(annotations).filter(([k]) => !POLICY_ANNOTATIONS.includes(k)));
  return { psp: { name: name as string, apiVersion: o.apiVersion, source, spec, labels, otherAnnotations }, errors: [] };
}

/** Reads every PodSecurityPolicy under `paths`; other objects are returned as skipped. Never throws for bad input. */
export function readPsps(paths: readonly string[], cwd: string): { psps: ImportedPsp[]; skipped: SkippedObject[]; errors: ReadError[]; readWarnings: string[] } {
  const { manifests, errors: problems } = readObjects(paths, cwd);
  // The reader's warnings (a duplicate key, a skipped node_modules/) are printed, not fatal.
  const errors: ReadError[] = problems.filter((x) => x.severity !== "warning").map((x) => ({ ...x }));
  const readWarnings = problems.filter((x) => x.severity === "warning").map((x) => formatProblem(x));
  const psps: ImportedPsp[] = [];
  const skipped: SkippedObject[] = [];
  for (const m of manifests) {
    const o = m.object;
    if (o.kind !== "PodSecurityPolicy") {
      skipped.push({ source: m.source, apiVersion: o.apiVersion, kind: o.kind, name: typeof o.metadata?.name === "string" ? o.metadata.name : "" });
      continue;
    }
    if (!PSP_API_VERSIONS.includes(o.apiVersion)) {
      errors.push({ file: m.source.file, document: m.source.document, line: m.source.line, ...(m.source.item !== undefined ? { item: m.source.item } : {}), field: "apiVersion", message: `PodSecurityPolicy ${JSON.stringify(o.apiVersion)} is not a known version (${PSP_API_VERSIONS.join(", ")})` });
      continue;
    }
    const r = readPsp(o, m.source);
    errors.push(...r.errors);
    if (r.psp) psps.push(r.psp);
  }
  return { psps, skipped, errors, readWarnings };
}

/** `file: document 2 (line 14), items[0]: spec.runAsUser.rule: message`. */
export function formatReadError(e: ReadError): string {
  const where = e.document !== undefined ? `: document ${e.document}${e.line !== undefined ? ` (line ${e.line})` : ""}` : e.line !== undefined ? `:${e.line}` : "";
  return `${e.file}${where}${e.item !== undefined ? `, items[${e.item}]` : ""}: ${e.field ? `${e.field}: ` : ""}${e.message}`;
}

/** Where a PSP came from, for messages and the file header. */
export function formatSource(s: ManifestSource): string {
  return `${s.file === "-" ? "standard input" : s.file}, document ${s.document} (line ${s.line})${s.item !== undefined ? `, items[${s.item}]` : ""}`;
}
