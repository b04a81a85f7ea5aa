/**
 * The planner's output and the emitter's input: a plain-data intermediate representation in the
 * spirit of OPA's `ir` package, reduced to what gpc's runtime offers.
 *
 * Values are runtime value addresses (wasm i32); address 0 means "undefined". A `Block` runs its
 * statements in order; a statement that is *undefined* (see each statement) exits the innermost
 * enclosing block, and execution continues after that block. `Break {depth: n}` exits n+1 blocks.
 * Only `Block`, `Scan`, `Not` and `With` bodies count as blocks.
 */

/** A local slot of the current function. In functions, locals 0..params-1 are the parameters. */
export type Local = number;

/** An operand: a local, or an entry of the policy's constant table. */
export type Operand = { readonly local: Local } | { readonly const: number };

/** A source location, rendered as `file:row:col` in runtime error messages. */
export interface Loc { readonly file: string; readonly row: number; readonly col: number }

export type Stmt =
  | BlockStmt
  | BreakStmt
  | ScanStmt
  | NotStmt
  | WithStmt
  | CallStmt
  | AssignStmt
  | AssignOnceStmt
  | ResetStmt
  | IsDefinedStmt
  | IsUndefinedStmt
  | EqualStmt
  | NotEqualStmt
  | NotFalseStmt
  | DotStmt
  | LenStmt
  | MakeStmt
  | ArrayAppendStmt
  | ObjectInsertStmt
  | ObjectInsertOnceStmt
  | SetAddStmt
  | MemoGetStmt
  | MemoSetStmt
  | AbortStmt;

/** A nested block (a break target). */
export interface BlockStmt { readonly op: "block"; readonly body: readonly Stmt[] }

/** Exit `depth + 1` enclosing blocks (`depth: 0` exits the innermost one). */
export interface BreakStmt { readonly op: "break"; readonly depth: number }

/**
 * For each element of `source` — array elements by index, object entries and set elements in the
 * runtime's sorted order (for sets, key = value = the element) — assign `key` and `value` and run
 * `body` as a block. If `source` is undefined or not a collection the loop runs zero times.
 * The statement itself always completes.
 */
export interface ScanStmt {
  readonly op: "scan";
  readonly source: Local;
  readonly key: Local;
  readonly value: Local;
  readonly body: readonly Stmt[];
}

/** Run `body` as a block; the statement is undefined when the body ran to its end. */
export interface NotStmt { readonly op: "not"; readonly body: readonly Stmt[] }

/**
 * Run `body` as a block with rule memoisation bypassed (the body sees a replaced `input`/`data`,
 * which the planner builds with `call rt_upsert` before this statement). Always completes.
 */
export interface WithStmt { readonly op: "with"; readonly body: readonly Stmt[] }

/**
 * Call a runtime export (`rt_*`, `bi_*`) or a planned function (`func` = a `Func.name`).
 * `result` receives the returned value. If the result is 0 (undefined) the statement is undefined,
 * unless `allowUndefined` is set (then `result` simply holds 0).
 */
export interface CallStmt {
  readonly op: "call";
  readonly func: string;
  readonly args: readonly Operand[];
  readonly result: Local;
  readonly allowUndefined?: boolean;
}

/** `target := source` (source may be undefined). Always completes. */
export interface AssignStmt { readonly op: "assign"; readonly source: Operand; readonly target: Local }

/**
 * If `target` is undefined, `target := source`; else if the two are not equal, abort evaluation
 * with `<loc>: <message>` (e.g. "complete rules must not produce multiple outputs"). Always completes
 * otherwise.
 */
export interface AssignOnceStmt {
  readonly op: "assignOnce";
  readonly source: Operand;
  readonly target: Local;
  readonly loc: Loc;
  readonly message: string;
}

/** `target := undefined`. */
export interface ResetStmt { readonly op: "reset"; readonly target: Local }

/** Undefined unless `source` is defined. */
export interface IsDefinedStmt { readonly op: "isDefined"; readonly source: Local }
/** Undefined unless `source` is undefined. */
export interface IsUndefinedStmt { readonly op: "isUndefined"; readonly source: Operand }

