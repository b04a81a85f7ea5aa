/**
 * Evaluation harness for the checks: a check's rendered Rego (v0) + libs → an evaluator of
 * Gatekeeper inputs → the violation set. Two executors:
 * - `wasm`: gpc's own compiler (`compileRego`) + `@open-policy-agent/opa-wasm` (the product path);
 * - `interp`: gpc's planner + the reference IR interpreter of test/rego/plan (a differential
 *   partner that runs while the Wasm runtime's builtins are still being written).
 * Choose with `GPC_CHECKS_EXECUTOR=wasm|interp`; default `wasm`. Modules are rendered and compiled
 * as Rego v0 (Gatekeeper's default) unless a caller asks for v1.
 */
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { formatDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderCheckRego, LIB_NAMES, renderLib } from "../../src/checks/render.js";
import { CHECKS } from "../../src/checks/registry.js";
import type { RegoVersion } from "../../src/checks/types.js";
import { compileRegoDetailed } from "../../src/rego/wasm/compile.js";
import { parseModule } from "../../src/rego/syntax/index.js";
import type { Module } from "../../src/rego/syntax/ast.js";
import { planPolicy } from "../../src/rego/wasm/plan/index.js";
import { TEST_BUILTINS } from "../rego/plan/builtins.js";
import { evaluate } from "../rego/plan/interp.js";

export type Executor = "wasm" | "interp";
export const EXECUTOR: Executor = process.env.GPC_CHECKS_EXECUTOR === "interp" ? "interp" : "wasm";

/** One violation as Gatekeeper sees it. */
export interface Violation { msg: string; details?: unknown }
export type Evaluate = (input: unknown) => Violation[];

/** The modules of one check, named as files: `<id>.rego` and `lib/<name>.rego`. */
export function checkModules(id: string, regoVersion: RegoVersion = "v0"): Record<string, string> {
  const r = renderCheckRego(id, { regoVersion });
  const mods: Record<string, string> = { [`${id}.rego`]: r.rego };
  CHECKS[id]!.libs.forEach((n, i) => { mods[`lib/${n}.rego`] = r.libs[i]!; });
  return mods;
}

/** Entrypoint of a check: `gpc/<id>/violation`. */
export const entrypoint = (id: string) => `gpc/${id}/violation`;

/** Thrown when compiling fails: the message lists `file:line:col: code: message` lines. */
export class CompileError extends Error {}

function resultSet(out: unknown): Violation[] {
  const rs = out as { result: unknown }[];
  if (!Array.isArray(rs) || rs.length === 0) return [];
  const v = rs[0]!.result;
  if (!Array.isArray(v)) throw new Error(`violation is not a set: ${JSON.stringify(v)}`);
  return v as Violation[];
}

/** Compile modules for an entrypoint with the chosen executor. */
export async function compileModules(mods: Record<string, string>, ep: string, executor: Executor = EXECUTOR, regoVersion: RegoVersion = "v0"): Promise<Evaluate> {
  if (executor === "wasm") {
    const r = compileRegoDetailed({ modules: mods, entrypoints: [ep], regoVersion });
    if (!r.wasm) throw new CompileError(r.diagnostics.map((d) => formatDiagnostic(d, mods)).join("\n"));
    const policy = await loadPolicy(r.wasm);
    return (input) => resultSet(policy.evaluate(input, ep));
  }
  const parsed: Module[] = [];
  const errs: string[] = [];
  for (const [name, text] of Object.entries(mods)) {
    const p = parseModule(name, text, { regoVersion });
    errs.push(...p.diagnostics.map((d) => formatDiagnostic(d, mods)));
    if (p.module) parsed.push(p.module);
  }
  if (errs.length) throw new CompileError(errs.join("\n"));
  const r = planPolicy(parsed, [ep], { builtins: TEST_BUILTINS, sources: mods });
  if (!r.policy || r.diagnostics.some((d) => d.severity === "error")) throw new CompileError(r.diagnostics.map((d) => formatDiagnostic(d, mods)).join("\n"));
  const policy = r.policy;
  return (input) => resultSet(evaluate(policy, ep, input, {}));
}

const cache = new Map<string, Promise<Evaluate>>();
/** The evaluator of one check (compiled once per process). */
export function compileCheck(id: string, executor: Executor = EXECUTOR, regoVersion: RegoVersion = "v0"): Promise<Evaluate> {
  const k = `${executor}:${regoVersion}:${id}`;
  if (!cache.has(k)) cache.set(k, compileModules(checkModules(id, regoVersion), entrypoint(id), executor, regoVersion));
  return cache.get(k)!;
}

/** Gatekeeper's input for a Pod under review with a constraint's parameters. */
export function reviewInput(pod: any, parameters: object): unknown {
  return {
    review: {
      kind: { group: "", version: "v1", kind: "Pod" },
      name: pod?.metadata?.name ?? "",
      namespace: pod?.metadata?.namespace ?? "default",
      operation: "CREATE",
      object: pod,
    },
    parameters,
  };
}

export { LIB_NAMES, renderLib };

/** Try to compile every given check; returns the compile error text per check that failed. */
export async function compileAll(ids: readonly string[], executor: Executor, regoVersion: RegoVersion = "v0"): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const id of ids) {
    try { await compileCheck(id, executor, regoVersion); } catch (e) { failed.set(id, e instanceof Error ? e.message : String(e)); }
  }
  return failed;
}

/** Odd but possible review objects (nulls, wrong types, no spec): every check, in Rego and in CEL, must evaluate them. */
export const ODD_OBJECTS: readonly [string, unknown][] = [
  ["empty object", {}],
  ["no spec", { metadata: { name: "p" } }],
  ["empty spec", { spec: {} }],
  ["null everywhere", { metadata: { annotations: null }, spec: { securityContext: null, containers: null, initContainers: null, volumes: null } }],
  ["null container fields", { spec: { containers: [{ name: "a", image: null, securityContext: null, ports: null, volumeMounts: null, lifecycle: null }] } }],
  ["wrong types", { metadata: { annotations: "x" }, spec: { securityContext: "x", containers: "x", volumes: [1, "v", null], hostNetwork: "true" } }],
  ["container without name", { spec: { containers: [{ image: "x", securityContext: { capabilities: null, seccompProfile: null, seLinuxOptions: null, windowsOptions: null } }] } }],
];
