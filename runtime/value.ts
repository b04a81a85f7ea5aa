// gpc runtime values: the value API shared by the runtime, the builtins and runtime/lib/.
//
// A value is an AssemblyScript object of class Value (subclass per type); at the wasm boundary a
// value is its address (usize/i32) and address 0 means "undefined". Values live on the bump heap
// (runtime/rt/bump.ts) and are discarded when the host resets the heap, so never cache a value in a
// global across evaluations (only values built during start-up — constants, NULL/TRUE/FALSE — are
// permanent).
//
// Invariants:
// - Values reachable from a constant, from input or from data are immutable. Only a collection
//   the caller just created (newArray/newObject/newSet, or a copy) may be mutated.
// - Objects keep their entries sorted by key (compare()) and sets keep their elements sorted and
//   unique, so iteration order is OPA's sorted order and lookups are binary searches.
// - Strings are AssemblyScript `string`s (UTF-16 internally, UTF-8 at the JSON boundary). Ordering
//   is by Unicode code point (= UTF-8 byte order), see compareStrings(). Lone surrogates never
//   occur (JSON parsing replaces them with U+FFFD).
// - Numbers are f64 plus, optionally, their exact text. Without text the value is exactly `n`
//   (integers below 2^53 on the fast paths, or a builtin's float whose OPA text is formatF64(n));
//   with text (JSON input, data, policy constants, exact big-integer and big.Float results, see
//   runtime/numeric.ts) the text is the value and `n` only its nearest f64, so output reproduces
//   "1.0", "1e3" or big integers like OPA does and comparisons are exact.

import { charge } from "./budget";
import { parseDec, decCmp } from "./lib/decimal";
import { formatNumber as numberText } from "./text";

// ─── type tags (OPA order) ────────────────────────────────────────────────────────────────────
// @ts-ignore: decorator
@inline export const T_NULL: i32 = 1;
// @ts-ignore: decorator
@inline export const T_BOOL: i32 = 2;
// @ts-ignore: decorator
@inline export const T_NUMBER: i32 = 3;
// @ts-ignore: decorator
@inline export const T_STRING: i32 = 4;
// @ts-ignore: decorator
@inline export const T_ARRAY: i32 = 5;
// @ts-ignore: decorator
@inline export const T_OBJECT: i32 = 6;
// @ts-ignore: decorator
@inline export const T_SET: i32 = 7;

/** Base class of every value; `tag` is one of the T_* constants (their order is OPA's type order). */
export class Value {
  tag: i32;
  constructor(tag: i32) { this.tag = tag; }
}

/** `true` / `false`. Use TRUE/FALSE/newBool rather than constructing. */
@final export class BoolValue extends Value {
  b: bool;
  constructor(b: bool) { super(T_BOOL); this.b = b; }
}

/** A number: `n`, and `text` (its exact spelling) when it differs from formatF64(n) or n is inexact. */
@final export class NumberValue extends Value {
  n: f64;
  text: string | null;
  constructor(n: f64, text: string | null) { super(T_NUMBER); this.n = n; this.text = text; }
}

/** A string. */
@final export class StringValue extends Value {
  s: string;
  constructor(s: string) { super(T_STRING); this.s = s; }
}

/** An array; `items` may be pushed to only while the array is fresh. */
@final export class ArrayValue extends Value {
  items: Array<Value>;
  constructor(items: Array<Value>) { super(T_ARRAY); this.items = items; }
}

/** An object: parallel arrays `keys`/`vals`, sorted by key, keys unique. */
@final export class ObjectValue extends Value {
  keys: Array<Value>;
  vals: Array<Value>;
  constructor(keys: Array<Value>, vals: Array<Value>) { super(T_OBJECT); this.keys = keys; this.vals = vals; }
}

/** A set: `items` sorted and unique. */
@final export class SetValue extends Value {
  items: Array<Value>;
  constructor(items: Array<Value>) { super(T_SET); this.items = items; }
}

// ─── boundary helpers ─────────────────────────────────────────────────────────────────────────

