/**
 * Rego abstract syntax tree: the output of `parseModule` (src/rego/syntax/parser.ts) and the
 * input of the compile passes (src/rego/wasm/compile).
 *
 * Plain, serialisable data: every node has a `kind` and a `span` (offsets into the module's
 * source string). Syntactic sugar is kept as written where the compile passes need to see it
 * (`some x in xs`, `every`, `:=` versus `=`, `contains`, `else`), and normalised where it does not
 * matter (v0 and v1 syntax produce the same nodes; `rego.v1`/`future.keywords` imports only switch
 * keywords on in the parser and are kept in `imports` for checks).
 */
import type { Span } from "../../diagnostics/diagnostic.js";

export type RegoVersion = "v0" | "v1";

/** One parsed file. */
export interface Module {
  readonly kind: "module";
  readonly span: Span;
  /** Package path without the leading `data`, e.g. `["lib", "helpers"]`. */
  readonly package: readonly string[];
  readonly packageSpan: Span;
  readonly imports: readonly Import[];
  readonly rules: readonly Rule[];
  /** The version the module was parsed as (`opts.regoVersion`; `import rego.v1` does not change it). */
  readonly regoVersion: RegoVersion;
  /** The `# METADATA` comment blocks in source order (absent when there are none). */
  readonly metadata?: readonly MetadataBlock[];
  /** The module calls `rego.metadata.chain` or `rego.metadata.rule` (absent otherwise). */
  readonly callsMetadata?: true;
  /**
   * The package path the module has where it runs, when that differs from `package` (Gatekeeper
   * compiles a template as `template` and a library `lib.x` as `libs.lib.x`): what
   * `rego.metadata.*` report and scope by. Set by the compiler's caller, never by the parser.
   */
  readonly metadataPackage?: readonly string[];
}

/**
 * A `# METADATA` comment block, as OPA delimits it: a comment in column 1 whose text starts with
 * `METADATA`, followed by the comments in column 1 on the lines directly below. Kept unread:
 * like OPA's compiler, gpc reads the YAML (compile pass `rewriteRegoMetadata`) only when some
 * module calls `rego.metadata.*`, so a malformed block breaks only policies that use annotations.
 */
export interface MetadataBlock {
  readonly kind: "metadata";
  /** The `# METADATA` line. */
  readonly span: Span;
  /** Its 1-based line number. */
  readonly line: number;
  /** The block's lines after `# METADATA`: the comment text without `#` and one following space. */
  readonly lines: readonly { readonly text: string; readonly span: Span }[];
}

/** `import data.lib.x as y`, `import input.review`, `import future.keywords.in`, `import rego.v1`. */
export interface Import {
  readonly kind: "import";
  readonly span: Span;
  /** The imported reference, e.g. `{head: var data, path: ["lib","x"]}`. */
  readonly path: Ref;
  /**
   * The local name: the alias, or the last path segment. The parser always sets it (also for
   * `future.keywords.in` → `"in"` and `rego.v1` → `"v1"`, which bind nothing).
   */
  readonly alias?: string;
}

