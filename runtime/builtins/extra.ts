// Less common builtins: object.union_n, deprecated cast_* and set_diff, numbers.range_step,
// bits.*, trace.
import {
  Value, V, P, T_ARRAY, T_SET, T_OBJECT, T_STRING, T_BOOL, T_NULL, T_NUMBER, ArrayValue, SetValue, ObjectValue, NumberValue,
  newNumber, newObject, newArray, newBool, setFromList, asNumber,
} from "../value";
import { charge } from "../budget";
import { numToBig, bigToValue, smallInt } from "../numeric";
import {
  BigNum, bnBitOp, bnSub, bnNeg, bnAdd, bnCmp, bnFromI64, bnShl, bnShr, magBitLen, magLow64, magDivMod,
} from "../lib/bigint";
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

/** numbers.range_step(a, b, step): like numbers.range with a positive integer step (any size). */
export function bi_numbers$range_step(a: usize, b: usize, s: usize): usize {
  if (smallArg(a) && smallArg(b) && smallArg(s)) {
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
  let x = bigArg(a), y = bigArg(b), step = bigArg(s);
  if (x === null || y === null || step === null || step.neg || step.d.length == 0) return 0;
  let up = bnCmp(x, y) <= 0;
  let span = up ? bnSub(y, x) : bnSub(x, y);
  let count = magDivMod(span.d, step.d);
  if (magBitLen(count) > 27) return 0; // more than 100,000,000 numbers
  let n = <i32>magLow64(count) + 1;
  if (n > 100000000) return 0;
  charge(n);
  let arr = newArray(n);
  let inc = up ? step : bnNeg(step);
  let cur = x;
  for (let i = 0; i < n; i++) { arr.items.push(bigToValue(cur)); cur = bnAdd(cur, inc); }
  return P(arr);
}

// bits.*: OPA computes on big.Int (any size, two's complement for negatives); f64 is exact for
// text-less integers below 2^53, so those go through i64.

/** The operand as an exact integer, or null (not a number, or not an integer). */
function bigArg(p: usize): BigNum | null {
  if (p == 0 || load<i32>(p) != T_NUMBER) return null;
  return numToBig(changetype<NumberValue>(p));
}

/** i64 of a text-less integer below 2^53, or NaN as f64 flag through `small`. */
// @ts-ignore: decorator
@inline function smallArg(p: usize): bool { return p != 0 && load<i32>(p) == T_NUMBER && smallInt(changetype<NumberValue>(p)); }

function bitsOp(op: i32, a: usize, b: usize): usize {
  if (smallArg(a) && smallArg(b)) {
    let x = <i64>asNumber(V(a)), y = <i64>asNumber(V(b));
    return P(newNumber(<f64>(op == 0 ? x & y : op == 1 ? x | y : x ^ y)));
  }
  let x = bigArg(a), y = bigArg(b);
  if (x === null || y === null) return 0;
  return P(bigToValue(bnBitOp(op, x, y)));
}

export function bi_bits$and(a: usize, b: usize): usize { return bitsOp(0, a, b); }
export function bi_bits$or(a: usize, b: usize): usize { return bitsOp(1, a, b); }
export function bi_bits$xor(a: usize, b: usize): usize { return bitsOp(2, a, b); }
/** bits.negate(x) = -x - 1. */
export function bi_bits$negate(a: usize): usize {
  if (smallArg(a)) return P(newNumber(<f64>(~<i64>asNumber(V(a)))));
  let x = bigArg(a);
  if (x === null) return 0;
  return P(bigToValue(bnSub(bnNeg(x), bnFromI64(1))));
}

/** The shift count: a non-negative integer below 2^31 (OPA: a negative shift is an error). */
function shiftArg(p: usize): i32 {
  let s = bigArg(p);
  if (s === null || s.neg || magBitLen(s.d) > 30) return -1;
  return <i32>magLow64(s.d);
}

/** bits.lsh(x, s): x * 2^s (s >= 0), exact. */
export function bi_bits$lsh(a: usize, b: usize): usize {
  let x = bigArg(a), s = shiftArg(b);
  if (x === null || s < 0) return 0;
  charge(s >> 8);
  return P(bigToValue(bnShl(x, s)));
}
/** bits.rsh(x, s): floor(x / 2^s) (s >= 0), exact. */
export function bi_bits$rsh(a: usize, b: usize): usize {
  let x = bigArg(a), s = shiftArg(b);
  if (x === null || s < 0) return 0;
  return P(bigToValue(bnShr(x, s)));
}

/** trace(note): true (notes are not collected). */
export function bi_trace(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  return P(newBool(true));
}
