// object.*, array.* and the deprecated any/all.
import {
  Value, V, P, T_ARRAY, T_OBJECT, T_SET, T_NUMBER, T_BOOL, ArrayValue, ObjectValue, SetValue,
  newObject, newBool, searchSorted, setContains, objectGet, objectInsert, asNumber, asBool, isInteger,
} from "../value";
import { dot, copyObject } from "../rt";

/** object.get(obj, key, default); an array key is a path (each step a lookup). */
export function bi_object$get(o: usize, k: usize, d: usize): usize {
  if (o == 0 || k == 0 || d == 0 || load<i32>(o) != T_OBJECT) return 0;
  let obj = changetype<ObjectValue>(o);
  let key = V(k);
  if (key.tag == T_ARRAY) {
    let path = changetype<ArrayValue>(key).items;
    let cur: Value = obj;
    for (let i = 0, n = path.length; i < n; i++) {
      let next = dot(cur, unchecked(path[i]));
      if (next === null) return d;
      cur = next;
    }
    return P(cur);
  }
  let r = objectGet(obj, key);
  return r === null ? d : P(r);
}

/** object.keys(obj) → set of keys. */
export function bi_object$keys(o: usize): usize {
  if (o == 0 || load<i32>(o) != T_OBJECT) return 0;
  return P(new SetValue(changetype<ObjectValue>(o).keys.slice(0)));
}

/** Keys given as an array, set or object (its keys), as a sorted unique list; null otherwise. */
function keyList(p: usize): SetValue | null {
  if (p == 0) return null;
  let t = load<i32>(p);
  if (t == T_SET) return changetype<SetValue>(p);
  if (t == T_OBJECT) return new SetValue(changetype<ObjectValue>(p).keys);
  if (t == T_ARRAY) {
    let s = new SetValue(new Array<Value>(0));
    let items = changetype<ArrayValue>(p).items;
    for (let i = 0, n = items.length; i < n; i++) {
      let x = unchecked(items[i]);
      let j = searchSorted(s.items, x);
      if (j < 0) insertSorted(s.items, -j - 1, x);
    }
    return s;
  }
  return null;
}

function insertSorted(a: Array<Value>, i: i32, v: Value): void {
  a.push(v);
  for (let j = a.length - 1; j > i; j--) unchecked(a[j] = unchecked(a[j - 1]));
  unchecked(a[i] = v);
}

/** object.remove(obj, keys) */
export function bi_object$remove(o: usize, k: usize): usize {
  if (o == 0 || load<i32>(o) != T_OBJECT) return 0;
  let ks = keyList(k);
  if (ks === null) return 0;
  let obj = changetype<ObjectValue>(o);
  let keys = new Array<Value>(0), vals = new Array<Value>(0);
  for (let i = 0, n = obj.keys.length; i < n; i++) {
    let key = unchecked(obj.keys[i]);
    if (!setContains(ks, key)) { keys.push(key); vals.push(unchecked(obj.vals[i])); }
  }
  return P(new ObjectValue(keys, vals));
}

/** object.filter(obj, keys) */
export function bi_object$filter(o: usize, k: usize): usize {
  if (o == 0 || load<i32>(o) != T_OBJECT) return 0;
  let ks = keyList(k);
  if (ks === null) return 0;
  let obj = changetype<ObjectValue>(o);
  let keys = new Array<Value>(0), vals = new Array<Value>(0);
  for (let i = 0, n = obj.keys.length; i < n; i++) {
    let key = unchecked(obj.keys[i]);
    if (setContains(ks, key)) { keys.push(key); vals.push(unchecked(obj.vals[i])); }
  }
  return P(new ObjectValue(keys, vals));
}

function unionObjects(a: ObjectValue, b: ObjectValue): ObjectValue {
  let out = copyObject(a);
  for (let i = 0, n = b.keys.length; i < n; i++) {
    let k = unchecked(b.keys[i]), v = unchecked(b.vals[i]);
    let cur = objectGet(a, k);
    if (cur !== null && cur.tag == T_OBJECT && v.tag == T_OBJECT) {
      objectInsert(out, k, unionObjects(changetype<ObjectValue>(cur), changetype<ObjectValue>(v)));
    } else objectInsert(out, k, v);
  }
  return out;
}

/** object.union(a, b): recursive merge, b wins on conflicts. */
export function bi_object$union(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_OBJECT || load<i32>(b) != T_OBJECT) return 0;
  return P(unionObjects(changetype<ObjectValue>(a), changetype<ObjectValue>(b)));
}

/** array.concat(a, b) */
export function bi_array$concat(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_ARRAY || load<i32>(b) != T_ARRAY) return 0;
  return P(new ArrayValue(changetype<ArrayValue>(a).items.concat(changetype<ArrayValue>(b).items)));
}

/** array.slice(a, start, stop): clamped to [0, len]; empty when start >= stop. */
export function bi_array$slice(a: usize, s: usize, e: usize): usize {
  if (a == 0 || s == 0 || e == 0 || load<i32>(a) != T_ARRAY) return 0;
  if (!isInteger(V(s)) || !isInteger(V(e))) return 0;
  let items = changetype<ArrayValue>(a).items;
  let n = <f64>items.length;
  let start = asNumber(V(s)), stop = asNumber(V(e));
  if (start < 0) start = 0;
  if (stop > n) stop = n;
  if (start >= stop) return P(new ArrayValue(new Array<Value>(0)));
  return P(new ArrayValue(items.slice(<i32>start, <i32>stop)));
}

/** array.reverse(a) */
export function bi_array$reverse(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_ARRAY) return 0;
  let items = changetype<ArrayValue>(a).items;
  let n = items.length;
  let out = new Array<Value>(n);
  for (let i = 0; i < n; i++) unchecked(out[i] = unchecked(items[n - 1 - i]));
  return P(new ArrayValue(out));
}

function boolElements(p: usize): Array<Value> | null {
  if (p == 0) return null;
  let t = load<i32>(p);
  if (t == T_ARRAY) return changetype<ArrayValue>(p).items;
  if (t == T_SET) return changetype<SetValue>(p).items;
  return null;
}

// @ts-ignore: decorator
@inline function isTrue(v: Value): bool { return v.tag == T_BOOL && asBool(v); }

/** any(array|set): some element is true (deprecated, v0). */
export function bi_any(a: usize): usize {
  let xs = boolElements(a);
  if (xs === null) return 0;
  for (let i = 0, n = xs.length; i < n; i++) if (isTrue(unchecked(xs[i]))) return P(newBool(true));
  return P(newBool(false));
}

/** all(array|set): every element is true (deprecated, v0). */
export function bi_all(a: usize): usize {
  let xs = boolElements(a);
  if (xs === null) return 0;
  for (let i = 0, n = xs.length; i < n; i++) if (!isTrue(unchecked(xs[i]))) return P(newBool(false));
  return P(newBool(true));
}
