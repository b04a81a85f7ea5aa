/**
 * The contract between generated code (src/rego/wasm/emit) and gpc's prebuilt runtime
 * (runtime/*.ts, AssemblyScript, built to `runtime/build/runtime.wasm` by scripts/build-runtime.mjs).
 *
 * The linker (src/rego/wasm/encode/link.ts) appends types, functions, globals and data to the
 * runtime module without renumbering anything that exists, and replaces the bodies of the two
 * stub functions below. It finds runtime functions by their export names; exports whose names
 * start with `rt_`, `bi_` or `__gpc_` are link-time symbols and are removed from the final module.
 *
 * Values are i32 addresses of runtime values; 0 means "undefined". All `rt_*` and `bi_*`
 * functions take and return i32.
 *
 * ## Link stubs (runtime defines them with a placeholder body; the linker replaces the body)
 * - `__gpc_init(): void` — called once by the runtime's start function, after the heap is set up
 *   and before anything else. The generated body builds every constant and stores its address in
 *   the constant table (an i32 array in the appended data), then calls `rt_set_entrypoints(obj)`.
 * - `__gpc_eval(entrypoint: i32, input: i32, data: i32): i32` — called by `opa_eval` and `eval`
 *   after the runtime reset the heap and parsed the input; returns the entrypoint's value or 0.
 *   The generated body calls `rt_memo_reset(memoSlots)` first, then dispatches to the plan.
 *
 * ## Globals
 * - `__gpc_heap_base` (exported, mutable i32 global): where the heap starts. The linker places its
 *   data segments at the original value (rounded up to 8) and rewrites the global's initialiser to
 *   the end of that data (rounded up to 8). The runtime's allocator reads this global at start.
 *
 * - `__gpc_fuel`, `__gpc_depth` (exported, mutable i32) and `__gpc_max_depth` (exported, const
 *   i32): the evaluation budget (runtime/budget.ts). Every generated function decrements
 *   `__gpc_fuel` on entry and every loop iteration does too; below 0 it calls `rt_out_of_fuel`.
 *   Every generated function increments `__gpc_depth` on entry (calling `rt_call_too_deep` with its
 *   name when it exceeds `__gpc_max_depth`) and decrements it on exit. Before a builtin call
 *   (other than an operator) each argument goes through `rt_charge_string`. A runtime without
 *   these exports gets uninstrumented code.
 *
 * ## Static data
 * The policy's data (constant texts, messages) is one passive segment that the generated
 * `__gpc_init` copies into place (`rt_reserve`, `memory.init`, `data.drop`), so static data of any
 * size loads with the SDK's 5-page memory.
 *
 * ## Runtime functions (`rt_*`)
 * Each entry: name → number of i32 parameters. All return i32.
 */