/** The value at address `p` (p must not be 0; check `p == 0` for undefined first). */
// @ts-ignore: decorator
@inline export function V(p: usize): Value { return changetype<Value>(p); }
/** The address of a value (to return from a bi_* / rt_* export). */
// @ts-ignore: decorator
@inline export function P(v: Value): usize { return changetype<usize>(v); }
/** Tag of the value at address p, or 0 when p is 0 (undefined). */
// @ts-ignore: decorator
@inline export function tagAt(p: usize): i32 { return p == 0 ? 0 : load<i32>(p); }

// ─── singletons (created at start-up, permanent) ──────────────────────────────────────────────

/** The null value. */
export let NULL: Value = changetype<Value>(0);
/** The boolean true. */
export let TRUE: BoolValue = changetype<BoolValue>(0);
/** The boolean false. */
export let FALSE: BoolValue = changetype<BoolValue>(0);

/** Called once by the start function before anything else allocates values. */
export function initValues(): void {
  NULL = new Value(T_NULL);
  TRUE = new BoolValue(true);
  FALSE = new BoolValue(false);
}

// ─── constructors ─────────────────────────────────────────────────────────────────────────────

/** TRUE or FALSE. */
// @ts-ignore: decorator
@inline export function newBool(b: bool): Value { return b ? TRUE : FALSE; }
/** A computed number (printed as OPA prints computed numbers, see formatNumber). */
export function newNumber(n: f64): Value { return new NumberValue(n, null); }
/** A number from an integer. */
export function newInt(n: i64): Value { return new NumberValue(<f64>n, null); }
/** A number with an explicit spelling (must be valid JSON number text whose value is n). */
export function newNumberText(n: f64, text: string): Value { return new NumberValue(n, text); }
/** A string value. */
export function newString(s: string): Value { return new StringValue(s); }
/** A fresh empty array (optionally with capacity). */
export function newArray(capacity: i32 = 0): ArrayValue {
  let a = new Array<Value>(capacity);
  a.length = 0;
  return new ArrayValue(a);
}
/** An array value wrapping `items` (takes ownership). */
export function arrayOf(items: Array<Value>): ArrayValue { return new ArrayValue(items); }
/** A fresh empty object. */
export function newObject(): ObjectValue { return new ObjectValue(new Array<Value>(0), new Array<Value>(0)); }
/** A fresh empty set. */
export function newSet(): SetValue { return new SetValue(new Array<Value>(0)); }

// ─── accessors ────────────────────────────────────────────────────────────────────────────────

/** Type checks. */
// @ts-ignore: decorator
@inline export function isNull(v: Value): bool { return v.tag == T_NULL; }
// @ts-ignore: decorator
@inline export function isBool(v: Value): bool { return v.tag == T_BOOL; }
// @ts-ignore: decorator
@inline export function isNumber(v: Value): bool { return v.tag == T_NUMBER; }
// @ts-ignore: decorator
@inline export function isString(v: Value): bool { return v.tag == T_STRING; }
// @ts-ignore: decorator
@inline export function isArray(v: Value): bool { return v.tag == T_ARRAY; }
// @ts-ignore: decorator
@inline export function isObject(v: Value): bool { return v.tag == T_OBJECT; }
// @ts-ignore: decorator
@inline export function isSet(v: Value): bool { return v.tag == T_SET; }
/** Array, object or set. */
// @ts-ignore: decorator
@inline export function isCollection(v: Value): bool { return v.tag >= T_ARRAY; }

/** The bool of a BoolValue (caller checked isBool). */
// @ts-ignore: decorator
@inline export function asBool(v: Value): bool { return changetype<BoolValue>(v).b; }
/** The f64 of a NumberValue (caller checked isNumber). */
// @ts-ignore: decorator
@inline export function asNumber(v: Value): f64 { return changetype<NumberValue>(v).n; }
/** The string of a StringValue (caller checked isString). */
// @ts-ignore: decorator
@inline export function asString(v: Value): string { return changetype<StringValue>(v).s; }
/** Casts (caller checked the tag). */
// @ts-ignore: decorator
@inline export function asArray(v: Value): ArrayValue { return changetype<ArrayValue>(v); }
// @ts-ignore: decorator
@inline export function asObject(v: Value): ObjectValue { return changetype<ObjectValue>(v); }
// @ts-ignore: decorator
@inline export function asSet(v: Value): SetValue { return changetype<SetValue>(v); }

