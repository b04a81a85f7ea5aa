/**
 * A small typed CEL AST: what gpc's CEL back end builds, and what ./print.ts turns into text.
 *
 * Input: nothing (types and constructors only). Check files (src/checks/*.ts) and custom checks
 * build expressions with these constructors; no CEL text is ever spliced by hand. Nodes are plain,
 * serialisable data with a `kind`. String literals hold codebase constants only (field names,
 * message fragments); user values reach CEL through `variables.params`.
 */

/** A CEL expression. */
export type Expr =
  | { readonly kind: "Ident"; readonly name: string }
  | { readonly kind: "Select"; readonly operand: Expr; readonly field: string }
  | { readonly kind: "Index"; readonly operand: Expr; readonly index: Expr }
  | { readonly kind: "Has"; readonly operand: Expr; readonly field: string }
  | { readonly kind: "Call"; readonly fn: string; readonly target?: Expr; readonly args: readonly Expr[] }
  | { readonly kind: "Unary"; readonly op: "!" | "-"; readonly arg: Expr }
  | { readonly kind: "Binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "Cond"; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: "List"; readonly items: readonly Expr[] }
  | { readonly kind: "Map"; readonly entries: readonly (readonly [Expr, Expr])[] }
  | { readonly kind: "Lit"; readonly value: string | bigint | boolean | null }
  | { readonly kind: "Type"; readonly name: "int" | "double" | "string" | "bool" | "map" | "list" | "null_type" }
  | { readonly kind: "Macro"; readonly fn: "all" | "exists" | "map" | "filter"; readonly target: Expr; readonly var: string; readonly body: Expr; readonly filter?: Expr };

/** Binary operators, by CEL precedence group. */
export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "+" | "-" | "*" | "/" | "%";

/** A named variable of a K8sNativeValidation source (`variables[]`). */
export interface Variable {
  readonly name: string;
  readonly expression: Expr;
}

/**
 * A validation: `expression` must be true for the object to pass; otherwise one violation whose
 * message is `messageExpression` (or the static `message`).
 */
export interface Validation {
  readonly expression: Expr;
  readonly messageExpression?: Expr;
  readonly message?: string;
}

/** The CEL program of one template: Gatekeeper's `code[engine=K8sNativeValidation].source`. */
export interface CelProgram {
  readonly variables: readonly Variable[];
  readonly validations: readonly Validation[];
}

/** A check's CEL form, or why it has none (then its template carries Rego only). */
export type CelForm = { readonly kind: "Cel"; readonly program: CelProgram } | { readonly kind: "NoCel"; readonly reason: string };

// Constructors.
export const ident = (name: string): Expr => ({ kind: "Ident", name });
export const lit = (value: string | bigint | boolean | null | number): Expr => ({ kind: "Lit", value: typeof value === "number" ? BigInt(value) : value });
export const str = (value: string): Expr => ({ kind: "Lit", value });
export const typeName = (name: Extract<Expr, { kind: "Type" }>["name"]): Expr => ({ kind: "Type", name });
/** `operand.a.b…`; fields that are not CEL identifiers print as `operand["f"]`. */
export const sel = (operand: Expr, ...fields: string[]): Expr => fields.reduce<Expr>((o, field) => ({ kind: "Select", operand: o, field }), operand);
export const index = (operand: Expr, i: Expr): Expr => ({ kind: "Index", operand, index: i });
export const has = (operand: Expr, field: string): Expr => ({ kind: "Has", operand, field });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: "Call", fn, args });
export const method = (target: Expr, fn: string, ...args: Expr[]): Expr => ({ kind: "Call", fn, target, args });
export const not = (arg: Expr): Expr => ({ kind: "Unary", op: "!", arg });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: "Binary", op, left, right });
export const eq = (a: Expr, b: Expr): Expr => bin("==", a, b);
export const ne = (a: Expr, b: Expr): Expr => bin("!=", a, b);
export const isIn = (a: Expr, b: Expr): Expr => bin("in", a, b);
/**
 * `a + b + …`, left to right. Nested sums are flattened and adjacent string literals merged into
 * one (`label + " must not set \"" + x + "\""` has two concatenations, not four): each string
 * concatenation costs its result's length at run time (src/cel/cost.ts).
 */
export function plus(...xs: Expr[]): Expr {
  const flat: Expr[] = [];
  const add = (x: Expr) => {
    if (x.kind === "Binary" && x.op === "+") { add(x.left); add(x.right); return; }
    const last = flat[flat.length - 1];
    if (last?.kind === "Lit" && typeof last.value === "string" && x.kind === "Lit" && typeof x.value === "string") flat[flat.length - 1] = { kind: "Lit", value: last.value + x.value };
    else flat.push(x);
  };
  xs.forEach(add);
  return flat.reduce((a, b) => bin("+", a, b));
}
export const cond = (c: Expr, t: Expr, e: Expr): Expr => ({ kind: "Cond", cond: c, then: t, else: e });
export const list = (...items: Expr[]): Expr => ({ kind: "List", items });
/**
 * `{"k": dyn(v), …}`. Every value is wrapped in `dyn()`: Kubernetes' CEL environment (so
 * Gatekeeper's and the API server's) has `HomogeneousAggregateLiterals`, under which cel-go's
 * checker rejects a map literal whose values differ in type ("expected type 'string' but found
 * 'dyn'"), as gatekeeper-library's templates avoid the same way. Constants stay as they are
 * when they all have one type.
 */
export const map = (entries: Record<string, Expr>): Expr => {
  const vs = Object.values(entries);
  const litType = (e: Expr) => (e.kind === "Lit" ? (e.value === null ? "null" : typeof e.value) : undefined);
  const same = vs.length > 0 && vs.every((v) => litType(v) !== undefined && litType(v) === litType(vs[0]!));
  return { kind: "Map", entries: Object.entries(entries).map(([k, v]) => [str(k), same || isDyn(v) ? v : call("dyn", v)] as const) };
};
const isDyn = (e: Expr): boolean => e.kind === "Call" && e.fn === "dyn" && !e.target;
export const macro = (fn: "all" | "exists" | "map" | "filter", target: Expr, v: string, body: Expr): Expr => ({ kind: "Macro", fn, target, var: v, body });
/** `target.map(v, filter, body)`: the elements for which `filter` holds, mapped, in one comprehension (cel-spec's three-argument `map`). */
export const filterMapMacro = (target: Expr, v: string, filter: Expr, body: Expr): Expr => ({ kind: "Macro", fn: "map", target, var: v, body, filter });
export const TRUE = lit(true);
export const FALSE = lit(false);
export const NULL = lit(null);

/** `a && b && …` (true when empty). */
export function and(...xs: Expr[]): Expr {
  const ys = xs.filter((x) => !(x.kind === "Lit" && x.value === true));
  return ys.length === 0 ? TRUE : ys.reduce((a, b) => bin("&&", a, b));
}

/** `a || b || …` (false when empty). */
export function or(...xs: Expr[]): Expr {
  const ys = xs.filter((x) => !(x.kind === "Lit" && x.value === false));
  return ys.length === 0 ? FALSE : ys.reduce((a, b) => bin("||", a, b));
}
