/**
 * Security-context checks: registry, Rego rendering, Pod Security Standards presets and the
 * PodSecurityPolicy mapping.
 *
 * Input: check ids + parameters. Output: ConstraintTemplate ingredients (kind, schema, Rego, libs).
 */
export type { CheckDefinition, CheckInstance, JSONSchema, PssLevel, RegoVersion, RenderedCheck } from "./types.js";
export type * from "./params.js";
export type { PodSecurityPolicySpec } from "./psp-types.js";
export { CHECKS } from "./registry.js";
export { renderCheckRego, renderLib, LIB_NAMES } from "./render.js";
export { pssPreset, PSS_VERSIONS } from "./pss.js";
export { pspToChecks } from "./psp.js";
