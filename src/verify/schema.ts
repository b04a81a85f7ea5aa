/**
 * Constraint parameters checked against the template's parameter schema, as the constraint CRD
 * Gatekeeper generates validates them (gator: `ErrSchema` when adding the constraint).
 *
 * Input: a Constraint and its ConstraintTemplate. Output: the problems, one line each, empty when
 * the parameters are valid. Checked: `type` (integer, number, string, boolean, array, object),
 * `enum`, `required`, `nullable`, and unknown fields (allowed under
 * `x-kubernetes-preserve-unknown-fields`, an `additionalProperties` schema, or `legacySchema`,
 * which Gatekeeper turns into preserve-unknown-fields on every object node). Keywords beyond those
 * (patterns, bounds, `anyOf`) are not checked: a constraint gpc accepts may still be rejected by
 * the API server, never the reverse.
 */
import type { K8sObject } from "../engine/types.js";

interface Node {
  type?: string;
  enum?: unknown[];
  required?: string[];
  nullable?: boolean;
  properties?: Record<string, Node>;
  items?: Node;
  additionalProperties?: Node | boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case "integer": return typeof v === "number" && Number.isInteger(v);
    case "number": return typeof v === "number";
    case "string": return typeof v === "string";
    case "boolean": return typeof v === "boolean";
    case "array": return Array.isArray(v);
    case "object": return isObj(v);
    default: return true;
  }
}

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function check(v: unknown, s: Node, path: string, legacy: boolean, out: string[]): void {
  if (v === null) { if (!s.nullable && s.type && !legacy) out.push(`${path}: Invalid value: "null": ${path} in body must be of type ${s.type}: "null"`); return; }
  if (s["x-kubernetes-int-or-string"]) {
    if (typeof v !== "string" && !(typeof v === "number" && Number.isInteger(v))) out.push(`${path}: Invalid value: must be an integer or a string`);
    return;
  }
  if (s.type && !typeOk(s.type, v)) { out.push(`${path}: Invalid value: ${JSON.stringify(v)}: ${path} in body must be of type ${s.type}: ${JSON.stringify(Array.isArray(v) ? "array" : isObj(v) ? "object" : typeof v)}`); return; }
  if (s.enum && !s.enum.some((e) => deepEqual(e, v))) out.push(`${path}: Unsupported value: ${JSON.stringify(v)}: supported values: ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (Array.isArray(v)) { if (s.items) v.forEach((x, i) => check(x, s.items!, `${path}[${i}]`, legacy, out)); return; }
  if (!isObj(v)) return;
  for (const r of s.required ?? []) if (!(r in v)) out.push(`${path}.${r}: Required value`);
  const props = s.properties ?? {};
  const preserve = legacy || s["x-kubernetes-preserve-unknown-fields"] === true;
  for (const [k, x] of Object.entries(v)) {
    if (props[k]) check(x, props[k]!, `${path}.${k}`, legacy, out);
    else if (isObj(s.additionalProperties)) check(x, s.additionalProperties, `${path}.${k}`, legacy, out);
    else if (s.additionalProperties === true || preserve) continue;
    else if (s.properties || s.type === "object" || s.type === undefined) out.push(`${path}.${k}: unknown field`);
  }
}

/** Problems of the constraint's `spec.parameters` under the template's schema; empty when valid. */
export function parameterProblems(constraint: K8sObject, template: K8sObject): string[] {
  const params = (isObj(constraint.spec) ? constraint.spec : {}).parameters;
  if (params === undefined) return [];
  const validation = (((template.spec as Record<string, unknown> | undefined)?.crd as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined)?.validation as { openAPIV3Schema?: Node; legacySchema?: boolean } | undefined;
  // v1beta1 templates default legacySchema to true, v1 to false.
  const legacy = validation?.legacySchema ?? !template.apiVersion.endsWith("/v1");
  const schema = validation?.openAPIV3Schema;
  const out: string[] = [];
  if (!schema) {
    if (!legacy && isObj(params) && Object.keys(params).length) out.push(`spec.parameters: unknown field (the template has no parameter schema)`);
    return out;
  }
  check(params, schema, "spec.parameters", legacy, out);
  return out;
}
