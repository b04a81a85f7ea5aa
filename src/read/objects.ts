/**
 * Documents → Kubernetes objects: the shape every reviewed object must have.
 *
 * Input: one document's value (or one streamed `List` item) and its source. Output: objects —
 * `apiVersion` and `kind` strings, `List` kinds unwrapped (any `*List` kind with `items`,
 * nested ones too), every field gpc reads well-typed (./validate.ts), `metadata` defaulted to
 * `{}` — and problems naming the document, the item path and the field.
 */
import type { K8sObject } from "../gatekeeper/artifacts.js";
import type { ReadLimits } from "./limits.js";
import type { DocumentSource, ReadProblem } from "./stream.js";
import { validateObject } from "./validate.js";

/** One object read from the input, with where it came from. */
export interface ReadObject {
  readonly object: K8sObject;
  readonly source: DocumentSource;
}

/** `Pod ns/name` for messages (names only when they are strings). */
export function objectLabel(o: Record<string, unknown>): string {
  const md = (o.metadata && typeof o.metadata === "object" ? o.metadata : {}) as Record<string, unknown>;
  const name = typeof md.name === "string" ? md.name : typeof md.generateName === "string" ? md.generateName : "";
  const ns = typeof md.namespace === "string" && md.namespace ? `${md.namespace}/` : "";
  return `${String(o.kind)}${name || ns ? ` ${ns}${name}` : ""}`;
}

/** Turns one document into objects; `emit` gets each, `problem` each problem. */
export function documentObjects(doc: unknown, source: DocumentSource, limits: ReadLimits, emit: (o: ReadObject) => void, problem: (p: ReadProblem) => void, path = ""): void {
  if (doc === null || doc === undefined) return; // an empty document
  const err = (message: string) => problem({ severity: "error", file: source.file, document: source.document, line: source.line, ...(source.item !== undefined ? { item: source.item } : {}), message: path ? `${path}: ${message}` : message });
  if (typeof doc !== "object" || Array.isArray(doc)) { err(`not a Kubernetes object (a ${Array.isArray(doc) ? "list" : typeof doc}, expected a mapping with apiVersion and kind)`); return; }
  const o = doc as Record<string, unknown>;
  if (typeof o.kind !== "string" || o.kind === "") { err(o.kind === undefined ? "has no kind" : `kind: expected a string, got ${JSON.stringify(o.kind)}`); return; }
  if (typeof o.apiVersion !== "string" || o.apiVersion === "") { err(o.apiVersion === undefined ? `${o.kind} has no apiVersion` : `${o.kind}: apiVersion: expected a string, got ${JSON.stringify(o.apiVersion)}`); return; }
  if (o.kind.endsWith("List") && "items" in o) {
    if (o.items === null) return;
    if (!Array.isArray(o.items)) { err(`${o.kind}: items: expected a list, got ${Array.isArray(o.items) ? "a list" : typeof o.items === "object" ? "a mapping" : `${typeof o.items} ${JSON.stringify(o.items)}`}`); return; }
    o.items.forEach((item, i) => documentObjects(item, source.item === undefined && !path ? { ...source, item: i } : source, limits, emit, problem, `${path}items[${i}]`));
    return;
  }
  const bad = validateObject(o, limits);
  if (bad.length) { err(`${objectLabel(o)}: ${bad.join("; ")}`); return; }
  const object = (o.metadata === undefined || o.metadata === null ? { ...o, metadata: {} } : o) as K8sObject;
  emit({ object, source });
}

/** Checks the rest of a `List` that was read item by item (its items already handed over). */
export function streamedListProblems(wrapper: unknown, items: number): string | undefined {
  const o = wrapper as Record<string, unknown> | null;
  if (!o || typeof o !== "object" || Array.isArray(o)) return "not a Kubernetes object";
  if (typeof o.kind !== "string" || !o.kind.endsWith("List") || typeof o.apiVersion !== "string" || !o.apiVersion) {
    return `over the per-object size limit and not a List (kind ${JSON.stringify(o.kind ?? null)}), yet its ${items} items were read as objects`;
  }
  return undefined;
}
