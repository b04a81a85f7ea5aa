// Less common builtins: object.union_n, deprecated cast_* and set_diff, numbers.range_step,
// bits.*, trace.
import {
  Value, V, P, T_ARRAY, T_SET, T_OBJECT, T_STRING, T_BOOL, T_NULL, T_NUMBER, ArrayValue, SetValue, ObjectValue,
  newNumber, newObject, newArray, newBool, setFromList, asNumber, isInteger,
} from "../value";
import { charge } from "../budget";
import { bi_object$union } from "./objects";
import { bi_minus } from "./ops";

/** object.union_n(array of objects): left-to-right recursive union. */
export function bi_object$union_n(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_ARRAY) return 0;
  let items = changetype<ArrayValue>(a).items;
  let acc: usize = P(newObject());
  for (let i = 0, n = items.length; i < n; i++) {
    let o = unchecked(items[i]);
    if (o.tag != T_OBJECT) return 0;
    acc = bi_object$union(acc, P(o));
  }
  return acc;
}

/** cast_array(x) (deprecated): arrays as is, sets as sorted arrays. */
export function bi_cast_array(a: usize): usize {
  if (a == 0) return 0;
  let t = load<i32>(a);
  if (t == T_ARRAY) return a;
  if (t == T_SET) return P(new ArrayValue(changetype<SetValue>(a).items.slice(0)));
  return 0;
}

/** cast_set(x) (deprecated): arrays to sets, sets as is. */
export function bi_cast_set(a: usize): usize {
  if (a == 0) return 0;
  let t = load<i32>(a);
  if (t == T_SET) return a;
  if (t == T_ARRAY) return P(setFromList(changetype<ArrayValue>(a).items.slice(0)));
  return 0;
}

// @ts-ignore: decorator
@inline function castTo(a: usize, t: i32): usize { return a != 0 && load<i32>(a) == t ? a : 0; }
/** cast_string / cast_boolean / cast_null / cast_object (deprecated): identity on the right type. */
export function bi_cast_string(a: usize): usize { return castTo(a, T_STRING); }
export function bi_cast_boolean(a: usize): usize { return castTo(a, T_BOOL); }
export function bi_cast_null(a: usize): usize { return castTo(a, T_NULL); }
export function bi_cast_object(a: usize): usize { return castTo(a, T_OBJECT); }

/** set_diff(a, b) (deprecated): a - b on sets. */
export function bi_set_diff(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_SET || load<i32>(b) != T_SET) return 0;
  return bi_minus(a, b);
}

/** numbers.range_step(a, b, step): like numbers.range with a positive integer step. */
export function bi_numbers$range_step(a: usize, b: usize, s: usize): usize {
  if (a == 0 || b == 0 || s == 0 || !isInteger(V(a)) || !isInteger(V(b)) || !isInteger(V(s))) return 0;
  let x = asNumber(V(a)), y = asNumber(V(b)), step = asNumber(V(s));
  if (step <= 0) return 0;
  let n = Math.floor(Math.abs(y - x) / step) + 1;
  if (n > 100000000) return 0;
  charge(<i32>n);
  let arr = newArray(<i32>n);
  let dir: f64 = x <= y ? 1 : -1;
  for (let i = 0, m = <i32>n; i < m; i++) arr.items.push(newNumber(x + dir * step * <f64>i));
  return P(arr);
}

/** Integer operand within the exact f64 range, or NaN. */
function intArg(p: usize): f64 {
  if (p == 0 || !isInteger(V(p))) return NaN;
  let x = asNumber(V(p));
  return Math.abs(x) <= 9007199254740991 ? x : NaN;
}

export function bi_bits$and(a: usize, b: usize): usize {
  let x = intArg(a), y = intArg(b);
  if (isNaN(x) || isNaN(y)) return 0;
  return P(newNumber(<f64>(<i64>x & <i64>y)));
}
export function bi_bits$or(a: usize, b: usize): usize {
  let x = intArg(a), y = intArg(b);
  if (isNaN(x) || isNaN(y)) return 0;
  return P(newNumber(<f64>(<i64>x | <i64>y)));
}
export function bi_bits$xor(a: usize, b: usize): usize {
  let x = intArg(a), y = intArg(b);
  if (isNaN(x) || isNaN(y)) return 0;
  return P(newNumber(<f64>(<i64>x ^ <i64>y)));
}
export function bi_bits$negate(a: usize): usize {
  let x = intArg(a);
  if (isNaN(x)) return 0;
  return P(newNumber(<f64>(~<i64>x)));
}
/** bits.lsh(x, s): x * 2^s (s >= 0). */
export function bi_bits$lsh(a: usize, b: usize): usize {
  let x = intArg(a), s = intArg(b);
  if (isNaN(x) || isNaN(s) || s < 0) return 0;
  let r = x * Math.pow(2, s);
  if (!isFinite(r)) return 0;
  return P(newNumber(r));
}
/** bits.rsh(x, s): floor(x / 2^s) (s >= 0). */
export function bi_bits$rsh(a: usize, b: usize): usize {
  let x = intArg(a), s = intArg(b);
  if (isNaN(x) || isNaN(s) || s < 0) return 0;
  let r = Math.floor(x / Math.pow(2, s));
  return P(newNumber(r == 0 ? 0 : r));
}

/** trace(note): true (notes are not collected). */
export function bi_trace(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  return P(newBool(true));
}
