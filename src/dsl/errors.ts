/**
 * DSL errors: every problem found in a policy definition, with its property path.
 * Rendered as `policy "name": checks.runAsUser.ranges[1]: min 2000 is greater than max 1000`;
 * the build adds the source file: `policy "name" (policies/x.ts): …`.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** One problem in a policy definition. */
export interface Issue {
  /** Property path inside the policy props, e.g. `checks.runAsUser.ranges[1]`. */
  readonly path: string;
  readonly message: string;
}

/** `policy "name"` or `policy "name" (file)`. */
export function policyLabel(name: string, file?: string): string {
  return file ? `policy ${JSON.stringify(name)} (${file})` : `policy ${JSON.stringify(name)}`;
}

/** Thrown by `definePolicy` when the definition is invalid; carries every issue found. */
export class PolicyDefinitionError extends Error {
  readonly policyName: string;
  readonly issues: readonly Issue[];
  constructor(policyName: string, issues: readonly Issue[]) {
    super(issues.map((i) => `${policyLabel(policyName)}: ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n"));
    this.name = "PolicyDefinitionError";
    this.policyName = policyName;
    this.issues = issues;
  }

  /** The issues as `dsl-invalid` diagnostics whose path names the policy and its file. */
  toDiagnostics(file?: string): Diagnostic[] {
    return this.issues.map((i) => ({
      code: "dsl-invalid",
      severity: "error" as const,
      path: i.path ? `${policyLabel(this.policyName, file)}: ${i.path}` : policyLabel(this.policyName, file),
      message: i.message,
    }));
  }
}
