/**
 * The policy model: plain, serialisable data between the DSL and the emitters.
 *
 * Input: nothing (types only); the DSL (`src/dsl`) produces a `PolicyModel` from a policy's
 * props, and `src/gatekeeper` turns models into ConstraintTemplates, Constraints, suites and docs.
 * Every node has a `kind` so dumps and walkers need no type guessing. No functions, no classes.
 */
import type { CheckInstance } from "../checks/types.js";

export type { CheckInstance };

/** Gatekeeper enforcement actions (case-sensitive wire values). */
export type EnforcementAction = "deny" | "warn" | "dryrun";

/** Enforcement points Gatekeeper knows (`*` = all). */
export type EnforcementPoint = "validation.gatekeeper.sh" | "audit.gatekeeper.sh" | "gator.gatekeeper.sh" | "vap.k8s.io" | "*";

/** All enforcement points, in the order the docs list them. */
export const ENFORCEMENT_POINTS: readonly EnforcementPoint[] = ["validation.gatekeeper.sh", "audit.gatekeeper.sh", "gator.gatekeeper.sh", "vap.k8s.io", "*"];

/** A label selector requirement, as Kubernetes writes it. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** `spec.match` of the policy's constraints. */
export interface MatchModel {
  readonly kind: "Match";
  readonly kinds: readonly { readonly apiGroups: readonly string[]; readonly kinds: readonly string[] }[];
  readonly namespaces?: readonly string[];
  readonly excludedNamespaces?: readonly string[];
  readonly labelSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly scope?: "*" | "Cluster" | "Namespaced";
  readonly name?: string;
}

/** How violations are acted upon. */
export type EnforcementModel =
  | { readonly kind: "Enforcement"; readonly action: EnforcementAction }
  | {
      readonly kind: "Enforcement";
      readonly action: "scoped";
      readonly scoped: readonly { readonly action: EnforcementAction; readonly enforcementPoints: readonly EnforcementPoint[] }[];
    };

/** Things the policy never flags. */
export interface ExemptionsModel {
  readonly kind: "Exemptions";
  /** Image patterns; a trailing `*` is a prefix match. Reach Rego as `exemptImages`. */
  readonly images: readonly string[];
  /** Container names. Reach Rego as `exemptContainers`. */
  readonly containers: readonly string[];
  /** Pods carrying one of these labels (any value when `values` is absent) are not matched. */
  readonly podLabels: readonly { readonly key: string; readonly values?: readonly string[] }[];
}

/** A field of the pod spec or of a container, as a path of property names. */
export interface FieldRef {
  readonly kind: "Field";
  readonly base: "pod" | "container";
  readonly path: readonly string[];
}

/** Tests a custom-check expression can apply to a field. */
export type FieldTest =
  | { readonly test: "defined" | "undefined" | "isTrue" | "notTrue" }
  | { readonly test: "equals"; readonly value: string | number | boolean }
  | { readonly test: "oneOf" | "startsWithAny" | "endsWithAny"; readonly values: readonly string[] }
  | { readonly test: "matches"; readonly pattern: string }
  | { readonly test: "atMost" | "atLeast"; readonly value: number };

/** A boolean expression over a pod or one container. */
export type Expr =
  | ({ readonly kind: "Test"; readonly field: FieldRef } & FieldTest)
  | { readonly kind: "And"; readonly args: readonly Expr[] }
  | { readonly kind: "Or"; readonly args: readonly Expr[] }
  | { readonly kind: "Not"; readonly arg: Expr };

/** A custom check: a requirement every container (or the pod) must satisfy. */
export interface CustomCheckModel {
  readonly kind: "CustomCheck";
  /** camelCase id, unique in the policy. */
  readonly id: string;
  /** ConstraintTemplate kind, derived from policy name and id. */
  readonly templateKind: string;
  readonly title: string;
  /** Violation message; the container name is appended for container checks. */
  readonly message: string;
  /** `container`: every container, init container and ephemeral container; `pod`: the pod once. */
  readonly scope: "container" | "pod";
  /** What must hold; a violation is reported where it does not. */
  readonly require: Expr;
}

/** One sample object with the policy's expected verdict. */
export interface CaseModel {
  readonly kind: "Case";
  readonly name: string;
  readonly expect: "allowed" | "denied";
  readonly object: Readonly<Record<string, unknown>>;
  /** Go-regex patterns, each matching some violation message. */
  readonly messages?: readonly string[];
  readonly count?: number;
  /** Check ids (or custom check ids) expected to deny this object. */
  readonly deniedBy?: readonly string[];
  readonly operation?: "CREATE" | "UPDATE" | "DELETE";
  readonly namespaces?: readonly Readonly<Record<string, unknown>>[];
}

/** A whole policy. */
export interface PolicyModel {
  readonly kind: "Policy";
  readonly name: string;
  readonly description: string;
  /** Where the checks came from, for the README (e.g. `Pod Security Standards restricted v1.37`). */
  readonly origin: string;
  /** Built-in checks, sorted by id. */
  readonly checks: readonly CheckInstance[];
  readonly customChecks: readonly CustomCheckModel[];
  readonly match: MatchModel;
  readonly enforcement: EnforcementModel;
  readonly exemptions: ExemptionsModel;
  readonly cases: readonly CaseModel[];
  readonly expandWorkloads: boolean;
  /** Engines the policy allows its templates (absent: both where the checks have CEL). */
  readonly engines?: readonly ("rego" | "cel")[];
}
