// gpc runtime entry: OPA Wasm ABI exports (opa-wasm-abi.md §1.2), link stubs and start function.
// The build (scripts/build-runtime.mjs) compiles this file plus runtime/lib/index.ts (when
// present) as entry files; every `export` of an entry file is a module export.
import {
  Value, V, P, NULL, initValues, valueToRegoString, newObject, newString, newSet, setAdd, objectInsert, objectGet,
  searchSorted, Buf, writeJSON, ObjectValue, ArrayValue, T_ARRAY, T_OBJECT,
} from "./value";
import { parseJSON, parseError } from "./json";
import { abortWith } from "./env";
import { resetEvalState, getEntrypoints, rt_set_entrypoints } from "./rt";

export {
  rt_json_parse, rt_dot, rt_len, rt_make_array, rt_make_object, rt_make_set, rt_array_append,
  rt_object_insert, rt_object_insert_once, rt_set_add, rt_equal, rt_is_false, rt_iter_count,
  rt_iter_key, rt_iter_value, rt_upsert, rt_memo_reset, rt_memo_get, rt_memo_set, rt_with_enter,
  rt_with_exit, rt_set_entrypoints, rt_abort, rt_out_of_fuel, rt_call_too_deep, rt_reserve, rt_charge_string,
} from "./rt";
export { __gpc_fuel, __gpc_depth, __gpc_max_depth } from "./budget";
import { setBudget, budgetSteps, budgetMiB, disarmBudget, finishBudget, budgetLastSteps, clearHostCall } from "./budget";
import { getBuiltins } from "./builtins/host";
export { rt_set_builtins, rt_host0, rt_host1, rt_host2, rt_host3, rt_host4 } from "./builtins/host";
export * from "./builtins/index";

// ─── link stubs and globals (runtime-abi.ts) ──────────────────────────────────────────────────

/** Start of the heap; the linker rewrites this initialiser to the end of its appended data. */
export let __gpc_heap_base: usize = GPC_HEAP_BASE;

let stubCalls: i32 = 0;

// The stub bodies are deliberately large and opaque (calls, global side effects): the optimiser
// must neither inline them into their callers nor fold their results, because the linker replaces
// their bodies. scripts/build-runtime.mjs and test/runtime check that the calls survive.

/** Link stub: builds constants and registers entrypoints. The linker replaces the body. */
export function __gpc_init(): void {
  stubCalls += 0x101;
  if (stubCalls == 0x12345670) abortWith("__gpc_init stub 1");
  if (stubCalls == 0x12345671) abortWith("__gpc_init stub 2");
  if (stubCalls == 0x12345672) abortWith("__gpc_init stub 3");
  if (stubCalls == 0x12345673) abortWith("__gpc_init stub 4");
  if (stubCalls == 0x12345674) abortWith("__gpc_init stub 5");
}

/** Link stub: evaluates an entrypoint. The linker replaces the body. */
export function __gpc_eval(entrypoint: i32, input: usize, data: usize): usize {
  stubCalls += entrypoint;
  stubCalls ^= <i32>input;
  stubCalls += <i32>data;
  if (stubCalls == 0x12345670) abortWith("__gpc_eval stub 1");
  if (stubCalls == 0x12345671) abortWith("__gpc_eval stub 2");
  if (stubCalls == 0x12345672) abortWith("__gpc_eval stub 3");
  if (stubCalls == 0x12345673) abortWith("__gpc_eval stub 4");
  if (stubCalls == 0x12345674) abortWith("__gpc_eval stub 5");
  // not a constant: the optimiser would otherwise propagate `0` into opa_eval/eval
  return stubCalls == 0x12345675 ? <usize>stubCalls : 0;
}

/** End of the runtime's static data (the original __gpc_heap_base; used by the build). */
export function __gpc_data_end(): usize { return __heap_base; }

// ─── ABI globals ──────────────────────────────────────────────────────────────────────────────

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 3;

// ─── start ────────────────────────────────────────────────────────────────────────────────────

let emptyEntrypoints: usize = 0;

