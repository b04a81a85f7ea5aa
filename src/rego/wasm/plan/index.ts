/**
 * The planner's entry point: parsed modules + entrypoints → IR `Policy` (src/rego/wasm/ir/ir.ts).
 *
 *   modules ──compile passes (src/rego/wasm/compile)──▶ checked, reordered modules ──planner──▶ Policy
 *
 * Never throws: every problem is a `Diagnostic` (`rego-compile` or `rego-unsupported`) with a span.
 */
import type { Diagnostic, SourceMap } from "../../../diagnostics/diagnostic.js";
import type { Module } from "../../syntax/ast.js";
import { runPasses } from "../compile/index.js";
import type { Policy } from "../ir/ir.js";
import { Planner } from "./planner.js";

export interface PlanOptions {
  /** Rego builtin name → arity, as the runtime exports them (`bi_*`). */
  readonly builtins: ReadonlyMap<string, number>;
  /**
   * File name → source text, used only to render `file:row:col` in runtime error messages
   * (conflicts). Without it, locations are rendered with row and column 0.
   */
  readonly sources?: SourceMap;
}

export interface PlanResult {
  readonly policy?: Policy;
  readonly diagnostics: Diagnostic[];
}

/** Compile passes + planner. `entrypoints` are `pkg/path/rule` as `opa build -e` takes them. */
export function planPolicy(modules: readonly Module[], entrypoints: readonly string[], opts: PlanOptions): PlanResult {
  let planner: Planner | undefined;
  try {
    const passed = runPasses(modules, opts.builtins);
    const diagnostics = [...passed.diagnostics];
    if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
    planner = new Planner(passed.modules, opts.builtins, opts.sources);
    const policy = planner.plan(entrypoints);
    diagnostics.push(...planner.diagnostics);
    if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
    return { policy, diagnostics };
  } catch (e) {
    // Bodies are planned in continuation style: iterations nested several hundred deep exhaust
    // the stack. Name the rule rather than fail obscurely.
    const at = planner?.planning;
    if (e instanceof RangeError && at) {
      return {
        diagnostics: [{
          code: "rego-unsupported",
          severity: "error",
          message: `rule ${at.id} is too large to compile (its body exhausts the planner's stack); split it into helper rules`,
          span: at.span,
        }],
      };
    }
    const span = modules[0]?.span;
    return {
      diagnostics: [{
        code: "rego-compile",
        severity: "error",
        message: `internal planner error: ${e instanceof Error ? e.message : String(e)}`,
        ...(span ? { span } : {}),
      }],
    };
  }
}

export { Planner } from "./planner.js";