/** True when v is a number with an integral value (like OPA's `x.Int()` succeeding). */
export function isInteger(v: Value): bool {
  if (v.tag != T_NUMBER) return false;
  let n = changetype<NumberValue>(v).n;
  return isFinite(n) && Math.floor(n) == n;
}

/** Elements of an array / entries of an object / elements of a set; 0 otherwise. */
export function collectionSize(v: Value): i32 {
  let t = v.tag;
  if (t == T_ARRAY) return changetype<ArrayValue>(v).items.length;
  if (t == T_OBJECT) return changetype<ObjectValue>(v).keys.length;
  if (t == T_SET) return changetype<SetValue>(v).items.length;
  return 0;
}

/** Number of Unicode code points of an AS string. */
export function codePointCount(s: string): i32 {
  let n = s.length;
  charge(n >> 4);
  let p = changetype<usize>(s);
  let count = n;
  for (let i = 0; i < n; i++) {
    let c = load<u16>(p + (<usize>i << 1));
    if (c >= 0xDC00 && c <= 0xDFFF) count--; // low surrogate: second half of a pair
  }
  return count;
}

// ─── ordering and equality (OPA's ast.Compare) ────────────────────────────────────────────────

/** Code point order of two AS strings (= UTF-8 byte order): <0, 0, >0. */
export function compareStrings(a: string, b: string): i32 {
  if (a === b) return 0;
  let la = a.length, lb = b.length;
  let n = la < lb ? la : lb;
  if (n > 256) charge(n >> 6);
  let pa = changetype<usize>(a), pb = changetype<usize>(b);
  if (n > 0) { // most keys differ in their first unit
    let a0 = <i32>load<u16>(pa), b0 = <i32>load<u16>(pb);
    if (a0 != b0 && (a0 < 0xD800 || b0 < 0xD800)) return a0 - b0;
  }
  let i = 0;
  // skip equal 4-unit blocks
  while (i + 4 <= n && load<u64>(pa + (<usize>i << 1)) == load<u64>(pb + (<usize>i << 1))) i += 4;
  for (; i < n; i++) {
    let ca = <i32>load<u16>(pa + (<usize>i << 1));
    let cb = <i32>load<u16>(pb + (<usize>i << 1));
    if (ca != cb) {
      // surrogates (D800-DFFF) encode code points above FFFF: they sort after E000-FFFF
      if (ca >= 0xD800 && cb >= 0xD800) {
        ca = ca >= 0xE000 ? ca - 0x800 : ca + 0x2000;
        cb = cb >= 0xE000 ? cb - 0x800 : cb + 0x2000;
      }
      return ca - cb;
    }
  }
  return la - lb;
}

/** Total order of OPA: null < false < true < numbers < strings < arrays < objects < sets. */
export function compare(a: Value, b: Value): i32 {
  if (a === b) return 0;
  charge(1);
  let ta = a.tag, tb = b.tag;
  if (ta != tb) return ta - tb;
  switch (ta) {
    case T_NULL: return 0;
    case T_BOOL: return <i32>changetype<BoolValue>(a).b - <i32>changetype<BoolValue>(b).b;
    case T_NUMBER: {
      let x = changetype<NumberValue>(a), y = changetype<NumberValue>(b);
      if (changetype<usize>(x.text) == 0 && changetype<usize>(y.text) == 0) return x.n < y.n ? -1 : x.n > y.n ? 1 : 0;
      return compareNumbers(x, y);
    }
    case T_STRING: return compareStrings(changetype<StringValue>(a).s, changetype<StringValue>(b).s);
    case T_ARRAY: return compareLists(changetype<ArrayValue>(a).items, changetype<ArrayValue>(b).items);
    case T_SET: return compareLists(changetype<SetValue>(a).items, changetype<SetValue>(b).items);
    case T_OBJECT: {
      let oa = changetype<ObjectValue>(a), ob = changetype<ObjectValue>(b);
      let na = oa.keys.length, nb = ob.keys.length;
      let n = na < nb ? na : nb;
      for (let i = 0; i < n; i++) {
        let c = compare(unchecked(oa.keys[i]), unchecked(ob.keys[i]));
        if (c != 0) return c;
        c = compare(unchecked(oa.vals[i]), unchecked(ob.vals[i]));
        if (c != 0) return c;
      }
      return na - nb;
    }
  }
  return 0;
}