export const RUNTIME_FUNCTIONS = {
  /** Parse `len` bytes of UTF-8 JSON at `ptr` into a value (0 on invalid JSON). */
  rt_json_parse: 2,
  /** `obj[key]`, `arr[index]`, `set[elem]` (→ elem); 0 when missing or not a collection. */
  rt_dot: 2,
  /** count of array/object/set/string (code points) as a number value; 0 otherwise. */
  rt_len: 1,
  rt_make_array: 0,
  rt_make_object: 0,
  rt_make_set: 0,
  /** Returns 1 (raw); 0 when value is 0. */
  rt_array_append: 2,
  /** obj, key, value → 1 (raw); 0 when key or value is 0. Overwrites. */
  rt_object_insert: 3,
  /** obj, key, value → 1 (raw) when inserted or equal value present; 0 on conflict (different value). */
  rt_object_insert_once: 3,
  /** set, value → 1 (raw); 0 when value is 0. */
  rt_set_add: 2,
  /** Raw 1 when both defined and equal in Rego's sense (1 == 1.0), else 0. */
  rt_equal: 2,
  /** Raw 1 when the value is the boolean false, else 0. */
  rt_is_false: 1,
  /** Raw number of elements of an array/object/set; 0 for anything else (including 0). */
  rt_iter_count: 1,
  /** Key of element i (array: index as number value; object: key; set: element), sorted order. */
  rt_iter_key: 2,
  /** Value of element i (set: the element). */
  rt_iter_value: 2,
  /**
   * `with` support: a copy of `root` (0 = empty object) where the path (an array value of keys)
   * is set to `value`, creating objects along the way. An empty path returns `value`.
   */
  rt_upsert: 3,
  /** Reset the memo table to `n` empty slots and the `with` depth to 0 (start of each evaluation). */
  rt_memo_reset: 1,
  /** Cached value of a slot, or 0 (also 0 whenever the `with` depth is above 0). */
  rt_memo_get: 1,
  /** Store a slot's value (ignored whenever the `with` depth is above 0). Returns 1. */
  rt_memo_set: 2,
  rt_with_enter: 0,
  rt_with_exit: 0,
  /** Register the entrypoints object `{"pkg/rule": id}` returned by `entrypoints()`. Returns 1. */
  rt_set_entrypoints: 1,
  /** Abort evaluation: calls `env.opa_abort(msg)` with a NUL-terminated ASCII string at `msg`. */
  rt_abort: 1,
  /** Abort: the step budget is exhausted (generated code calls it when `__gpc_fuel` < 0). */
  rt_out_of_fuel: 0,
  /** Abort: `__gpc_depth` exceeded `__gpc_max_depth`; `name` is the NUL-terminated function name. */
  rt_call_too_deep: 1,
  /** Charge the budget for a builtin's string argument (one step per 2 UTF-16 units). Returns 1. */
  rt_charge_string: 1,
  /** Grow memory so that addresses below `end` exist (before `memory.init` of passive data). Returns 1. */
  rt_reserve: 1,
} as const;

/**
 * Host builtins (runtime/builtins/host.ts, src/rego/host/): a runtime that exports these can call
 * builtins implemented in JavaScript. Name → number of i32 parameters; all return i32.
 */
export const HOST_CALL_FUNCTIONS = {
  /** Register the `builtins()` object `{"gpc.<name>": id}` of the host builtins the policy calls. */
  rt_set_builtins: 1,
  /**
   * Call host builtin `id` (bit 30: cache the result per evaluation and arguments) with 0–4
   * arguments through the SDK's `opa_builtin1`; 0 when the host answered nothing (a builtin
   * error: undefined).
   */
  rt_host0: 1,
  rt_host1: 2,
  rt_host2: 3,
  rt_host3: 4,
  rt_host4: 5,
} as const;

/** Bit of a host builtin's id asking for OPA's per-evaluation cache (time.now_ns, rand.intn, uuid.rfc4122). */
export const HOST_CACHED = 0x40000000;

export type RuntimeFunction = keyof typeof RUNTIME_FUNCTIONS | keyof typeof HOST_CALL_FUNCTIONS;

/**
 * Builtins are runtime exports named `bi_` + the builtin's name with `.` replaced by `$`
 * (`strings.replace_n` → `bi_strings$replace_n`, `internal.member_2` → `bi_internal$member_2`).
 * Their arity is their wasm parameter count. They return 0 (undefined) on any error, as the
 * evaluator does with non-strict builtin errors. Operators are builtins too:
 *   + plus, - minus, * mul, / div, % rem, & and, | or,
 *   == equal, != neq, < lt, <= lte, > gt, >= gte, `x in xs` internal.member_2, `k, v in xs` internal.member_3.
 * The set of supported builtins is whatever the runtime exports: the compiler reads it from the
 * runtime module, so adding a builtin is only a runtime change.
 */
export function builtinExportName(builtin: string): string {
  return "bi_" + builtin.replace(/\./g, "$");
}

export function builtinNameFromExport(exportName: string): string | undefined {
  return exportName.startsWith("bi_") ? exportName.slice(3).replace(/\$/g, ".") : undefined;
}
