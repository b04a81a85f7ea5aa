/**
 * The engine stage: Gatekeeper input + match semantics + opa-wasm, and the reports built on it.
 * Published as `gpc/engine`; also re-exports reading Gatekeeper YAML policies and gator suites.
 *
 *   templates + constraints ──compile (cached)──▶ Wasm ──┐
 *   manifests / sample cases ──match, expand, review ────┴─▶ violations ──▶ findings / case results ──▶ reports
 */
export type * from "./types.js";
export { GATOR_POINT } from "./types.js";
export { createEngine, Engine, type ConstraintEntry, type EngineOptions, type EngineProblem, type ReviewInput } from "./engine.js";
export { matches, wildcardMatches, labelSelectorMatches, labelSelectorProblems, gvkOf, MatchError, type Match, type Matchable, type LabelSelector } from "./match.js";
export { buildReview, type ReviewRequest } from "./review.js";
export { applyDefaults, constraintParameters } from "./params.js";
export { actionsAt, isDeny, enforcementProblems, type PointActions } from "./enforcement.js";
export { expand, expansionTemplateProblems, notCheckedReason, podTemplatePath, type Resultant } from "./expand.js";
export { templateRego, packagePath, type TemplateRego } from "./template.js";
export { WasmCache, compilerFingerprint, type CompiledTemplate, type Compiler, type WasmCacheOptions, type WasmStats } from "./wasm.js";
export { resolveBudget, DEFAULT_BUDGET, type EvalBudget } from "./wasm.js";
export { gatekeeperJSON, goFloat, InputDepthError, MAX_INPUT_DEPTH } from "./input-json.js";
export { loadManifests, listManifestInputs, readManifestInput, streamManifestInput, formatInputError, MAX_FILE_BYTES, type InputError, type LoadManifestOptions } from "./manifests.js";
export { toFindings, compareFindings, compareNotChecked, hasDeny, objectRef, type NotChecked } from "./findings.js";
export { auditManifests, auditPaths, reviewManifests, reviewPlan, Reviewer, namespacesOf, PARALLEL_MIN_BYTES, type AuditResult, type AuditOptions, type AuditReviewError, type ReviewPlan } from "./audit.js";
export { runCases, judgeCase, goRegExp, diffViolations, type CaseResult, type RunCasesOptions } from "./cases.js";
export { opaEvalLoader, findOpa } from "./crosscheck.js";
export { renderAuditTable, renderAuditJson, renderAuditSarif, type AuditSummary } from "./report/audit.js";
export { renderTestTable, renderTestJson, renderTestJunit } from "./report/test.js";
export { readPolicyObjects, readObjectFile, loadPolicyInputs, objectArtifacts, type PolicyObjects, type ObjectConstraint } from "../gatekeeper/read-objects.js";
export { verifyPaths, runSuites, readSuite, suiteFiles, parseFilter, renderVerifyText, renderVerifyJson, renderVerifyJunit, type Suite, type SuiteOutcome, type TestOutcome, type CaseOutcome, type VerifyOptions } from "../verify/index.js";
export { CelTemplate, templateCel, convertReview, toCelValue, type CelSource } from "./cel-driver.js";
export { diffEngines, messagePieces, defaultEngine, type EngineSelection } from "./compare.js";