/** Undefined unless `a` and `b` are defined and equal in Rego's sense (1 == 1.0). */
export interface EqualStmt { readonly op: "equal"; readonly a: Operand; readonly b: Operand }
/** Undefined unless both are defined and not equal. */
export interface NotEqualStmt { readonly op: "notEqual"; readonly a: Operand; readonly b: Operand }
/** Undefined when `source` is undefined or the boolean `false` (a body expression's truth test). */
export interface NotFalseStmt { readonly op: "notFalse"; readonly source: Operand }

/** `target := source[key]`; undefined when the lookup is (missing key, index out of range, scalar). */
export interface DotStmt { readonly op: "dot"; readonly source: Operand; readonly key: Operand; readonly target: Local }

/** `target := count(source)` for arrays, objects, sets and strings (code points); undefined otherwise. */
export interface LenStmt { readonly op: "len"; readonly source: Operand; readonly target: Local }

/** `target :=` a fresh empty array, object or set. */
export interface MakeStmt { readonly op: "make"; readonly type: "array" | "object" | "set"; readonly target: Local }

/** Append `value` to the fresh array in `array`. Undefined when `value` is undefined. */
export interface ArrayAppendStmt { readonly op: "arrayAppend"; readonly array: Local; readonly value: Operand }

/** Insert or overwrite `key: value` in the fresh object in `object`. Undefined when key/value undefined. */
export interface ObjectInsertStmt {
  readonly op: "objectInsert";
  readonly object: Local;
  readonly key: Operand;
  readonly value: Operand;
}

/**
 * Insert `key: value`; if `key` is present with a different value, abort with
 * `<loc>: object insert conflict` (the evaluator's partial-object conflict).
 */
export interface ObjectInsertOnceStmt {
  readonly op: "objectInsertOnce";
  readonly object: Local;
  readonly key: Operand;
  readonly value: Operand;
  readonly loc: Loc;
}

/** Add `value` to the fresh set in `set`. Undefined when `value` is undefined. */
export interface SetAddStmt { readonly op: "setAdd"; readonly set: Local; readonly value: Operand }

/**
 * Memoisation of argument-less rules within one evaluation. `memoGet` sets `target` to the cached
 * value of slot `slot` (0 when nothing is cached, or inside a `with`) and always completes;
 * `memoSet` stores `source` (which may be undefined — cached as "known undefined" is not required).
 */
export interface MemoGetStmt { readonly op: "memoGet"; readonly slot: number; readonly target: Local }
export interface MemoSetStmt { readonly op: "memoSet"; readonly slot: number; readonly source: Local }

/** Abort evaluation with `<loc>: <message>` (thrown by the SDK's `evaluate`). */
export interface AbortStmt { readonly op: "abort"; readonly loc: Loc; readonly message: string }

/**
 * A planned function: one per rule path (all definitions of a rule or function share it).
 * Parameters: local 0 = input, local 1 = data, then the call arguments. Returns `result` (0 = undefined).
 */
export interface Func {
  readonly name: string;
  readonly params: number;
  /** Total locals including parameters. */
  readonly locals: number;
  readonly body: readonly Stmt[];
  readonly result: Local;
}

/** An entrypoint: the function whose value is the entrypoint's result (called with input, data). */
export interface Plan {
  /** Exactly the `-e` value, e.g. `"t/r"`. */
  readonly name: string;
  readonly func: string;
}

/** A whole compiled policy. */
export interface Policy {
  /** Constant values, built once when the module is instantiated (permanent, never mutated). */
  readonly constants: readonly ConstValue[];
  readonly funcs: readonly Func[];
  readonly plans: readonly Plan[];
  /** Number of memo slots used by `memoGet`/`memoSet`. */
  readonly memoSlots: number;
}

/**
 * A constant value, tagged so that sets, non-string object keys and number spellings survive.
 * Numbers keep their literal text (`"1.0"`, `"1e3"`); the runtime parses it like JSON.
 */
export type ConstValue =
  | { readonly t: "null" }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "number"; readonly text: string }
  | { readonly t: "string"; readonly v: string }
  | { readonly t: "array"; readonly items: readonly ConstValue[] }
  | { readonly t: "set"; readonly items: readonly ConstValue[] }
  | { readonly t: "object"; readonly entries: readonly (readonly [ConstValue, ConstValue])[] };
