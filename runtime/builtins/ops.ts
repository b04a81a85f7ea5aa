// Operators and numeric builtins: + - * / % & | == != < <= > >=, `in`, abs/round/ceil/floor,
// numbers.range. Arguments/results are value addresses; 0 = undefined (also on type errors).
import {
  Value, V, P, T_NUMBER, T_SET, T_ARRAY, T_OBJECT, NumberValue, SetValue, ArrayValue, ObjectValue,
  newNumber, newBool, newArray, searchSorted, setContains, equal, compare, isInteger, asNumber,
  objectGet,
} from "../value";
import { dot } from "../rt";
import { charge } from "../budget";
import {
  smallInt, arith, divide, remainder, absX, roundX, ceilX, floorX, numToBig, bigToValue, OP_ADD, OP_SUB, OP_MUL,
} from "../numeric";
import { bnAdd, bnSub, bnCmp, bnFromI64, magBitLen } from "../lib/bigint";

// @ts-ignore: decorator
@inline function num(p: usize): bool { return p != 0 && load<i32>(p) == T_NUMBER; }
// @ts-ignore: decorator
@inline function nv(p: usize): f64 { return changetype<NumberValue>(p).n; }
// @ts-ignore: decorator
@inline function nval(p: usize): NumberValue { return changetype<NumberValue>(p); }
// @ts-ignore: decorator
@inline const EXACT: f64 = 9007199254740992; // 2^53
// @ts-ignore: decorator
@inline function isSetP(p: usize): bool { return p != 0 && load<i32>(p) == T_SET; }

/** Number result of arithmetic; undefined when not finite (OPA has no NaN/Inf). */
function numResult(n: f64): usize {
  if (!isFinite(n)) return 0;
  return P(newNumber(n));
}

// +, -, *: f64 when both operands are integers below 2^53 and so is the result (then f64 is
// exact), else numeric.ts: exact big integers, or OPA's 64-bit big.Float for other numbers.

/** x + y */
export function bi_plus(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let x = nval(a), y = nval(b);
  if (smallInt(x) && smallInt(y)) {
    let r = x.n + y.n;
    if (Math.abs(r) < EXACT) return P(newNumber(r));
  }
  return P(arith(OP_ADD, x, y));
}

/** x - y (numbers) or set difference. */
export function bi_minus(a: usize, b: usize): usize {
  if (num(a) && num(b)) {
    let x = nval(a), y = nval(b);
    if (smallInt(x) && smallInt(y)) {
      let r = x.n - y.n;
      if (Math.abs(r) < EXACT) return P(newNumber(r));
    }
    return P(arith(OP_SUB, x, y));
  }
  if (isSetP(a) && isSetP(b)) {
    let xs = changetype<SetValue>(a).items, ys = changetype<SetValue>(b);
    let out = new Array<Value>(0);
    for (let i = 0, n = xs.length; i < n; i++) {
      let x = unchecked(xs[i]);
      if (!setContains(ys, x)) out.push(x);
    }
    return P(new SetValue(out));
  }
  return 0;
}

/** x * y */
export function bi_mul(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let x = nval(a), y = nval(b);
  if (smallInt(x) && smallInt(y)) {
    let r = x.n * y.n;
    if (Math.abs(r) < EXACT) return P(newNumber(r == 0 ? 0 : r));
  }
  return P(arith(OP_MUL, x, y));
}

/** x / y (OPA: big.Float at 64 bits, so 1/3 is 0.33333333333333333334); undefined when y is 0. */
export function bi_div(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let x = nval(a), y = nval(b);
  if (smallInt(x) && smallInt(y)) {
    if (y.n == 0) return 0;
    let r = x.n % y.n;
    if (r == 0) { let q = x.n / y.n; return P(newNumber(q == 0 ? 0 : q)); } // exact quotient
  }
  let r = divide(x, y);
  return r === null ? 0 : P(r);
}

/** x % y on integers of any size (sign of x); undefined on floats or modulo by zero. */
export function bi_rem(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let x = nval(a), y = nval(b);
  if (smallInt(x) && smallInt(y)) {
    if (y.n == 0) return 0;
    let r = x.n % y.n;
    if (r == 0) r = 0; // no negative zero
    return P(newNumber(r));
  }
  let r = remainder(x, y);
  return r === null ? 0 : P(r);
}

/** Set intersection `a & b`. */
export function bi_and(a: usize, b: usize): usize {
  if (!isSetP(a) || !isSetP(b)) return 0;
  let xs = changetype<SetValue>(a).items, ys = changetype<SetValue>(b);
  let out = new Array<Value>(0);
  for (let i = 0, n = xs.length; i < n; i++) {
    let x = unchecked(xs[i]);
    if (setContains(ys, x)) out.push(x);
  }
  return P(new SetValue(out));
}

/** Merge two sorted unique lists. */
export function mergeSorted(xs: Array<Value>, ys: Array<Value>): Array<Value> {
  let out = new Array<Value>(xs.length + ys.length);
  let i = 0, j = 0, k = 0, nx = xs.length, ny = ys.length;
  while (i < nx && j < ny) {
    let x = unchecked(xs[i]), y = unchecked(ys[j]);
    let c = compare(x, y);
    if (c < 0) { unchecked(out[k++] = x); i++; }
    else if (c > 0) { unchecked(out[k++] = y); j++; }
    else { unchecked(out[k++] = x); i++; j++; }
  }
  while (i < nx) unchecked(out[k++] = unchecked(xs[i++]));
  while (j < ny) unchecked(out[k++] = unchecked(ys[j++]));
  out.length = k;
  return out;
}