__bump_set(__gpc_heap_base);
initValues();
__gpc_init();
emptyEntrypoints = P(newObject());

// ─── ABI functions ────────────────────────────────────────────────────────────────────────────

/**
 * Builtins the host must provide: `{"gpc.<name>": id}` for the host builtins the policy calls
 * (runtime/builtins/host.ts), registered by __gpc_init; `{}` for most policies.
 */
export function builtins(): usize { let b = getBuiltins(); return b != 0 ? b : P(newObject()); }

/** The entrypoints object `{"pkg/rule": id}` registered by the linked __gpc_init. */
export function entrypoints(): usize {
  let e = getEntrypoints();
  return e != 0 ? e : emptyEntrypoints;
}

/** Allocate n bytes (16-byte aligned), growing memory as needed. */
export function opa_malloc(n: usize): usize { disarmBudget(); return __alloc(n); }
/** No-op: the heap is reset by the host. */
export function opa_free(p: usize): void {}

export function opa_heap_ptr_get(): usize { return __bump_get(); }
export function opa_heap_ptr_set(p: usize): void { clearHostCall(); disarmBudget(); __bump_set(p); }

/** Parse JSON (0 on invalid input). */
export function opa_json_parse(p: usize, len: usize): usize {
  disarmBudget();
  let v = parseJSON(p, len);
  return v === null ? 0 : P(v);
}
/** Same as opa_json_parse (values and JSON coincide; sets are not representable in JSON). */
export function opa_value_parse(p: usize, len: usize): usize { return opa_json_parse(p, len); }

/** NUL-terminated JSON of a value. */
export function opa_json_dump(v: usize): usize {
  let b = new Buf(256);
  if (v == 0) b.ascii("null"); else writeJSON(b, V(v));
  return b.cstr();
}
export function opa_value_dump(v: usize): usize { return opa_json_dump(v); }

function parseInput(addr: usize, len: usize): usize {
  if (addr == 0 || len == 0) return 0;
  let v = parseJSON(addr, len);
  if (v === null) abortWith("invalid input: " + parseError);
  return P(changetype<Value>(v));
}

/** Fast path: reset heap, parse input, evaluate, return NUL-terminated `[{"result": v}]` or `[]`. */
export function opa_eval(reserved: usize, entrypoint: i32, data: usize, input: usize, inputLen: usize, heapPtr: usize, format: i32): usize {
  clearHostCall();
  disarmBudget();
  __bump_set(heapPtr);
  let inp = parseInput(input, inputLen);
  resetEvalState();
  let r = __gpc_eval(entrypoint, inp, data);
  finishBudget();
  let b = new Buf(1024);
  if (r == 0) b.ascii("[]");
  else {
    b.ascii("[{\"result\":");
    writeJSON(b, V(r));
    b.ascii("}]");
  }
  return b.cstr();
}

// ─── evaluation budget (runtime/budget.ts) ────────────────────────────────────────────────────

/**
 * Set the budget of each following evaluation: `steps` (function calls, loop iterations and
 * runtime charges) and `mib` MiB of heap; 0 keeps a value. Not part of the OPA ABI: gpc's engine
 * calls it, other hosts get the defaults (100000000 steps, 256 MiB).
 */
export function gpc_set_budget(steps: i32, mib: i32): void { setBudget(steps, mib); }
/** The step budget in force. */
export function gpc_budget_steps(): i32 { return budgetSteps(); }
/** The memory budget in force, in MiB. */
export function gpc_budget_mib(): i32 { return budgetMiB(); }
/** Steps the last completed evaluation used (for benchmarks and tuning the budget). */
export function gpc_last_steps(): i32 { return budgetLastSteps(); }

// ─── context path (minor version < 2 hosts) ───────────────────────────────────────────────────

@final class EvalCtx {
  input: usize = 0;
  data: usize = 0;
  entrypoint: i32 = 0;
  result: usize = 0;
}

