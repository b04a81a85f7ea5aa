/**
 * Rego → Wasm: the compiler's one entry point, composing the stages, one line per stage.
 *
 *   source text ──syntax──▶ AST ──compile passes + plan──▶ IR ──emit + link (runtime)──▶ Wasm bytes
 *
 * The result is an OPA-ABI module that `@open-policy-agent/opa-wasm`'s `loadPolicy` accepts
 * unchanged; its semantics are those of OPA's evaluator (what Gatekeeper runs). Modules that call
 * host builtins (JWTs, x509, hashes, the clock, time zones: src/rego/host/) need
 * `loadPolicy(wasm, undefined, hostBuiltins)`; a module that calls none lists none in `builtins()`.
 */
import { DiagnosticError, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { parseModule } from "../syntax/index.js";
import type { Module, RegoVersion } from "../syntax/ast.js";
import { planPolicy } from "./plan/index.js";
import { emitModule } from "./emit/index.js";
import { loadRuntime } from "./encode/index.js";
import type { Policy } from "./ir/ir.js";

/** The `customBuiltins` that modules calling host builtins need: `loadPolicy(wasm, undefined, hostBuiltins)`. */
export { hostBuiltins } from "../host/index.js";

/** What `compileRego` takes: the same inputs as `opa build -t wasm -e …`. */
export interface CompileRegoOptions {
  /** File name → Rego source. Names appear in diagnostics and runtime error locations. */
  readonly modules: Readonly<Record<string, string>>;
  /** Entry points as `opa build -e` takes them: `"pkg/path/rule"`. */
  readonly entrypoints: readonly string[];
  /** Syntax of every module. @default "v1" */
  readonly regoVersion?: RegoVersion;
  /**
   * File name → the package path the module has where it runs, for `rego.metadata.chain()`
   * paths and annotation scopes only (Gatekeeper runs a template's module as package
   * `template` and a library `lib.x` as `libs.lib.x`). @default the declared packages
   */
  readonly metadataPackages?: Readonly<Record<string, readonly string[]>>;
}

/** Everything a compilation produced, for callers that want diagnostics and timings as data. */
export interface CompileResult {
  readonly wasm?: Uint8Array;
  readonly policy?: Policy;
  readonly diagnostics: readonly Diagnostic[];
  /** Milliseconds spent per stage. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Compile and return diagnostics instead of throwing. Never throws for bad Rego. */
export function compileRegoDetailed(opts: CompileRegoOptions): CompileResult {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, f: () => T): T => {
    const t0 = performance.now();
    try { return f(); } finally { timings[stage] = (timings[stage] ?? 0) + performance.now() - t0; }
  };
  const regoVersion = opts.regoVersion ?? "v1";
  const diagnostics: Diagnostic[] = [];
  const modules: Module[] = [];
  for (const file of Object.keys(opts.modules).sort()) {
    const r = time("parse", () => parseModule(file, opts.modules[file]!, { regoVersion }));
    diagnostics.push(...r.diagnostics);
    const runsAs = opts.metadataPackages?.[file];
    if (r.module) modules.push(runsAs ? { ...r.module, metadataPackage: runsAs } : r.module);
  }
  if (opts.entrypoints.length === 0) {
    diagnostics.push({ code: "rego-usage", severity: "error", message: "at least one entrypoint is required" });
  }
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), timings };
  const runtime = time("runtime", () => loadRuntime());
  const planned = time("plan", () => planPolicy(modules, opts.entrypoints, { builtins: runtime.builtins, sources: opts.modules }));
  diagnostics.push(...planned.diagnostics);
  if (!planned.policy || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), timings };
  const policy = planned.policy;
  const wasm = time("emit", () => emitModule(policy, runtime));
  return { wasm, policy, diagnostics: sortDiagnostics(diagnostics), timings };
}

/**
 * Compile Rego modules into an OPA-ABI Wasm module.
 * @throws DiagnosticError with `file:line:col: code: message` lines when the Rego is invalid or unsupported.
 */
export function compileRego(opts: CompileRegoOptions): Uint8Array {
  const r = compileRegoDetailed(opts);
  if (!r.wasm) throw new DiagnosticError(r.diagnostics, opts.modules);
  return r.wasm;
}

function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}
