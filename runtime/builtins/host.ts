// Host builtins: builtins that gpc implements in JavaScript (src/rego/host/) rather than here —
// signatures, certificates and keys (node:crypto), time zones (Intl), the host clock, randomness.
//
// Generated code calls `rt_host<N>(id, args…)`; the call goes to the SDK's import
// `opa_builtin1(id, ctx, arg)` with ONE argument: a string value holding the JSON text of the
// argument list (`[a, b]`), so numbers keep their exact text and the host parses exactly what
// OPA's `ast.JSON` would give (sets become sorted arrays, as there). The host answers with the
// JSON text of the result (the SDK parses it with opa_json_parse) or nothing (address 0), which is
// undefined — a builtin error, which the evaluator's non-strict mode also turns into undefined.
//
// `id` is the module's own number for the builtin (the emitter lists them in `builtins()` as
// `{"gpc.<name>": id}` through rt_set_builtins). Bit 30 of `id` asks for OPA's per-evaluation
// cache: the same builtin with the same arguments gives the same value for the rest of the
// evaluation (time.now_ns, rand.intn, uuid.rfc4122).
import { Value, V, P, Buf, writeJSON, newString } from "../value";
import { beginHostCall, endHostCall } from "../budget";

// @ts-ignore: decorator
@external("env", "opa_builtin1")
declare function opa_builtin1(id: i32, ctx: usize, arg: usize): usize;

// @ts-ignore: decorator
@inline const CACHED: i32 = 0x40000000;

let builtinsObj: usize = 0;

/** Register the `builtins()` object `{"gpc.<name>": id}` (called by the generated __gpc_init). */
export function rt_set_builtins(obj: usize): usize { builtinsObj = obj; return 1; }
/** The registered builtins object, or 0. */
export function getBuiltins(): usize { return builtinsObj; }

// The per-evaluation cache: parallel lists (heap objects die with the evaluation's heap).
let cacheIds: Array<i32> | null = null;
let cacheKeys: Array<string> | null = null;
let cacheVals: Array<usize> | null = null;

/** Forget cached host results (start of every evaluation). */
export function resetHostCache(): void { cacheIds = null; cacheKeys = null; cacheVals = null; }

/**
 * The id under which modules that call time builtins list `gpc.time.zone` (the UTC offset and
 * abbreviation of an IANA zone at an instant), which runtime/builtins/time.ts calls for zones
 * other than UTC.
 */
// @ts-ignore: decorator
@inline export const HOST_TZ_ID: i32 = 0x3fff0000;

/** Call host builtin `id` with `args` (also for the runtime's own use, e.g. time zones). */
export function hostCall(id: i32, args: Array<Value>): usize {
  let b = new Buf(64);
  b.byte(0x5B);
  for (let i = 0, n = args.length; i < n; i++) {
    if (i > 0) b.byte(0x2C);
    writeJSON(b, unchecked(args[i]));
  }
  b.byte(0x5D);
  let text = b.toString();
  let cached = (id & CACHED) != 0;
  let hid = id & ~CACHED;
  if (cached && cacheIds !== null) {
    let ids = cacheIds!, keys = cacheKeys!;
    for (let i = 0, n = ids.length; i < n; i++) {
      if (unchecked(ids[i]) == hid && unchecked(keys[i]) == text) return unchecked(cacheVals![i]);
    }
  }
  beginHostCall();
  let r = opa_builtin1(hid, 0, P(newString(text)));
  endHostCall();
  if (cached) {
    if (cacheIds === null) { cacheIds = new Array<i32>(0); cacheKeys = new Array<string>(0); cacheVals = new Array<usize>(0); }
    cacheIds!.push(hid); cacheKeys!.push(text); cacheVals!.push(r);
  }
  return r;
}

export function rt_host0(id: i32): usize {
  return hostCall(id, new Array<Value>(0));
}
export function rt_host1(id: i32, a: usize): usize {
  let l = new Array<Value>(1); unchecked(l[0] = V(a));
  return hostCall(id, l);
}
export function rt_host2(id: i32, a: usize, b: usize): usize {
  let l = new Array<Value>(2); unchecked(l[0] = V(a)); unchecked(l[1] = V(b));
  return hostCall(id, l);
}
export function rt_host3(id: i32, a: usize, b: usize, c: usize): usize {
  let l = new Array<Value>(3); unchecked(l[0] = V(a)); unchecked(l[1] = V(b)); unchecked(l[2] = V(c));
  return hostCall(id, l);
}
export function rt_host4(id: i32, a: usize, b: usize, c: usize, d: usize): usize {
  let l = new Array<Value>(4); unchecked(l[0] = V(a)); unchecked(l[1] = V(b)); unchecked(l[2] = V(c)); unchecked(l[3] = V(d));
  return hostCall(id, l);
}
