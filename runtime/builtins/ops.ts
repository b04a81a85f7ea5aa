// Operators and numeric builtins: + - * / % & | == != < <= > >=, `in`, abs/round/ceil/floor,
// numbers.range. Arguments/results are value addresses; 0 = undefined (also on type errors).
import {
  Value, V, P, T_NUMBER, T_SET, T_ARRAY, T_OBJECT, NumberValue, SetValue, ArrayValue, ObjectValue,
  newNumber, newBool, newArray, searchSorted, setContains, equal, compare, isInteger, asNumber,
  objectGet,
} from "../value";
import { dot } from "../rt";
import { charge } from "../budget";

// @ts-ignore: decorator
@inline function num(p: usize): bool { return p != 0 && load<i32>(p) == T_NUMBER; }
// @ts-ignore: decorator
@inline function nv(p: usize): f64 { return changetype<NumberValue>(p).n; }
// @ts-ignore: decorator
@inline function isSetP(p: usize): bool { return p != 0 && load<i32>(p) == T_SET; }

/** Number result of arithmetic; undefined when not finite (OPA has no NaN/Inf). */
function numResult(n: f64): usize {
  if (!isFinite(n)) return 0;
  return P(newNumber(n));
}

/** x + y */
export function bi_plus(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  return numResult(nv(a) + nv(b));
}

/** x - y (numbers) or set difference. */
export function bi_minus(a: usize, b: usize): usize {
  if (num(a) && num(b)) return numResult(nv(a) - nv(b));
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
  return numResult(nv(a) * nv(b));
}

/** x / y; undefined when dividing by zero. */
export function bi_div(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let y = nv(b);
  if (y == 0) return 0;
  return numResult(nv(a) / y);
}

/** x % y on integers (sign of x); undefined on floats or modulo by zero. */
export function bi_rem(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let x = nv(a), y = nv(b);
  if (y == 0) return 0;
  if (Math.floor(x) != x || Math.floor(y) != y) return 0;
  let r = x % y;
  if (r == 0) r = 0; // no negative zero
  return numResult(r);
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

/** abs(x) */
export function bi_abs(a: usize): usize {
  if (!num(a)) return 0;
  return numResult(Math.abs(nv(a)));
}

/** round(x): half away from zero. */
export function bi_round(a: usize): usize {
  if (!num(a)) return 0;
  let x = nv(a);
  let r = x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
  return numResult(r == 0 ? 0 : r);
}

/** ceil(x) */
export function bi_ceil(a: usize): usize {
  if (!num(a)) return 0;
  let r = Math.ceil(nv(a));
  return numResult(r == 0 ? 0 : r);
}

/** floor(x) */
export function bi_floor(a: usize): usize {
  if (!num(a)) return 0;
  let r = Math.floor(nv(a));
  return numResult(r == 0 ? 0 : r);
}

/** numbers.range(a, b): integers from a to b inclusive, descending when a > b. */
export function bi_numbers$range(a: usize, b: usize): usize {
  if (!num(a) || !num(b)) return 0;
  let x = nv(a), y = nv(b);
  if (Math.floor(x) != x || Math.floor(y) != y) return 0;
  let n = Math.abs(y - x) + 1;
  if (n > 100000000) return 0;
  charge(<i32>n);
  let arr = newArray(<i32>n);
  let step: f64 = x <= y ? 1 : -1;
  for (let i = 0, m = <i32>n; i < m; i++) arr.items.push(newNumber(x + step * <f64>i));
  return P(arr);
}
