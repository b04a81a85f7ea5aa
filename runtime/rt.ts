// The `rt_*` runtime functions called by generated code (contract: src/rego/wasm/runtime-abi.ts).
// All take and return i32: value addresses (0 = undefined) or raw integers where documented.
import {
  Value, V, P, ObjectValue, ArrayValue, SetValue, StringValue,
  T_ARRAY, T_OBJECT, T_SET, T_STRING, T_NUMBER, T_BOOL,
  newArray, newObject, newSet, newInt, objectGet, objectInsert, setAdd, searchSorted, equal,
  asNumber, asBool, codePointCount, isInteger,
} from "./value";
import { parseJSON } from "./json";
import { opa_abort, abortWith } from "./env";
import { resetHostCache } from "./builtins/host";
import { armBudget, outOfFuel, disarmBudget, charge, __gpc_max_depth } from "./budget";

/** Parse `len` bytes of UTF-8 JSON at `ptr` (0 on invalid JSON). */
export function rt_json_parse(ptr: usize, len: usize): usize {
  let v = parseJSON(ptr, len);
  return v === null ? 0 : P(v);
}

/** Lookup `coll[key]` without the undefined checks of the export. */
export function dot(c: Value, k: Value): Value | null {
  let t = c.tag;
  if (t == T_OBJECT) return objectGet(changetype<ObjectValue>(c), k);
  if (t == T_ARRAY) {
    if (k.tag != T_NUMBER || !isInteger(k)) return null;
    let items = changetype<ArrayValue>(c).items;
    let n = asNumber(k);
    if (n < 0 || n >= <f64>items.length) return null;
    return unchecked(items[<i32>n]);
  }
  if (t == T_SET) {
    let s = changetype<SetValue>(c);
    let i = searchSorted(s.items, k);
    return i >= 0 ? unchecked(s.items[i]) : null;
  }
  return null;
}

/** `obj[key]`, `arr[index]`, `set[elem]` (→ elem); 0 when missing or not a collection. */
export function rt_dot(c: usize, k: usize): usize {
  if (c == 0 || k == 0) return 0;
  let r = dot(V(c), V(k));
  return r === null ? 0 : P(r);
}

/** count of array/object/set/string (code points) as a number value; 0 otherwise. */
export function rt_len(v: usize): usize {
  if (v == 0) return 0;
  let x = V(v);
  let t = x.tag;
  if (t == T_ARRAY) return P(newInt(changetype<ArrayValue>(x).items.length));
  if (t == T_OBJECT) return P(newInt(changetype<ObjectValue>(x).keys.length));
  if (t == T_SET) return P(newInt(changetype<SetValue>(x).items.length));
  if (t == T_STRING) return P(newInt(codePointCount(changetype<StringValue>(x).s)));
  return 0;
}

export function rt_make_array(): usize { return P(newArray()); }
export function rt_make_object(): usize { return P(newObject()); }
export function rt_make_set(): usize { return P(newSet()); }

/** Append to a fresh array; 1, or 0 when value is undefined. */
export function rt_array_append(a: usize, v: usize): usize {
  if (a == 0 || v == 0) return 0;
  changetype<ArrayValue>(a).items.push(V(v));
  return 1;
}

/** Insert or overwrite in a fresh object; 1, or 0 when key or value is undefined. */
export function rt_object_insert(o: usize, k: usize, v: usize): usize {
  if (o == 0 || k == 0 || v == 0) return 0;
  objectInsert(changetype<ObjectValue>(o), V(k), V(v));
  return 1;
}

/** Insert unless present with a different value (then 0 = conflict). */
export function rt_object_insert_once(o: usize, k: usize, v: usize): usize {
  if (o == 0 || k == 0 || v == 0) return 0;
  let obj = changetype<ObjectValue>(o);
  let i = searchSorted(obj.keys, V(k));
  if (i >= 0) return equal(unchecked(obj.vals[i]), V(v)) ? 1 : 0;
  objectInsert(obj, V(k), V(v));
  return 1;
}

/** Add to a fresh set; 1, or 0 when value is undefined. */
export function rt_set_add(s: usize, v: usize): usize {
  if (s == 0 || v == 0) return 0;
  setAdd(changetype<SetValue>(s), V(v));
  return 1;
}

/** Raw 1 when both are defined and equal (1 == 1.0). */
export function rt_equal(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return equal(V(a), V(b)) ? 1 : 0;
}

/** Raw 1 when v is the boolean false. */
export function rt_is_false(v: usize): usize {
  if (v == 0) return 0;
  let x = V(v);
  return x.tag == T_BOOL && !asBool(x) ? 1 : 0;
}

/** Raw element count of an array/object/set; 0 otherwise. */
export function rt_iter_count(v: usize): usize {
  if (v == 0) return 0;
  let x = V(v);
  let t = x.tag;
  if (t == T_ARRAY) return changetype<ArrayValue>(x).items.length;
  if (t == T_OBJECT) return changetype<ObjectValue>(x).keys.length;
  if (t == T_SET) return changetype<SetValue>(x).items.length;
  return 0;
}

