/**
 * CEL evaluation harness for the checks: a check's CEL form, printed exactly as `gpc build`
 * writes it into the template, → the engine's K8sNativeValidation driver → violation messages.
 */
import { celSource } from "../../src/cel/emit.js";
import { CHECKS } from "../../src/checks/registry.js";
import { CelTemplate, templateCel } from "../../src/engine/cel-driver.js";
import type { K8sObject } from "../../src/engine/types.js";

/** A template object carrying only a CEL source (as the driver reads it). */
export function celTemplateObject(name: string, source: Record<string, unknown>): K8sObject {
  return { apiVersion: "templates.gatekeeper.sh/v1", kind: "ConstraintTemplate", metadata: { name }, spec: { crd: { spec: { names: { kind: name } } }, targets: [{ target: "admission.k8s.gatekeeper.sh", code: [{ engine: "K8sNativeValidation", source }] }] } };
}

const cache = new Map<string, CelTemplate>();
/** The compiled CEL of one check (via its YAML data, as the driver reads templates). */
export function celCheck(id: string): CelTemplate {
  let t = cache.get(id);
  if (!t) {
    const form = CHECKS[id]!.cel();
    if (form.kind !== "Cel") throw new Error(`check ${id} has no CEL form: ${form.reason}`);
    const obj = JSON.parse(JSON.stringify(celTemplateObject(id.toLowerCase(), celSource(form.program)))) as K8sObject;
    t = new CelTemplate(id.toLowerCase(), templateCel(obj)!);
    cache.set(id, t);
  }
  return t;
}

/** Gatekeeper's review of a Pod. */
export function podReview(pod: any, operation = "CREATE"): Record<string, unknown> {
  return { kind: { group: "", version: "v1", kind: "Pod" }, name: pod?.metadata?.name ?? "", namespace: pod?.metadata?.namespace ?? "default", operation, object: pod, oldObject: null, namespaceObject: null };
}

/** A constraint with these parameters. */
export const constraintWith = (parameters: object | undefined): K8sObject => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind: "K", metadata: { name: "c" }, spec: parameters === undefined ? {} : { parameters } });

/** The violation messages of check `id` with `params` on `pod`. */
export function celMessages(id: string, pod: unknown, params: object | undefined): string[] {
  return celCheck(id).evaluate(podReview(pod), constraintWith(params)).map((v) => v.msg);
}
