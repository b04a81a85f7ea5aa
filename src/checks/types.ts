/**
 * Security-context checks: the contract between the DSL/model (which chooses checks and their
 * parameters) and the Gatekeeper emitter (which needs a ConstraintTemplate kind, a parameter
 * schema, Rego and libs for each check).
 *
 * Input: a check id + parameters (`CheckInstance`). Output: diagnostics (`validate`), a README
 * line (`describe`), and — through `renderCheckRego` in ./index.ts — the template Rego and libs.
 *
 * Parameters are plain JSON that reaches Rego only as `input.parameters`; they are never spliced
 * into Rego text.
 */
import type { CelForm } from "../cel/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/**
 * A structural OpenAPI v3 schema node, as Kubernetes requires for a v1 ConstraintTemplate's
 * `spec.crd.spec.validation.openAPIV3Schema`: every node has a `type`.
 */
export type JSONSchema =
  | { readonly type: "object"; readonly description?: string; readonly properties: Readonly<Record<string, JSONSchema>>; readonly required?: readonly string[] }
  | { readonly type: "array"; readonly description?: string; readonly items: JSONSchema }
  | { readonly type: "string"; readonly description?: string; readonly enum?: readonly string[] }
  | { readonly type: "integer"; readonly description?: string; readonly minimum?: number; readonly maximum?: number }
  | { readonly type: "boolean"; readonly description?: string };

/** Pod Security Standards level a check belongs to (for documentation and presets). */
export type PssLevel = "baseline" | "restricted";

/** One security-context check: its template identity, parameter schema, Rego libs and validation. */
export interface CheckDefinition<P extends object = object> {
  /** Stable check id, camelCase, e.g. `privileged`, `runAsUser`; also the template file name. */
  readonly id: string;
  /** ConstraintTemplate kind, CamelCase ASCII, e.g. `GpcPrivileged` (template name = lowercase). */
  readonly kind: string;
  /** Short human title, e.g. "Privileged containers". */
  readonly title: string;
  /** One paragraph: what is checked and what is allowed. */
  readonly description: string;
  /** Structural openAPIV3Schema (root `type: object`) for the constraint's `spec.parameters`. */
  readonly parameters: JSONSchema;
  /**
   * Every Rego library this check needs (its imports and theirs), in dependency order, e.g.
   * `["params", "match", "pod", "exempt"]`; each is `templates/lib/<name>.rego.hbs`, package
   * `lib.gpc.<name>`, rendered by `renderLib`.
   */
  readonly libs: readonly string[];
  /**
   * The check's CEL form for Gatekeeper's K8sNativeValidation engine (built from the typed CEL AST
   * of src/cel with the same semantics as its Rego), or why it has none. Parameters reach it as
   * `variables.params`, never as literals.
   */
  readonly cel: () => CelForm;
  /**
   * Cross-field validation of parameters at definition time. `path` is the property path of the
   * params object (e.g. `policy "x": checks.runAsUser`); messages are prefixed with it and name
   * the offending property, e.g. `….ranges[1]: min 2000 is greater than max 1000`.
   */
  validate(params: P, path: string): Diagnostic[];
  /** One markdown line (no trailing newline) describing these parameters, for the policy README. */
  describe(params: P): string;
}

/** A check chosen by a policy, with its parameters (plain JSON, becomes `spec.parameters`). */
export interface CheckInstance {
  /** A key of `CHECKS`. */
  readonly check: string;
  /** Parameters for that check, the matching `*Params` interface in ./params.ts. */
  readonly params: object;
}

/** Rego language version of a rendered template. */
export type RegoVersion = "v0" | "v1";

/** Rendered Rego of one check: the template module and the library modules it needs. */
export interface RenderedCheck {
  /** The template's entry module (defines `violation`). */
  readonly rego: string;
  /** Library module texts, in dependency order (each `package lib.gpc.<name>`). */
  readonly libs: string[];
}