/** Key of element i: array index (number), object key, set element. */
export function rt_iter_key(v: usize, i: i32): usize {
  let x = V(v);
  let t = x.tag;
  if (t == T_ARRAY) return P(newInt(i));
  if (t == T_OBJECT) return P(unchecked(changetype<ObjectValue>(x).keys[i]));
  return P(unchecked(changetype<SetValue>(x).items[i]));
}

/** Value of element i (set: the element). */
export function rt_iter_value(v: usize, i: i32): usize {
  let x = V(v);
  let t = x.tag;
  if (t == T_ARRAY) return P(unchecked(changetype<ArrayValue>(x).items[i]));
  if (t == T_OBJECT) return P(unchecked(changetype<ObjectValue>(x).vals[i]));
  return P(unchecked(changetype<SetValue>(x).items[i]));
}

/** Shallow copy of an object (fresh, mutable). */
export function copyObject(o: ObjectValue): ObjectValue {
  return new ObjectValue(o.keys.slice(0), o.vals.slice(0));
}

function upsert(node: Value | null, path: Array<Value>, i: i32, value: Value): Value {
  if (i == path.length) return value;
  let obj = node !== null && node.tag == T_OBJECT ? copyObject(changetype<ObjectValue>(node)) : newObject();
  let key = unchecked(path[i]);
  objectInsert(obj, key, upsert(objectGet(obj, key), path, i + 1, value));
  return obj;
}

/** A copy of root (0 = empty object) with `path` (array of keys) set to value. */
export function rt_upsert(root: usize, path: usize, value: usize): usize {
  if (value == 0 || path == 0) return 0;
  let p = V(path);
  if (p.tag != T_ARRAY) return 0;
  return P(upsert(root == 0 ? null : V(root), changetype<ArrayValue>(p).items, 0, V(value)));
}

// ─── per-evaluation state ─────────────────────────────────────────────────────────────────────

let memo: usize = 0;      // raw i32 table on the heap (reset every evaluation)
let memoSlots: i32 = 0;
let withDepth: i32 = 0;

/** Reset the memo table to n empty slots and the `with` depth to 0. */
export function rt_memo_reset(n: i32): usize {
  memoSlots = n;
  withDepth = 0;
  if (n > 0) {
    memo = __alloc(<usize>n << 2);
    memory.fill(memo, 0, <usize>n << 2);
  } else memo = 0;
  return 1;
}

/** Cached value of a slot, or 0 (always 0 inside `with`). */
export function rt_memo_get(slot: i32): usize {
  if (withDepth > 0 || slot < 0 || slot >= memoSlots) return 0;
  return load<usize>(memo + (<usize>slot << 2));
}

/** Store a slot's value (ignored inside `with`). */
export function rt_memo_set(slot: i32, v: usize): usize {
  if (withDepth > 0 || slot < 0 || slot >= memoSlots) return 1;
  store<usize>(memo + (<usize>slot << 2), v);
  return 1;
}

export function rt_with_enter(): usize { withDepth++; return 1; }
export function rt_with_exit(): usize { if (withDepth > 0) withDepth--; return 1; }

/** Reset per-evaluation state and arm the budget (called by opa_eval / eval before __gpc_eval). */
export function resetEvalState(): void { memo = 0; memoSlots = 0; withDepth = 0; resetHostCache(); armBudget(); }

/** Called by generated code when `__gpc_fuel` dropped below 0: aborts naming the budget. */
export function rt_out_of_fuel(): usize {
  outOfFuel();
  return 0;
}

/**
 * Generated code calls this with each argument of a builtin call (not operators): a string costs
 * one step per 2 UTF-16 units (about what a scan of them costs), so builtins that scan
 * their strings are bounded by the budget.
 */
export function rt_charge_string(v: usize): usize {
  if (v != 0 && load<i32>(v) == T_STRING) charge(changetype<StringValue>(v).s.length >> 1);
  return 1;
}

/**
 * Called by generated code when `__gpc_depth` exceeded `__gpc_max_depth` on entering a function;
 * `name` is the NUL-terminated ASCII name of that function (its rule).
 */
export function rt_call_too_deep(name: usize): usize {
  disarmBudget();
  let n = String.UTF8.decodeUnsafe(name, <usize>strlen(name), false);
  abortWith("evaluation exceeded the maximum call depth of " + __gpc_max_depth.toString() + " in " + n);
  return 0;
}

/** Grow memory so that every address below `end` exists (the linked __gpc_init calls it). */
export function rt_reserve(end: usize): usize {
  let have = <usize>memory.size() << 16;
  if (end > have && memory.grow(<i32>((end - have + 0xffff) >>> 16)) < 0) {
    abortWith("gpc runtime: cannot grow memory to " + end.toString() + " bytes for the policy's static data");
  }
  return 1;
}

function strlen(p: usize): i32 {
  let n = 0;
  while (load<u8>(p + <usize>n) != 0) n++;
  return n;
}

let entrypointsObj: usize = 0;

/** Register the entrypoints object returned by entrypoints(). */
export function rt_set_entrypoints(obj: usize): usize { entrypointsObj = obj; return 1; }

/** The registered entrypoints object (0 when none). */
export function getEntrypoints(): usize { return entrypointsObj; }

/** Abort evaluation with the NUL-terminated ASCII message at msg. */
export function rt_abort(msg: usize): usize {
  opa_abort(msg);
  unreachable();
  return 0;
}