function compareLists(a: Array<Value>, b: Array<Value>): i32 {
  let na = a.length, nb = b.length;
  let n = na < nb ? na : nb;
  for (let i = 0; i < n; i++) {
    let c = compare(unchecked(a[i]), unchecked(b[i]));
    if (c != 0) return c;
  }
  return na - nb;
}

/** Rego equality (1 == 1.0; collections structurally). */
export function equal(a: Value, b: Value): bool {
  if (a === b) return true;
  if (a.tag != b.tag) return false;
  if (a.tag == T_STRING) {
    let s = changetype<StringValue>(a).s, t = changetype<StringValue>(b).s;
    if (s.length > 256) charge(s.length >> 6);
    return s == t;
  }
  if (a.tag == T_NUMBER) {
    let x = changetype<NumberValue>(a), y = changetype<NumberValue>(b);
    if (changetype<usize>(x.text) == 0 && changetype<usize>(y.text) == 0) return x.n == y.n;
    return compareNumbers(x, y) == 0;
  }
  return compare(a, b) == 0;
}

/**
 * Order of two numbers by exact value (OPA's NumberCompare, big.Rat): the f64s decide when both
 * are exact (no text) or clearly apart; otherwise the texts are compared as decimals, so big
 * integers that share an f64 still differ and 1e400 < 2e400.
 */
export function compareNumbers(a: NumberValue, b: NumberValue): i32 {
  let x = a.n, y = b.n;
  if (changetype<usize>(a.text) == 0 && changetype<usize>(b.text) == 0) return x < y ? -1 : x > y ? 1 : 0;
  if (x != y && isFinite(x) && isFinite(y) && Math.abs(x - y) > 1e-9 * Math.max(Math.abs(x), Math.abs(y))) {
    return x < y ? -1 : 1;
  }
  return decCmp(parseDec(numberText(a)), parseDec(numberText(b)));
}

// ─── lookup and mutation ──────────────────────────────────────────────────────────────────────

