/** PodSecurityPolicy spec → checks (stub until checks land). */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { PodSecurityPolicySpec } from "./psp-types.js";
import type { CheckInstance } from "./types.js";

/** Map a PSP spec to checks; unsupported/ignored fields are reported as diagnostics at `path`. */
export function pspToChecks(spec: PodSecurityPolicySpec, path: string): { checks: CheckInstance[]; diagnostics: Diagnostic[] } {
  throw new Error(`pspToChecks(${path}): not implemented yet ${Object.keys(spec).length}`);
}
