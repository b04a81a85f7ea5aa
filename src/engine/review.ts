/**
 * `input.review`: the admission request Gatekeeper builds for an object.
 *
 * Input: the object, the operation, optionally its old version and its Namespace object.
 * Output: the `admission/v1` AdmissionRequest shape Gatekeeper serialises, plus the fields
 * Gatekeeper adds (`namespaceObject`; `object` = `oldObject` on DELETE; `namespace` is `""`
 * for Namespace objects).
 */
import { gvkOf } from "./match.js";
import type { K8sObject, Operation } from "./types.js";

/** What a review is built from. */
export interface ReviewRequest {
  readonly object: K8sObject;
  /** @default "CREATE" */
  readonly operation?: Operation;
  /** The previous version, for UPDATE and DELETE. @default the object itself on DELETE, else null */
  readonly oldObject?: K8sObject | null;
  /** The Namespace named by `object.metadata.namespace`, when known. */
  readonly namespaceObject?: K8sObject;
  /** @default { username: "gpc", groups: ["system:authenticated"] } */
  readonly userInfo?: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
}

/** The user gpc reviews as: an ordinary authenticated user, never a privileged one. */
export const DEFAULT_USER_INFO = Object.freeze({ username: "gpc", uid: "", groups: ["system:authenticated"] });

const IRREGULAR_PLURALS: Record<string, string> = { Endpoints: "endpoints", PodSecurityPolicy: "podsecuritypolicies" };

/** The resource name Kubernetes' REST mapper would give a kind (lowercase plural). */
export function resourceOf(kind: string): string {
  if (IRREGULAR_PLURALS[kind]) return IRREGULAR_PLURALS[kind]!;
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** 32 hex digits from four FNV-1a passes: a deterministic request uid (not a security hash). */
function hash128(s: string): string {
  let out = "";
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

/** Builds `input.review`. */
export function buildReview(req: ReviewRequest): Record<string, unknown> {
  const operation = req.operation ?? "CREATE";
  const oldObject = req.oldObject !== undefined ? req.oldObject : operation === "DELETE" ? req.object : null;
  const object = operation === "DELETE" ? (oldObject ?? req.object) : req.object;
  const gvk = gvkOf(object);
  const isNs = gvk.group === "" && gvk.kind === "Namespace";
  const name = object.metadata?.name ?? "";
  const namespace = isNs ? "" : (object.metadata?.namespace ?? "");
  const uid = hash128(`${gvk.group}/${gvk.kind}/${namespace}/${name}/${operation}`);
  const resource = { group: gvk.group, version: gvk.version, resource: resourceOf(gvk.kind) };
  return {
    uid: `${uid.slice(0, 8)}-${uid.slice(8, 12)}-${uid.slice(12, 16)}-${uid.slice(16, 20)}-${uid.slice(20, 32)}`,
    kind: { group: gvk.group, version: gvk.version, kind: gvk.kind },
    resource,
    requestKind: { group: gvk.group, version: gvk.version, kind: gvk.kind },
    requestResource: resource,
    name,
    namespace,
    operation,
    userInfo: req.userInfo ?? DEFAULT_USER_INFO,
    object,
    oldObject,
    dryRun: false,
    options: null,
    namespaceObject: isNs || namespace === "" ? null : (req.namespaceObject ?? null),
  };
}
