/**
 * Constraint parameters as Gatekeeper stores them: `spec.parameters` (`{}` when absent) with the
 * template's OpenAPI schema `default:` values applied, the way the API server's structural
 * defaulting does (a missing property gets a copy of its default, then defaulting recurses into
 * it; arrays default each item; `additionalProperties` schemas default unknown keys).
 */

/** The parts of an OpenAPI v3 schema node that defaulting reads. */
export interface SchemaNode {
  type?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Returns a deep copy of `value` with the schema's defaults applied. */
export function applyDefaults(value: unknown, schema: SchemaNode | undefined): unknown {
  const v = structuredClone(value);
  if (!schema) return v;
  return fill(v, schema);
}

function fill(v: unknown, s: SchemaNode): unknown {
  if (isPlainObject(v)) {
    const props = s.properties ?? {};
    for (const [k, ps] of Object.entries(props)) {
      if (v[k] === undefined && ps.default !== undefined) v[k] = structuredClone(ps.default);
      if (v[k] !== undefined) v[k] = fill(v[k], ps);
    }
    if (isPlainObject(s.additionalProperties)) {
      const ap = s.additionalProperties as SchemaNode;
      for (const k of Object.keys(v)) if (!(k in props)) v[k] = fill(v[k], ap);
    }
    return v;
  }
  if (Array.isArray(v) && s.items) return v.map((x) => fill(x, s.items!));
  return v;
}

/** The template's parameter schema: `spec.crd.spec.validation.openAPIV3Schema`. */
export function parameterSchema(template: { spec?: unknown; [k: string]: unknown }): SchemaNode | undefined {
  const spec = template.spec as { crd?: { spec?: { validation?: { openAPIV3Schema?: SchemaNode } } } } | undefined;
  return spec?.crd?.spec?.validation?.openAPIV3Schema;
}

/** `input.parameters` for a constraint of a template: its parameters, `{}` when absent, defaulted. */
export function constraintParameters(constraint: { spec?: unknown; [k: string]: unknown }, template: { spec?: unknown; [k: string]: unknown }): unknown {
  const spec = constraint.spec as { parameters?: unknown } | undefined;
  return applyDefaults(spec?.parameters ?? {}, parameterSchema(template));
}