/**
 * A rule. One source rule with `else` branches is one Rule with a non-empty `else` list.
 *
 *   v1                                  kind of head
 *   p := 1 if { … }                     complete      (name p, value 1)
 *   p if { … }                          complete      (value true)
 *   p contains x if { … }               partialSet    (key x)
 *   p[k] := v if { … }                  partialObject (key k, value v)   — v0: p[k] = v { … }
 *   a.b.c := 1 if { … }                 complete with a ref head (headRef ["a","b","c"])
 *   f(x) := y if { … }                  function      (args [x], value y; value true when absent)
 *   default p := false                  complete, isDefault, no body
 *   v0: p[x] { … }                      partialSet (key x)
 *   p[x] if { … }                       partialObject (key x, value absent = true), as OPA 1.x
 *   a.b[x] := 1 if { … }                partialObject with name ["a","b"], key x
 *   a.b["c"] := 1                       complete with name ["a","b","c"] (string keys extend the name)
 *
 * Refinements (parser behaviour the compile passes may rely on):
 * - `p[k] { … }` is a partial set only when the head is `name[term]` with no value and no `if`
 *   (OPA's rule); `a.b[x] { … }` is a partialObject with value true.
 * - General ref heads, with a variable (or any non-string term) before the last segment
 *   (`a[x].b := 1`, `a.b[x][y] if …`, `a[x] contains y`): `name` is the ground prefix (`["a"]`),
 *   headKind partialObject, `key` an array term of the rest (`[x, "b"]`), `general` set; for
 *   `contains` the element is `value` and the leaf a set. So `name` is always plain strings.
 * - Default rules: the value contains no vars, refs or calls outside comprehensions; default
 *   function arguments are vars.
 * - `else` only follows complete rules and functions with a single body.
 */
export interface Rule {
  readonly kind: "rule";
  readonly span: Span;
  readonly headKind: "complete" | "partialSet" | "partialObject" | "function";
  /** The rule path relative to the package: `["p"]`, or `["a","b","c"]` for ref heads. */
  readonly name: readonly string[];
  readonly nameSpan: Span;
  readonly isDefault: boolean;
  /** Function parameters (patterns: terms that may contain vars). */
  readonly args?: readonly Term[];
  /** partialSet: the element; partialObject: the key. */
  readonly key?: Term;
  /** The head value; absent means `true` (complete rules, functions, and `p[x] if …` object rules). */
  readonly value?: Term;
  /**
   * A general ref head: `key` is an array term of `depth` path segments into the object rule,
   * and with `multi` (`contains`) the leaf is a set receiving `value`.
   */
  readonly general?: { readonly depth: number; readonly multi: boolean };
  /** `:=` or `=` in the head (only affects error checking). */
  readonly assign: ":=" | "=" | "none";
  /**
   * One or more bodies: `p { a } { b }` gives two. A rule with no body (`p := 1`, `default p := 1`,
   * `p contains 1`) has `[[]]` (always true). Written bodies are never empty.
   */
  readonly bodies: readonly Body[];
  readonly else: readonly ElseBranch[];
}

/** `else [= value] [if] { body }`, `else := value if cond`, `else := value` (no body). */
export interface ElseBranch {
  readonly kind: "else";
  readonly span: Span;
  /** Absent means `true`. */
  readonly value?: Term;
  /** Empty (`[]`) when the branch has no body (`else := 3`): always true. */
  readonly body: Body;
}

export type Body = readonly Literal[];

/** One expression in a body, with its modifiers. */
export interface Literal {
  readonly kind: "literal";
  readonly span: Span;
  readonly negated: boolean;
  readonly expr: Expr;
  /** `with target as value` modifiers, in source order. */
  readonly with: readonly WithModifier[];
}

export interface WithModifier {
  readonly kind: "with";
  readonly span: Span;
  /** `input.x.y`, `data.a.b`, or a function/builtin name ref for function mocking. */
  readonly target: Ref;
  readonly value: Term;
}

export type Expr =
  | TermExpr
  | SomeDecl
  | SomeIn
  | Every;

/**
 * A plain term used as an expression: `x == 1`, `f(x)`, `input.x`, `x := 1`.
 * `:=` and `=` appear only here, as the top-level Infix of the term (never nested).
 */
export interface TermExpr {
  readonly kind: "termExpr";
  readonly span: Span;
  readonly term: Term;
}

/** `some x, y` (declaration only). */
export interface SomeDecl {
  readonly kind: "someDecl";
  readonly span: Span;
  readonly vars: readonly Var[];
}

/** `some v in coll`, `some k, v in coll` (key and value may be patterns). */
export interface SomeIn {
  readonly kind: "someIn";
  readonly span: Span;
  readonly key?: Term;
  readonly value: Term;
  readonly collection: Term;
}

