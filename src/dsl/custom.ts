/**
 * Custom checks: a small typed expression builder over the pod spec.
 *
 * Input: a callback over a typed field accessor (`c => c.resources.limits.memory.isDefined()`).
 * Output: a plain-data `Expr` (src/model) that src/gatekeeper/custom.ts renders to Rego through
 * templates/custom-check.rego.hbs; the values in tests reach Rego as `input.parameters`.
 */
import type { Expr, FieldRef } from "../model/index.js";
import type { Container, PodSpec, ObjectMeta } from "./pod.js";

/** A condition built by the expression builder: plain data, combinable with `allOf`/`anyOf`/`not`. */
export interface Condition {
  readonly expr: Expr;
}

/** Tests available on every field. */
export interface AnyFieldOps {
  /** The field is present and not null. */
  isDefined(): Condition;
  /** The field is absent or null. */
  isUndefined(): Condition;
}

/** Tests on string fields. */
export interface StringFieldOps<T extends string> extends AnyFieldOps {
  equals(value: T): Condition;
  oneOf(values: readonly T[]): Condition;
  startsWithAny(prefixes: readonly string[]): Condition;
  endsWithAny(suffixes: readonly string[]): Condition;
  /** Matches a regular expression (RE2 syntax, unanchored, as Rego's `regex.match`). */
  matches(pattern: string): Condition;
}

/** Tests on numeric fields. */
export interface NumberFieldOps extends AnyFieldOps {
  equals(value: number): Condition;
  atMost(value: number): Condition;
  atLeast(value: number): Condition;
}

/** Tests on boolean fields. */
export interface BooleanFieldOps extends AnyFieldOps {
  /** The field is `true`. */
  isTrue(): Condition;
  /** The field is absent, null or `false`. */
  notTrue(): Condition;
  equals(value: boolean): Condition;
}

/** A typed accessor for a field of type `T`: its tests, plus accessors for its properties. */
export type Field<T> = [T] extends [string]
  ? StringFieldOps<T>
  : [T] extends [number]
    ? NumberFieldOps
    : [T] extends [boolean]
      ? BooleanFieldOps
      : [T] extends [readonly unknown[]]
        ? AnyFieldOps
        : AnyFieldOps & { readonly [K in keyof T as K extends string ? (string extends K ? never : K) : never]-?: Field<NonNullable<T[K]>> };

/** The pod as the builder sees it. */
export interface PodView {
  metadata: ObjectMeta;
  spec: PodSpec;
}

const OPS = new Set(["isDefined", "isUndefined", "equals", "oneOf", "startsWithAny", "endsWithAny", "matches", "atMost", "atLeast", "isTrue", "notTrue"]);

function cond(field: FieldRef, test: Record<string, unknown>): Condition {
  return { expr: { kind: "Test", field, ...test } as Expr };
}

function accessor(base: FieldRef["base"], path: readonly string[]): unknown {
  const field: FieldRef = { kind: "Field", base, path };
  const ops: Record<string, (...a: any[]) => Condition> = {
    isDefined: () => cond(field, { test: "defined" }),
    isUndefined: () => cond(field, { test: "undefined" }),
    isTrue: () => cond(field, { test: "isTrue" }),
    notTrue: () => cond(field, { test: "notTrue" }),
    equals: (value: unknown) => cond(field, { test: "equals", value }),
    oneOf: (values: readonly string[]) => cond(field, { test: "oneOf", values: [...values] }),
    startsWithAny: (values: readonly string[]) => cond(field, { test: "startsWithAny", values: [...values] }),
    endsWithAny: (values: readonly string[]) => cond(field, { test: "endsWithAny", values: [...values] }),
    matches: (pattern: string) => cond(field, { test: "matches", pattern }),
    atMost: (value: number) => cond(field, { test: "atMost", value }),
    atLeast: (value: number) => cond(field, { test: "atLeast", value }),
  };
  return new Proxy(ops, {
    get(target, prop) {
      if (typeof prop !== "string") return undefined;
      if (OPS.has(prop)) return target[prop];
      return accessor(base, [...path, prop]);
    },
  });
}

/** What a custom check requires, and of what. */
export interface Rule {
  readonly scope: "container" | "pod";
  readonly require: Expr;
}

/**
 * Every container (containers, initContainers and ephemeralContainers) must satisfy `f`; each
 * container that does not is one violation. Exempt images and container names are skipped.
 */
export function forEachContainer(f: (c: Field<Container>) => Condition): Rule {
  return { scope: "container", require: f(accessor("container", []) as Field<Container>).expr };
}

/** The pod must satisfy `f`; a pod that does not is one violation. */
export function forPod(f: (pod: Field<PodView>) => Condition): Rule {
  return { scope: "pod", require: f(accessor("pod", []) as Field<PodView>).expr };
}

/** All conditions hold. */
export function allOf(...conditions: Condition[]): Condition {
  return { expr: { kind: "And", args: conditions.map((c) => c.expr) } };
}

/** At least one condition holds. */
export function anyOf(...conditions: Condition[]): Condition {
  return { expr: { kind: "Or", args: conditions.map((c) => c.expr) } };
}

/** The condition does not hold. */
export function not(condition: Condition): Condition {
  return { expr: { kind: "Not", arg: condition.expr } };
}

/** A custom check of a policy. */
export interface CustomCheckProps {
  /** camelCase id, unique in the policy; names the constraint and the template kind. @default (required) */
  readonly id: string;
  /** Short human title for the README. @default the id */
  readonly title?: string;
  /** Violation message (for container rules the container name is appended). @default (required) */
  readonly message: string;
  /** What must hold: `forEachContainer(c => …)` or `forPod(p => …)`. @default (required) */
  readonly rule: Rule;
}
