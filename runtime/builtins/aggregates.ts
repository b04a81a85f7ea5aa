// Aggregates and set-of-sets builtins: count sum product max min sort union intersection.
import {
  Value, V, P, T_ARRAY, T_SET, T_OBJECT, T_STRING, T_NUMBER, ArrayValue, SetValue, ObjectValue, StringValue, NumberValue,
  newInt, newNumber, newSet, compare, sortValues, codePointCount, asNumber, setContains,
} from "../value";
import { mergeSorted } from "./ops";
import { charge } from "../budget";
import { foldSlow } from "../numeric";

// @ts-ignore: decorator
@inline const EXACT: f64 = 9007199254740992; // 2^53

/** Elements of an array or set, or null for anything else. */
function elements(p: usize): Array<Value> | null {
  if (p == 0) return null;
  let t = load<i32>(p);
  let items: Array<Value>;
  if (t == T_ARRAY) items = changetype<ArrayValue>(p).items;
  else if (t == T_SET) items = changetype<SetValue>(p).items;
  else return null;
  charge(items.length >> 3); // sum, product, max, min, sort: linear in the elements
  return items;
}

/** count(x) for arrays, objects, sets and strings (code points). */
export function bi_count(a: usize): usize {
  if (a == 0) return 0;
  let v = V(a);
  switch (v.tag) {
    case T_ARRAY: return P(newInt(changetype<ArrayValue>(v).items.length));
    case T_SET: return P(newInt(changetype<SetValue>(v).items.length));
    case T_OBJECT: return P(newInt(changetype<ObjectValue>(v).keys.length));
    case T_STRING: return P(newInt(codePointCount(changetype<StringValue>(v).s)));
  }
  return 0;
}

/**
 * True when every element is a number; `fastOK` tells whether all are text-less integers below
 * 2^53 (f64 accumulation is then exact while the running value stays below 2^53).
 */
let fastOK = false;
function allNumbers(xs: Array<Value>): bool {
  fastOK = true;
  for (let i = 0, n = xs.length; i < n; i++) {
    let x = unchecked(xs[i]);
    if (x.tag != T_NUMBER) return false;
    let v = changetype<NumberValue>(x);
    let f = v.n;
    if (changetype<usize>(v.text) != 0 || !(Math.abs(f) < EXACT) || Math.floor(f) != f) fastOK = false;
  }
  return true;
}

/** sum(array|set of numbers); 0 when empty. Exact on integers of any size, else big.Float. */
export function bi_sum(a: usize): usize { return fold(a, false); }

/** product(array|set of numbers); 1 when empty. Exact on integers of any size, else big.Float. */
export function bi_product(a: usize): usize { return fold(a, true); }

/** sum or product: doubles while every operand and partial result is an exact integer, else foldSlow. */
function fold(a: usize, product: bool): usize {
  let xs = elements(a);
  if (xs === null || !allNumbers(xs)) return 0;
  if (fastOK) {
    let s: f64 = product ? 1 : 0;
    let i = 0, n = xs.length;
    for (; i < n; i++) {
      let x = asNumber(unchecked(xs[i]));
      s = product ? s * x : s + x;
      if (!(Math.abs(s) < EXACT)) break;
    }
    if (i == n) return P(newNumber(s == 0 ? 0 : s));
  }
  return P(foldSlow(xs, product));
}

/** max(array|set); undefined when empty. */
export function bi_max(a: usize): usize {
  let xs = elements(a);
  if (xs === null || xs.length == 0) return 0;
  let m = unchecked(xs[0]);
  for (let i = 1, n = xs.length; i < n; i++) { let x = unchecked(xs[i]); if (compare(x, m) > 0) m = x; }
  return P(m);
}

/** min(array|set); undefined when empty. */
export function bi_min(a: usize): usize {
  let xs = elements(a);
  if (xs === null || xs.length == 0) return 0;
  let m = unchecked(xs[0]);
  for (let i = 1, n = xs.length; i < n; i++) { let x = unchecked(xs[i]); if (compare(x, m) < 0) m = x; }
  return P(m);
}

/** sort(array|set) → sorted array. */
export function bi_sort(a: usize): usize {
  let xs = elements(a);
  if (xs === null) return 0;
  let out = xs.slice(0);
  if (load<i32>(a) == T_ARRAY) sortValues(out);
  return P(new ArrayValue(out));
}

/** union(set of sets) */
export function bi_union(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_SET) return 0;
  let sets = changetype<SetValue>(a).items;
  let acc = new Array<Value>(0);
  for (let i = 0, n = sets.length; i < n; i++) {
    let s = unchecked(sets[i]);
    if (s.tag != T_SET) return 0;
    acc = mergeSorted(acc, changetype<SetValue>(s).items);
  }
  return P(new SetValue(acc));
}

/** intersection(set of sets); empty set for an empty input. */
export function bi_intersection(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_SET) return 0;
  let sets = changetype<SetValue>(a).items;
  let n = sets.length;
  if (n == 0) return P(newSet());
  for (let i = 0; i < n; i++) if (unchecked(sets[i]).tag != T_SET) return 0;
  let acc = changetype<SetValue>(unchecked(sets[0])).items.slice(0);
  for (let i = 1; i < n; i++) {
    let s = changetype<SetValue>(unchecked(sets[i]));
    let w = 0;
    for (let j = 0, m = acc.length; j < m; j++) {
      let x = unchecked(acc[j]);
      if (setContains(s, x)) { unchecked(acc[w] = x); w++; }
    }
    acc.length = w;
  }
  return P(new SetValue(acc));
}