/** Index of `key` in a sorted list, or -(insertion point) - 1 when absent. */
export function searchSorted(list: Array<Value>, key: Value): i32 {
  let lo = 0, hi = list.length - 1;
  if (key.tag == T_STRING) {
    let ks = changetype<StringValue>(key).s;
    while (lo <= hi) {
      let mid = (lo + hi) >>> 1;
      let m = unchecked(list[mid]);
      let c = m.tag == T_STRING ? compareStrings(changetype<StringValue>(m).s, ks) : m.tag - T_STRING;
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let c = compare(unchecked(list[mid]), key);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** Index of string key `k` in a sorted key list, or a negative number when absent. */
export function searchString(list: Array<Value>, k: string): i32 {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let m = unchecked(list[mid]);
    let c = m.tag == T_STRING ? compareStrings(changetype<StringValue>(m).s, k) : m.tag - T_STRING;
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** obj[key], or null (AS null, i.e. undefined) when absent. */
export function objectGet(o: ObjectValue, key: Value): Value | null {
  let i = searchSorted(o.keys, key);
  return i >= 0 ? unchecked(o.vals[i]) : null;
}

/** obj["k"] for a string key, or null when absent. */
export function objectGetStr(o: ObjectValue, k: string): Value | null {
  let i = searchString(o.keys, k);
  return i >= 0 ? unchecked(o.vals[i]) : null;
}

/** Insert or overwrite `key: val` in a fresh object. */
export function objectInsert(o: ObjectValue, key: Value, val: Value): void {
  let i = searchSorted(o.keys, key);
  if (i >= 0) { unchecked(o.vals[i] = val); return; }
  i = -i - 1;
  let n = o.keys.length;
  if (i == n) { o.keys.push(key); o.vals.push(val); return; }
  insertAt(o.keys, i, key);
  insertAt(o.vals, i, val);
}

/** Insert `v` at index i of an array (shifting the tail). */
export function insertAt(a: Array<Value>, i: i32, v: Value): void {
  let n = a.length;
  a.push(v);
  if (i < n) {
    charge((n - i) >> 4);
    let base = a.dataStart;
    memory.copy(base + (<usize>(i + 1) << 2), base + (<usize>i << 2), <usize>(n - i) << 2);
    unchecked(a[i] = v);
  }
}

/** Add `v` to a fresh set (no-op when present). */
export function setAdd(s: SetValue, v: Value): void {
  let n = s.items.length;
  // fast path: appending in order (sorted producers, JSON arrays of sorted data)
  if (n == 0 || compare(unchecked(s.items[n - 1]), v) < 0) { s.items.push(v); return; }
  let i = searchSorted(s.items, v);
  if (i >= 0) return;
  insertAt(s.items, -i - 1, v);
}

/** True when set s contains v. */
export function setContains(s: SetValue, v: Value): bool { return searchSorted(s.items, v) >= 0; }

/** Append to a fresh array. */
// @ts-ignore: decorator
@inline export function arrayPush(a: ArrayValue, v: Value): void { a.items.push(v); }

/** Build a set from arbitrary elements (sorts and removes duplicates; takes ownership). */
export function setFromList(items: Array<Value>): SetValue {
  sortValues(items);
  let n = items.length;
  if (n > 1) {
    let w = 1;
    for (let i = 1; i < n; i++) {
      let x = unchecked(items[i]);
      if (compare(unchecked(items[w - 1]), x) != 0) { unchecked(items[w] = x); w++; }
    }
    items.length = w;
  }
  return new SetValue(items);
}

/**
 * Build an object from parallel key/value lists in any order (takes ownership). Duplicate keys:
 * the last one wins (like Go's encoding/json).
 */
export function objectFromLists(keys: Array<Value>, vals: Array<Value>): ObjectValue {
  let n = keys.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (compareKeys(unchecked(keys[i - 1]), unchecked(keys[i])) >= 0) { sorted = false; break; }
  }
  if (sorted) return new ObjectValue(keys, vals);
  if (n <= 32) {
    // stable insertion sort of both arrays in place, then drop earlier duplicates
    for (let i = 1; i < n; i++) {
      let k = unchecked(keys[i]), v = unchecked(vals[i]);
      let j = i - 1;
      while (j >= 0 && compareKeys(unchecked(keys[j]), k) > 0) {
        unchecked(keys[j + 1] = unchecked(keys[j])); unchecked(vals[j + 1] = unchecked(vals[j])); j--;
      }
      unchecked(keys[j + 1] = k); unchecked(vals[j + 1] = v);
    }
    let w = 0;
    for (let i = 0; i < n; i++) {
      let k = unchecked(keys[i]);
      if (w > 0 && compareKeys(unchecked(keys[w - 1]), k) == 0) { unchecked(vals[w - 1] = unchecked(vals[i])); continue; }
      unchecked(keys[w] = k); unchecked(vals[w] = unchecked(vals[i])); w++;
    }
    keys.length = w; vals.length = w;
    return new ObjectValue(keys, vals);
  }
  // stable sort of an index permutation, then dedupe keeping the last duplicate
  let idx = new Array<i32>(n);
  for (let i = 0; i < n; i++) unchecked(idx[i] = i);
  sortIndexByKey(idx, keys);
  let ks = new Array<Value>(n), vs = new Array<Value>(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    let j = unchecked(idx[i]);
    let k = unchecked(keys[j]);
    if (w > 0 && compare(unchecked(ks[w - 1]), k) == 0) { unchecked(vs[w - 1] = unchecked(vals[j])); continue; }
    unchecked(ks[w] = k); unchecked(vs[w] = unchecked(vals[j])); w++;
  }
  ks.length = w; vs.length = w;
  return new ObjectValue(ks, vs);
}

/** compare() with a fast path for two strings (the usual object key). */
// @ts-ignore: decorator
@inline function compareKeys(a: Value, b: Value): i32 {
  if (a.tag == T_STRING && b.tag == T_STRING) return compareStrings(changetype<StringValue>(a).s, changetype<StringValue>(b).s);
  return compare(a, b);
}

// ─── sorting ──────────────────────────────────────────────────────────────────────────────────

/** Stable in-place sort of values by compare(). */
export function sortValues(a: Array<Value>): void {
  let n = a.length;
  if (n < 2) return;
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      let x = unchecked(a[i]);
      let j = i - 1;
      while (j >= 0 && compare(unchecked(a[j]), x) > 0) { unchecked(a[j + 1] = unchecked(a[j])); j--; }
      unchecked(a[j + 1] = x);
    }
    return;
  }
  let tmp = new Array<Value>(n);
  mergeSort(a, tmp, 0, n);
}

function mergeSort(a: Array<Value>, tmp: Array<Value>, lo: i32, hi: i32): void {
  if (hi - lo <= 16) {
    for (let i = lo + 1; i < hi; i++) {
      let x = unchecked(a[i]);
      let j = i - 1;
      while (j >= lo && compare(unchecked(a[j]), x) > 0) { unchecked(a[j + 1] = unchecked(a[j])); j--; }
      unchecked(a[j + 1] = x);
    }
    return;
  }
  let mid = (lo + hi) >>> 1;
  mergeSort(a, tmp, lo, mid);
  mergeSort(a, tmp, mid, hi);
  if (compare(unchecked(a[mid - 1]), unchecked(a[mid])) <= 0) return;
  for (let i = lo; i < hi; i++) unchecked(tmp[i] = unchecked(a[i]));
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (compare(unchecked(tmp[j]), unchecked(tmp[i])) < 0) { unchecked(a[k++] = unchecked(tmp[j++])); }
    else { unchecked(a[k++] = unchecked(tmp[i++])); }
  }
  while (i < mid) unchecked(a[k++] = unchecked(tmp[i++]));
  while (j < hi) unchecked(a[k++] = unchecked(tmp[j++]));
}

