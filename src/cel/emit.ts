/**
 * CEL programs → Gatekeeper YAML data: the `source` of a `code[engine=K8sNativeValidation]` entry,
 * and the choice of engines per template.
 *
 * Input: a check's (or custom check's) `CelForm` and the requested engines. Output: plain data for
 * the one YAML writer (src/gatekeeper/yaml.ts); every expression is printed by ./print.ts.
 */
import type { CelForm, CelProgram } from "./ast.js";
import { print } from "./print.js";

/** A Gatekeeper engine gpc emits: `rego` (code[engine=Rego] or `rego:`) or `cel` (K8sNativeValidation). */
export type EngineName = "rego" | "cel";

/** The YAML data of a program: `{variables: [{name, expression}], validations: [{expression, messageExpression | message}]}`. */
export function celSource(p: CelProgram): Record<string, unknown> {
  return {
    variables: p.variables.map((v) => ({ name: v.name, expression: print(v.expression) })),
    validations: p.validations.map((v) => ({
      expression: print(v.expression),
      ...(v.messageExpression ? { messageExpression: print(v.messageExpression) } : {}),
      ...(v.message !== undefined ? { message: v.message } : {}),
    })),
  };
}

/** What one template carries. */
export interface EngineChoice {
  readonly rego: boolean;
  readonly cel?: CelProgram;
  /** Set when CEL was wanted by default but the check has no CEL form. */
  readonly warning?: string;
}

/**
 * The engines of one template. `engines` unset: CEL + Rego when the form has CEL, Rego alone
 * (with a warning) otherwise. Explicit `cel` for a check without a CEL form is an error naming it.
 */
export function chooseEngines(form: CelForm, engines: readonly EngineName[] | undefined, what: string): EngineChoice {
  if (engines === undefined) {
    if (form.kind === "Cel") return { rego: true, cel: form.program };
    return { rego: true, warning: `${what} has no CEL form (${form.reason}); its template carries Rego only` };
  }
  const rego = engines.includes("rego");
  if (!engines.includes("cel")) return { rego: true };
  if (form.kind !== "Cel") throw new Error(`${what} has no CEL form: ${form.reason}; build it with --engines rego`);
  return { rego, cel: form.program };
}
