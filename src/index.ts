/**
 * gpc, the Gatekeeper policy compiler: the package root.
 *
 * Policy authors import the DSL from here (`import { definePolicy } from "gpc"`); tools import
 * `buildProject` and the artifact types.
 */
export * from "./dsl/index.js";
export { buildProject } from "./gatekeeper/artifacts.js";
export type { Artifacts, BuildOptions, K8sObject, PolicyArtifacts, SampleCase } from "./gatekeeper/artifacts.js";
export { compileRego, compileRegoDetailed, hostBuiltins } from "./rego/wasm/compile.js";
export type { CompileRegoOptions, CompileResult } from "./rego/wasm/compile.js";