function sortIndexByKey(idx: Array<i32>, keys: Array<Value>): void {
  // insertion sort for small n, merge sort otherwise (stable)
  let n = idx.length;
  let tmp = new Array<i32>(n);
  mergeIdx(idx, tmp, keys, 0, n);
}

function mergeIdx(a: Array<i32>, tmp: Array<i32>, keys: Array<Value>, lo: i32, hi: i32): void {
  if (hi - lo <= 16) {
    for (let i = lo + 1; i < hi; i++) {
      let x = unchecked(a[i]);
      let kx = unchecked(keys[x]);
      let j = i - 1;
      while (j >= lo && compare(unchecked(keys[unchecked(a[j])]), kx) > 0) { unchecked(a[j + 1] = unchecked(a[j])); j--; }
      unchecked(a[j + 1] = x);
    }
    return;
  }
  let mid = (lo + hi) >>> 1;
  mergeIdx(a, tmp, keys, lo, mid);
  mergeIdx(a, tmp, keys, mid, hi);
  for (let i = lo; i < hi; i++) unchecked(tmp[i] = unchecked(a[i]));
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (compare(unchecked(keys[unchecked(tmp[j])]), unchecked(keys[unchecked(tmp[i])])) < 0) unchecked(a[k++] = unchecked(tmp[j++]));
    else unchecked(a[k++] = unchecked(tmp[i++]));
  }
  while (i < mid) unchecked(a[k++] = unchecked(tmp[i++]));
  while (j < hi) unchecked(a[k++] = unchecked(tmp[j++]));
}

// ─── text (implemented in text.ts, re-exported here so value.ts is the one API to import) ─────
export {
  valueToRegoString, valueToRegoTerm, formatNumber, formatF64, toJSONString, Buf, writeJSON, writeRego,
} from "./text";
export { parseJSON, parseJSONString } from "./json";