export function opa_eval_ctx_new(): usize { return changetype<usize>(new EvalCtx()); }
export function opa_eval_ctx_set_input(ctx: usize, v: usize): void { changetype<EvalCtx>(ctx).input = v; }
export function opa_eval_ctx_set_data(ctx: usize, v: usize): void { changetype<EvalCtx>(ctx).data = v; }
export function opa_eval_ctx_set_entrypoint(ctx: usize, ep: i32): void { changetype<EvalCtx>(ctx).entrypoint = ep; }
export function opa_eval_ctx_get_result(ctx: usize): usize { return changetype<EvalCtx>(ctx).result; }

/** Evaluate a context; the result set is a set of `{"result": v}` objects. Returns 0 (ok). */
export function eval(ctx: usize): i32 {
  let c = changetype<EvalCtx>(ctx);
  clearHostCall();
  resetEvalState();
  let r = __gpc_eval(c.entrypoint, c.input, c.data);
  finishBudget();
  let rs = newSet();
  if (r != 0) {
    let o = newObject();
    objectInsert(o, newString("result"), V(r));
    setAdd(rs, o);
  }
  c.result = P(rs);
  return 0;
}

// ─── test hooks (link-time symbols: the linker removes __gpc_* exports) ───────────────────────

/** sprintf("%v") text of a value, as a string value (tests of valueToRegoString). */
export function __gpc_test_rego_string(v: usize): usize {
  if (v == 0) return 0;
  return P(newString(valueToRegoString(V(v))));
}

// ─── data updates for other hosts (Go/.NET SDKs) ──────────────────────────────────────────────

// @ts-ignore: decorator
@inline const OPA_ERR_OK: i32 = 0;
// @ts-ignore: decorator
@inline const OPA_ERR_INVALID_TYPE: i32 = 2;
// @ts-ignore: decorator
@inline const OPA_ERR_INVALID_PATH: i32 = 3;

/** Set `base[path...] = value` in place (creating objects along the way); 0 on success. */
export function opa_value_add_path(base: usize, path: usize, value: usize): i32 {
  if (base == 0 || path == 0 || value == 0) return OPA_ERR_INVALID_TYPE;
  if (load<i32>(path) != T_ARRAY || load<i32>(base) != T_OBJECT) return OPA_ERR_INVALID_TYPE;
  let keys = changetype<ArrayValue>(path).items;
  if (keys.length == 0) return OPA_ERR_INVALID_PATH;
  let cur = changetype<ObjectValue>(base);
  for (let i = 0, n = keys.length - 1; i < n; i++) {
    let k = unchecked(keys[i]);
    let next = objectGet(cur, k);
    if (next === null) {
      let o = newObject();
      objectInsert(cur, k, o);
      cur = o;
    } else if (next.tag == T_OBJECT) cur = changetype<ObjectValue>(next);
    else return OPA_ERR_INVALID_PATH;
  }
  objectInsert(cur, unchecked(keys[keys.length - 1]), V(value));
  return OPA_ERR_OK;
}

/** Remove `base[path...]` in place; 0 on success (also when absent). */
export function opa_value_remove_path(base: usize, path: usize): i32 {
  if (base == 0 || path == 0) return OPA_ERR_INVALID_TYPE;
  if (load<i32>(path) != T_ARRAY || load<i32>(base) != T_OBJECT) return OPA_ERR_INVALID_TYPE;
  let keys = changetype<ArrayValue>(path).items;
  if (keys.length == 0) return OPA_ERR_INVALID_PATH;
  let cur = changetype<ObjectValue>(base);
  for (let i = 0, n = keys.length - 1; i < n; i++) {
    let next = objectGet(cur, unchecked(keys[i]));
    if (next === null) return OPA_ERR_OK;
    if (next.tag != T_OBJECT) return OPA_ERR_INVALID_PATH;
    cur = changetype<ObjectValue>(next);
  }
  let j = searchSorted(cur.keys, unchecked(keys[keys.length - 1]));
  if (j >= 0) { cur.keys.splice(j, 1); cur.vals.splice(j, 1); }
  return OPA_ERR_OK;
}