/** Set union `a | b`. */
export function bi_or(a: usize, b: usize): usize {
  if (!isSetP(a) || !isSetP(b)) return 0;
  return P(new SetValue(mergeSorted(changetype<SetValue>(a).items, changetype<SetValue>(b).items)));
}

/** `==` */
export function bi_equal(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return P(newBool(equal(V(a), V(b))));
}
/** `!=` */
export function bi_neq(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return P(newBool(!equal(V(a), V(b))));
}
/** `<` (OPA's total order across types). */
export function bi_lt(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return P(newBool(compare(V(a), V(b)) < 0));
}
/** `<=` */
export function bi_lte(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return P(newBool(compare(V(a), V(b)) <= 0));
}
/** `>` */
export function bi_gt(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return P(newBool(compare(V(a), V(b)) > 0));
}
/** `>=` */
export function bi_gte(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return P(newBool(compare(V(a), V(b)) >= 0));
}

/** `x in coll`: set membership, or any array element / object value equal to x. */
export function bi_internal$member_2(x: usize, c: usize): usize {
  if (x == 0 || c == 0) return 0;
  let v = V(x), coll = V(c);
  let t = coll.tag;
  if (t == T_SET) return P(newBool(setContains(changetype<SetValue>(coll), v)));
  if (t == T_ARRAY) {
    let items = changetype<ArrayValue>(coll).items;
    charge(items.length >> 3);
    for (let i = 0, n = items.length; i < n; i++) if (equal(unchecked(items[i]), v)) return P(newBool(true));
    return P(newBool(false));
  }
  if (t == T_OBJECT) {
    let vals = changetype<ObjectValue>(coll).vals;
    charge(vals.length >> 3);
    for (let i = 0, n = vals.length; i < n; i++) if (equal(unchecked(vals[i]), v)) return P(newBool(true));
    return P(newBool(false));
  }
  return P(newBool(false));
}

/** `k, v in coll`: coll[k] == v for arrays and objects. */
export function bi_internal$member_3(k: usize, x: usize, c: usize): usize {
  if (k == 0 || x == 0 || c == 0) return 0;
  let coll = V(c);
  // A set's "key" is the element itself (OPA: Value.Get on a set).
  if (coll.tag != T_ARRAY && coll.tag != T_OBJECT && coll.tag != T_SET) return P(newBool(false));
  let found = dot(coll, V(k));
  return P(newBool(found !== null && equal(found, V(x))));
}

// abs, round, ceil, floor: OPA computes them on the operand's 64-bit big.Float (so a big integer
// beyond 64 bits is rounded, and ceil/floor of a value in (-1, 0) give 1 and 0, as OPA's
// truncation-based arithCeil/arithFloor do). f64 gives the same answers for text-less values.

/** abs(x) */
export function bi_abs(a: usize): usize {
  if (!num(a)) return 0;
  let x = nval(a);
  if (changetype<usize>(x.text) == 0) return numResult(Math.abs(x.n));
  return P(absX(x));
}

/** round(x): half away from zero. */
export function bi_round(a: usize): usize {
  if (!num(a)) return 0;
  let v = nval(a);
  if (changetype<usize>(v.text) != 0 || !(Math.abs(v.n) < 4503599627370496)) return P(roundX(v));
  let x = Math.abs(v.n);
  let r = Math.floor(x);
  if (x - r >= 0.5) r += 1;
  if (v.n < 0) r = -r;
  return numResult(r == 0 ? 0 : r);
}

/** ceil(x) (OPA: truncation, plus one unless the truncation is negative or exact). */
export function bi_ceil(a: usize): usize {
  if (!num(a)) return 0;
  let v = nval(a);
  if (changetype<usize>(v.text) != 0 || !(Math.abs(v.n) < 4503599627370496)) return P(ceilX(v));
  let x = v.n;
  let t = Math.trunc(x);
  let r = t < 0 || t == x ? t : t + 1;
  return numResult(r == 0 ? 0 : r);
}

/** floor(x) (OPA: truncation, minus one only below a negative truncation). */
export function bi_floor(a: usize): usize {
  if (!num(a)) return 0;
  let v = nval(a);
  if (changetype<usize>(v.text) != 0 || !(Math.abs(v.n) < 4503599627370496)) return P(floorX(v));
  let x = v.n;
  let t = Math.trunc(x);
  let r = t >= 0 || t == x ? t : t - 1;
  return numResult(r == 0 ? 0 : r);
}

/** numbers.range(a, b): integers from a to b inclusive, descending when a > b (any size). */
export function bi_numbers$range(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let va = nval(a), vb = nval(b);
  if (smallInt(va) && smallInt(vb)) {
    let x = va.n, y = vb.n;
    let n = Math.abs(y - x) + 1;
    if (n > 100000000) return 0;
    charge(<i32>n);
    let arr = newArray(<i32>n);
    let step: f64 = x <= y ? 1 : -1;
    for (let i = 0, m = <i32>n; i < m; i++) arr.items.push(newNumber(x + step * <f64>i));
    return P(arr);
  }
  let x = numToBig(va), y = numToBig(vb);
  if (x === null || y === null) return 0;
  let up = bnCmp(x, y) <= 0;
  let span = up ? bnSub(y, x) : bnSub(x, y);
  if (magBitLen(span.d) > 27) return 0; // more than 100,000,000 numbers
  let n = <i32>(span.d.length == 0 ? 0 : unchecked(span.d[0])) + 1;
  if (n > 100000000) return 0;
  charge(n);
  let arr = newArray(n);
  let step = bnFromI64(up ? 1 : -1);
  let cur = x;
  for (let i = 0; i < n; i++) { arr.items.push(bigToValue(cur)); cur = bnAdd(cur, step); }
  return P(arr);
}
