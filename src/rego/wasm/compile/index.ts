/**
 * Compile passes: parsed modules → modules ready for planning. An ordered, named list (OPA's
 * compiler stages, reduced to what gpc needs); `runPasses` runs them in order and stops after
 * the first pass that reported an error, so later passes may assume earlier invariants.
 */
import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import type { Module } from "../../syntax/ast.js";
import { checkRecursion } from "./check-recursion.js";
import { checkSafety } from "./check-safety.js";
import { rewriteWith } from "./check-with.js";
import { collectRules } from "./collect-rules.js";
import { expandNegation } from "./expand-negation.js";
import type { Pass, Program } from "./program.js";
import { resolveRefs } from "./resolve-refs.js";
import { rewriteLocalVars } from "./rewrite-local-vars.js";
import { rewriteRefPatterns } from "./rewrite-ref-patterns.js";
import { rewriteRefsInHead } from "./rewrite-refs-in-head.js";
import { rewriteRegoMetadata } from "./rewrite-rego-metadata.js";

export type { Pass, Program } from "./program.js";

/** The passes, in order. */
export const PASSES: readonly Pass[] = [
  { name: "collectRules", run: collectRules },
  { name: "rewriteRegoMetadata", run: rewriteRegoMetadata },
  { name: "resolveRefs", run: resolveRefs },
  { name: "rewriteLocalVars", run: rewriteLocalVars },
  { name: "rewriteWith", run: rewriteWith },
  { name: "rewriteRefsInHead", run: rewriteRefsInHead },
  { name: "rewriteRefPatterns", run: rewriteRefPatterns },
  { name: "checkSafety", run: checkSafety },
  { name: "expandNegation", run: expandNegation },
  { name: "checkRecursion", run: checkRecursion },
];

export interface PassResult {
  readonly modules: readonly Module[];
  readonly diagnostics: readonly Diagnostic[];
  /** Milliseconds per pass. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Run the passes; `after` (for debugging) sees the program after each pass. */
export function runPasses(
  modules: readonly Module[],
  builtins: ReadonlyMap<string, number>,
  after?: (pass: string, p: Program) => void,
): PassResult {
  let p: Program = { modules, builtins, diagnostics: [] };
  const timings: Record<string, number> = {};
  for (const pass of PASSES) {
    const t0 = performance.now();
    p = pass.run(p);
    timings[pass.name] = performance.now() - t0;
    after?.(pass.name, p);
    if (p.diagnostics.some((d) => d.severity === "error")) break;
  }
  return { modules: p.modules, diagnostics: p.diagnostics, timings };
}
