/**
 * The public authoring API: what a policy file imports from `gpc`.
 *
 * `definePolicy` (props → validated model), presets (`pss`, `psp` props), custom checks
 * (`forEachContainer`, `forPod`, `allOf`, `anyOf`, `not`), and sample helpers (`samplePod`,
 * `tweak`, `tweakContainer`, `allowed`, `denied`, `namespace`).
 */
export { definePolicy, kebab, pascal, constraintName, customKind } from "./policy.js";
export type { PolicyProps, PssProps, PssVersion, ChecksProps, MatchProps, ScopedActionProps, EnforcementActionProps, ExemptionsProps } from "./policy.js";
export { forEachContainer, forPod, allOf, anyOf, not } from "./custom.js";
export type { Condition, CustomCheckProps, Field, Rule, PodView, AnyFieldOps, StringFieldOps, NumberFieldOps, BooleanFieldOps } from "./custom.js";
export { samplePod, tweak, tweakContainer, allowed, denied, namespace, asWorkload, WORKLOAD_API_VERSIONS } from "./samples.js";
export type { SampleCaseProps, WorkloadKind } from "./samples.js";
export { PolicyDefinitionError, policyLabel } from "./errors.js";
export type { Issue } from "./errors.js";
export type * from "./pod.js";
export type { CheckParamsById, CheckId, PodSecurityPolicySpec, PssLevel, IdRange, VolumeType } from "../checks/index.js";
export type { PolicyModel } from "../model/index.js";
