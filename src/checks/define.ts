/**
 * Building blocks for check definitions: structural schema constructors, the one schema-driven
 * parameter validator (types, enums, unknown keys, integer bounds) and shared cross-field rules
 * (id ranges, exemption patterns). Each check file composes these.
 */
import type { CelForm } from "../cel/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { libClosure } from "./libs.js";
import type { CheckDefinition, JSONSchema } from "./types.js";
import { mdCode } from "../gatekeeper/markdown.js";

type Props = Readonly<Record<string, JSONSchema>>;

export const str = (description: string, values?: readonly string[]): JSONSchema =>
  values ? { type: "string", description, enum: values } : { type: "string", description };
export const bool = (description: string): JSONSchema => ({ type: "boolean", description });
export const int = (description: string, minimum?: number, maximum?: number): JSONSchema => ({
  type: "integer", description, ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }),
});
export const arr = (items: JSONSchema, description: string): JSONSchema => ({ type: "array", description, items });
export const obj = (properties: Props, description = "", required?: readonly string[]): JSONSchema => ({
  type: "object", ...(description ? { description } : {}), properties, ...(required?.length ? { required } : {}),
});

/** Largest Linux user/group id Kubernetes accepts. */
export const MAX_ID = 2147483647;

export const RANGE = obj({ min: int("lowest allowed value (inclusive)", 0), max: int("highest allowed value (inclusive)", 0) }, "an inclusive range", ["min", "max"]);

/** `exemptImages` / `exemptContainers`, shared by every container-level check. */
export const EXEMPTION_PROPS: Props = {
  exemptImages: arr(str("image, or image prefix ending in *"), "images whose containers are not checked"),
  exemptContainers: arr(str("container name"), "container names that are not checked"),
};

/** `skipWindowsPods`, for the checks PSA relaxed for Windows pods. */
export const WINDOWS_PROPS: Props = {
  skipWindowsPods: bool("skip pods with spec.os.name: windows"),
};

/** `skipUserNamespacePods`, for the checks PSA relaxes for user-namespaced pods. */
export const USERNS_PROPS: Props = {
  skipUserNamespacePods: bool("skip pods with spec.hostUsers: false (PSA with the UserNamespacesPodSecurityStandards feature gate)"),
};

/** An error diagnostic at a property path. */
export function diag(path: string, message: string): Diagnostic {
  return { code: "check-params", severity: "error", message, path };
}

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

/** Structural validation of a value against a schema: types, enums, required and unknown keys, bounds. */
export function schemaErrors(schema: JSONSchema, value: unknown, path: string): Diagnostic[] {
  const t = typeOf(value);
  const ok = schema.type === t || (schema.type === "object" && t === "object") || (schema.type === "integer" && t === "integer");
  if (!ok) return [diag(path, `expected ${schema.type}, got ${t}`)];
  switch (schema.type) {
    case "string":
      return schema.enum && !schema.enum.includes(value as string)
        ? [diag(path, `${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`)] : [];
    case "integer": {
      const n = value as number;
      if (schema.minimum !== undefined && n < schema.minimum) return [diag(path, `${n} is less than ${schema.minimum}`)];
      if (schema.maximum !== undefined && n > schema.maximum) return [diag(path, `${n} is greater than ${schema.maximum}`)];
      return [];
    }
    case "array":
      return (value as unknown[]).flatMap((v, i) => schemaErrors(schema.items, v, `${path}[${i}]`));
    case "object": {
      const o = value as Record<string, unknown>;
      const out: Diagnostic[] = [];
      for (const k of schema.required ?? []) if (o[k] === undefined) out.push(diag(`${path}.${k}`, "is required"));
      for (const [k, v] of Object.entries(o)) {
        if (v === undefined) continue;
        const sub = schema.properties[k];
        if (!sub) out.push(diag(`${path}.${k}`, `unknown parameter; expected one of ${Object.keys(schema.properties).join(", ")}`));
        else out.push(...schemaErrors(sub, v, `${path}.${k}`));
      }
      return out;
    }
    default:
      return [];
  }
}

/** `min <= max` for every range of a list. */
export function rangeErrors(ranges: readonly { min: number; max: number }[] | undefined, path: string): Diagnostic[] {
  return (ranges ?? []).flatMap((r, i) =>
    typeof r?.min === "number" && typeof r?.max === "number" && r.min > r.max
      ? [diag(`${path}[${i}]`, `min ${r.min} is greater than max ${r.max}`)] : []);
}

/** Patterns may only use `*` as their last character. */
export function patternErrors(patterns: readonly string[] | undefined, path: string): Diagnostic[] {
  return (patterns ?? []).flatMap((p, i) =>
    typeof p === "string" && p.slice(0, -1).includes("*") ? [diag(`${path}[${i}]`, `${JSON.stringify(p)}: "*" is only allowed at the end`)] : []);
}

/** Exemption lists: patterns only at the end of image names. */
export function exemptionErrors(p: { exemptImages?: readonly string[] }, path: string): Diagnostic[] {
  return patternErrors(p.exemptImages, `${path}.exemptImages`);
}

/** `rule` needing `ranges`: MustRunAs / MayRunAs with no range can never be satisfied by a set value. */
export function ruleRangeErrors(p: { rule?: string; ranges?: readonly { min: number; max: number }[] }, path: string): Diagnostic[] {
  const out = rangeErrors(p.ranges, `${path}.ranges`);
  if ((p.rule === "MustRunAs" || p.rule === "MayRunAs") && !(p.ranges?.length)) out.push(diag(`${path}.ranges`, `rule ${p.rule} needs at least one range`));
  if ((p.rule === undefined || p.rule === "RunAsAny" || p.rule === "MustRunAsNonRoot") && p.ranges?.length) out.push(diag(`${path}.ranges`, `ranges are ignored by rule ${p.rule ?? "RunAsAny"}`));
  return out;
}

/** A markdown list of values: `a`, `b`. */
export const list = (xs: readonly unknown[] | undefined, empty = "none"): string =>
  xs && xs.length ? xs.map((x) => mdCode(typeof x === "string" ? x : JSON.stringify(x))).join(", ") : empty;

export const rangesText = (rs: readonly { min: number; max: number }[] | undefined): string =>
  rs && rs.length ? rs.map((r) => `${r.min}–${r.max}`).join(", ") : "none";

/** Exemption suffix for describe(). */
export function exemptText(p: { exemptImages?: readonly string[]; exemptContainers?: readonly string[] }): string {
  const parts: string[] = [];
  if (p.exemptImages?.length) parts.push(`images ${list(p.exemptImages)}`);
  if (p.exemptContainers?.length) parts.push(`containers ${list(p.exemptContainers)}`);
  return parts.length ? ` (exempt: ${parts.join("; ")})` : "";
}

/**
 * Check definition with validation = schema validation + the check's own cross-field rules, and
 * `libs` = the libraries the check imports plus everything they import, in dependency order.
 */
export function defineCheck<P extends object>(d: Omit<CheckDefinition<P>, "validate"> & {
  crossValidate?: (params: P, path: string) => Diagnostic[];
}): CheckDefinition<P> {
  const { crossValidate, ...rest } = d;
  let cel: CelForm | undefined;
  return {
    ...rest,
    cel: () => (cel ??= d.cel()),
    libs: libClosure(d.libs),
    validate(params: P, path: string): Diagnostic[] {
      const errs = schemaErrors(d.parameters, params, path);
      return errs.length ? errs : [...(crossValidate?.(params, path) ?? [])];
    },
  };
}
