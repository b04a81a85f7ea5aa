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
export { libClosure } from "./libs.js";
export { pssMinor, BASELINE_CAPABILITIES, PSS_LATEST_MINOR } from "./pss.js";
export { SAFE_SYSCTLS, safeSysctls } from "./sysctls.js";
export { RESTRICTED_VOLUME_TYPES } from "./volumeTypes.js";
export { CAPABILITY_NAMES, VOLUME_TYPES } from "./params.js";