/** `every v in coll { body }`, `every k, v in coll { body }` (key and value are plain vars, maybe wildcards). */
export interface Every {
  readonly kind: "every";
  readonly span: Span;
  readonly key?: Var;
  readonly value: Var;
  readonly collection: Term;
  readonly body: Body;
}

export type Term =
  | Scalar
  | Var
  | Ref
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayCompr
  | SetCompr
  | ObjectCompr
  | Call
  | Infix
  | Unary;

export interface Scalar {
  readonly kind: "scalar";
  readonly span: Span;
  /** For numbers, `value` is the JS number and `text` the literal as written (e.g. `1.0`). */
  readonly value: null | boolean | number | string;
  readonly text?: string;
}

/** A variable. `_` is a wildcard: the parser renames each `_` to a unique `$wildcardN`. */
export interface Var {
  readonly kind: "var";
  readonly span: Span;
  readonly name: string;
}

/**
 * A reference: `input.a[b]["c"]`, `data.lib.x`, `xs[_]`, `f(x).y` (head may be any term).
 * `path` holds the segments after the head; `.a` becomes a string scalar segment.
 *
 * The parser never nests refs (`(input.a).b` has head `input` and path `["a","b"]`), never uses
 * a scalar, infix or unary as a head, and always wraps the root documents: a lone `input` or
 * `data` is a Ref with an empty path (as in OPA). Other lone names are Vars.
 */
export interface Ref {
  readonly kind: "ref";
  readonly span: Span;
  readonly head: Term;
  readonly path: readonly Term[];
}

export interface ArrayTerm { readonly kind: "array"; readonly span: Span; readonly items: readonly Term[] }
export interface SetTerm { readonly kind: "set"; readonly span: Span; readonly items: readonly Term[] }
export interface ObjectTerm {
  readonly kind: "object";
  readonly span: Span;
  readonly entries: readonly (readonly [Term, Term])[];
}
export interface ArrayCompr { readonly kind: "arrayCompr"; readonly span: Span; readonly head: Term; readonly body: Body }
export interface SetCompr { readonly kind: "setCompr"; readonly span: Span; readonly head: Term; readonly body: Body }
export interface ObjectCompr {
  readonly kind: "objectCompr";
  readonly span: Span;
  readonly key: Term;
  readonly value: Term;
  readonly body: Body;
}

/**
 * `name(args)` where name is a dotted path: `count`, `strings.replace_n`, `data.lib.f`, `lib.f`.
 * `set()` (the empty set) is a Call named `set` with no args. A bracketed string segment in the
 * callee (`lib["f"](x)`) is joined with a dot like any other.
 */
export interface Call {
  readonly kind: "call";
  readonly span: Span;
  /** The callee as written, as a dotted name (`"data.lib.f"`, `"strings.replace_n"`). */
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Term[];
}

export type InfixOp =
  | ":=" | "=" | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "+" | "-" | "*" | "/" | "%" | "&" | "|" | "in";

/**
 * A binary operator. `in` with a key is `k, v in coll` (written `x in xs` or `k, v in xs`
 * as an expression, i.e. membership — `internal.member_2/3`).
 */
export interface Infix {
  readonly kind: "infix";
  readonly span: Span;
  readonly op: InfixOp;
  readonly left: Term;
  readonly right: Term;
  /** For `k, v in coll` membership: the key term (`left` is then the value). */
  readonly key?: Term;
}

/**
 * Unary minus on a non-literal: `-x`, `-f(x)`, `-(a + b)`. A minus in term position before a
 * number literal is folded into the scalar (`-1`, text `"-1"`), also across whitespace as OPA does.
 * In operator position `-` is always binary: `x -1` is `x - 1`.
 */
export interface Unary { readonly kind: "unary"; readonly span: Span; readonly op: "-"; readonly operand: Term }
