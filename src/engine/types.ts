/**
 * Engine types: what evaluation takes (Gatekeeper objects and reviewed objects) and what it
 * gives back (results per constraint, findings per reviewed manifest).
 *
 * The engine works on Gatekeeper *objects* — ConstraintTemplates, Constraints,
 * ExpansionTemplates, Namespaces — exactly as Gatekeeper does; it never sees the DSL model.
 */
import type { K8sObject } from "../gatekeeper/artifacts.js";

export type { K8sObject };

/** The admission operation a review carries. */
export type Operation = "CREATE" | "UPDATE" | "DELETE";

/** The one enforcement point gpc evaluates at, like `gator`. */
export const GATOR_POINT = "gator.gatekeeper.sh";

/** `group`, `version` and `kind` of an object (core group is `""`). */
export interface GVK {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One violation reported by one constraint for one reviewed object. */
export interface Violation {
  /** The violation's `msg` (prefixed with `[Implied by <template>]` for expanded objects). */
  readonly msg: string;
  /** The violation's `details`, `{}` when absent. */
  readonly details: unknown;
  /** The constraint that reported it. */
  readonly constraint: { readonly kind: string; readonly name: string };
  /**
   * Effective action at the gator point: the constraint's `enforcementAction`, or for `scoped`
   * constraints the strongest of the scoped actions listed for `gator.gatekeeper.sh` (deny >
   * warn > dryrun); the expansion template's action when it overrides.
   */
  readonly enforcementAction: string;
  /** For `scoped` constraints: every action that applies at the gator point. */
  readonly scopedActions?: readonly string[];
  /** Set when the violation is Gatekeeper's fail-closed stand-in for an error. */
  readonly error?: "runtime" | "match";
  /** Name of the ExpansionTemplate whose resultant produced this violation, if any. */
  readonly expandedBy?: string;
  /** The policy owning the constraint, when known. */
  readonly policy?: string;
}

/** A problem that stops a review from producing a result (Gatekeeper: the review errors). */
export interface ReviewError {
  readonly constraint?: { readonly kind: string; readonly name: string };
  readonly message: string;
}

/** What reviewing one object produced. */
export interface ReviewResult {
  readonly violations: Violation[];
  readonly errors: ReviewError[];
}

/** Where a manifest came from: file (or `-` for stdin), 0-based document index, 1-based line. */
export interface ManifestSource {
  readonly file: string;
  readonly document: number;
  readonly line: number;
  /** Index inside a `List`'s `items`, when the object was unwrapped from one. */
  readonly item?: number;
}

/** One object read from the inputs of `gpc audit`. */
export interface Manifest {
  readonly object: K8sObject;
  readonly source: ManifestSource;
}

/** One row of an audit report (`--format json` prints these, sorted). */
export interface Finding {
  readonly object: { apiVersion: string; kind: string; namespace: string; name: string };
  readonly policy: string;
  readonly constraint: { kind: string; name: string };
  readonly enforcementAction: string;
  readonly message: string;
  readonly details: unknown;
}

/** A finding with where its object came from (not printed in JSON; used by SARIF and tables). */
export interface LocatedFinding extends Finding {
  readonly source?: ManifestSource;
}
