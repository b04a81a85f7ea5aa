// Text output: a UTF-8 byte buffer on the heap, JSON serialisation (OPA/Go encoding rules) and the
// evaluator's `%v` / String() formatting of values.
import { magToDecimal, magShl, magFromU64 } from "./lib/bigint";
import {
  Value, NumberValue, StringValue, BoolValue, ArrayValue, ObjectValue, SetValue,
  T_NULL, T_BOOL, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
} from "./value";
import { shortestDecimal } from "./lib/ftoa";

/** A growable UTF-8 byte buffer in linear memory. */
export class Buf {
  ptr: usize;
  len: usize = 0;
  cap: usize;
  constructor(cap: usize = 64) {
    this.ptr = __alloc(cap);
    this.cap = cap;
  }
  @inline reserve(n: usize): void {  // ensure room for n more bytes
    if (this.len + n > this.cap) this.grow(n);
  }
  grow(n: usize): void {
    let ncap = this.cap << 1;
    if (ncap < this.len + n) ncap = this.len + n + 16;
    this.ptr = __realloc(this.ptr, ncap);
    this.cap = ncap;
  }
  @inline byte(b: i32): void {
    this.reserve(1);
    store<u8>(this.ptr + this.len, <u8>b);
    this.len++;
  }
  /** Append raw bytes. */
  bytes(p: usize, n: usize): void {
    this.reserve(n);
    memory.copy(this.ptr + this.len, p, n);
    this.len += n;
  }
  /** Append an ASCII-only AS string (e.g. a number's text). */
  ascii(s: string): void {
    let n = <usize>s.length;
    this.reserve(n);
    let sp = changetype<usize>(s), d = this.ptr + this.len;
    for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(sp + (i << 1)));
    this.len += n;
  }
  /** Append a code point as UTF-8. */
  codePoint(c: i32): void {
    this.reserve(4);
    let d = this.ptr + this.len;
    if (c < 0x80) { store<u8>(d, <u8>c); this.len += 1; }
    else if (c < 0x800) {
      store<u8>(d, <u8>(0xC0 | (c >> 6))); store<u8>(d + 1, <u8>(0x80 | (c & 63))); this.len += 2;
    } else if (c < 0x10000) {
      store<u8>(d, <u8>(0xE0 | (c >> 12))); store<u8>(d + 1, <u8>(0x80 | ((c >> 6) & 63)));
      store<u8>(d + 2, <u8>(0x80 | (c & 63))); this.len += 3;
    } else {
      store<u8>(d, <u8>(0xF0 | (c >> 18))); store<u8>(d + 1, <u8>(0x80 | ((c >> 12) & 63)));
      store<u8>(d + 2, <u8>(0x80 | ((c >> 6) & 63))); store<u8>(d + 3, <u8>(0x80 | (c & 63))); this.len += 4;
    }
  }
  /** Append an AS string as UTF-8 (no escaping). */
  utf8(s: string): void {
    let n = s.length, sp = changetype<usize>(s);
    this.reserve(<usize>n);
    for (let i = 0; i < n; i++) {
      let c = <i32>load<u16>(sp + (<usize>i << 1));
      if (c < 0x80) { this.byte(c); continue; }
      if (c >= 0xD800 && c < 0xDC00 && i + 1 < n) {
        let d = <i32>load<u16>(sp + (<usize>(i + 1) << 1));
        if (d >= 0xDC00 && d < 0xE000) { c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); i++; }
      }
      this.codePoint(c);
    }
  }
  /** NUL-terminate and return the address of the first byte. */
  cstr(): usize {
    this.byte(0);
    return this.ptr;
  }
  /** The buffer's contents as an AS string. */
  toString(): string {
    return String.UTF8.decodeUnsafe(this.ptr, this.len, false);
  }
}

const HEX = "0123456789abcdef";

function hexDigit(d: i32): i32 { return <i32>HEX.charCodeAt(d & 15); }

/** Append `s` as a JSON string literal with Go encoding/json escaping (HTML-safe, like OPA). */
export function writeJSONString(b: Buf, s: string): void {
  let n = s.length, sp = changetype<usize>(s);
  b.reserve(<usize>n * 6 + 2); // worst case: every unit escaped as \uXXXX
  let d = b.ptr + b.len;
  store<u8>(d++, 0x22);
  let i = 0;
  while (i < n) {
    let c = <i32>load<u16>(sp + (<usize>i << 1));
    i++;
    if (c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5C && c != 0x3C && c != 0x3E && c != 0x26) { store<u8>(d++, <u8>c); continue; }
    if (c == 0x22 || c == 0x5C) { store<u8>(d++, 0x5C); store<u8>(d++, <u8>c); continue; }
    if (c == 0x0A) { store<u8>(d++, 0x5C); store<u8>(d++, 0x6E); continue; }
    if (c == 0x0D) { store<u8>(d++, 0x5C); store<u8>(d++, 0x72); continue; }
    if (c == 0x09) { store<u8>(d++, 0x5C); store<u8>(d++, 0x74); continue; }
    if (c == 0x08) { store<u8>(d++, 0x5C); store<u8>(d++, 0x62); continue; }
    if (c == 0x0C) { store<u8>(d++, 0x5C); store<u8>(d++, 0x66); continue; }
    if (c < 0x20 || c == 0x3C || c == 0x3E || c == 0x26 || c == 0x2028 || c == 0x2029) {
      store<u8>(d, 0x5C); store<u8>(d + 1, 0x75);
      store<u8>(d + 2, <u8>hexDigit(c >> 12)); store<u8>(d + 3, <u8>hexDigit(c >> 8));
      store<u8>(d + 4, <u8>hexDigit(c >> 4)); store<u8>(d + 5, <u8>hexDigit(c));
      d += 6;
      continue;
    }
    if (c < 0x800) {
      store<u8>(d, <u8>(0xC0 | (c >> 6))); store<u8>(d + 1, <u8>(0x80 | (c & 63))); d += 2; continue;
    }
    if (c >= 0xD800 && c < 0xDC00 && i < n) {
      let e = <i32>load<u16>(sp + (<usize>i << 1));
      if (e >= 0xDC00 && e < 0xE000) {
        let cp = 0x10000 + ((c - 0xD800) << 10) + (e - 0xDC00);
        i++;
        store<u8>(d, <u8>(0xF0 | (cp >> 18))); store<u8>(d + 1, <u8>(0x80 | ((cp >> 12) & 63)));
        store<u8>(d + 2, <u8>(0x80 | ((cp >> 6) & 63))); store<u8>(d + 3, <u8>(0x80 | (cp & 63)));
        d += 4;
        continue;
      }
    }
    if (c >= 0xD800 && c < 0xE000) c = 0xFFFD; // lone surrogate (never produced by the parser)
    store<u8>(d, <u8>(0xE0 | (c >> 12))); store<u8>(d + 1, <u8>(0x80 | ((c >> 6) & 63)));
    store<u8>(d + 2, <u8>(0x80 | (c & 63))); d += 3;
  }
  store<u8>(d++, 0x22);
  b.len = d - b.ptr;
}

/**
 * OPA's text of a number: its literal text when it has one, else integers without a fraction
 * and other floats in shortest round-trip form (7/3 → 2.3333333333333335).
 */
export function formatNumber(v: NumberValue): string {
  let t = v.text;
  if (t !== null) return t;
  return formatF64(v.n);
}

/**
 * Text of a computed f64 as OPA prints a computed number (builtins.FloatToNumber: integers in
 * full with 'f', other values with 'g' shortest): integers below 1e21 exactly; larger integers as
 * their shortest round-trip digits padded with zeros (1e15 * 1e15 → 1 and 30 zeros, as OPA's
 * big.Float prints it); fractions in shortest round-trip form, with an exponent when the decimal
 * exponent is below -4 or at least 6 (Go's 'g' with the shortest precision: 3.3333333333333335e-11,
 * 1.2345675e+06).
 */
export function formatF64(n: f64): string {
  if (n == 0) return "0";
  let integral = Math.floor(n) == n;
  if (integral && Math.abs(n) < 1e21) {
    if (Math.abs(n) < 9.2e18) return (<i64>n).toString();
    return bigIntegerText(n);
  }
  // exact shortest round-trip digits (AS's Grisu2 dtoa is not always shortest: 7/3 → …337)
  let d = shortestDecimal(Math.abs(n));
  let digits = "";
  for (let i = 0; i < d.nd; i++) digits += String.fromCharCode(48 + <i32>d.d[i]);
  let exp = d.dp - 1; // scientific exponent
  let s = n < 0 ? "-" : "";
  if (integral) return s + digits + "0".repeat(d.dp - d.nd);
  if (exp >= -4 && exp < 6) {
    if (d.dp <= 0) s += "0." + "0".repeat(-d.dp) + digits;
    else if (d.dp >= d.nd) s += digits + "0".repeat(d.dp - d.nd);
    else s += digits.substring(0, d.dp) + "." + digits.substring(d.dp);
  } else {
    s += digits.substring(0, 1);
    if (d.nd > 1) s += "." + digits.substring(1);
    let e = exp < 0 ? -exp : exp;
    s += (exp < 0 ? "e-" : "e+") + (e < 10 ? "0" : "") + e.toString();
  }
  return s;
}

function bigIntegerText(n: f64): string {
  // exact decimal expansion of an integral f64 >= 2^63 (below 1e21): mantissa * 2^exponent
  let bits = reinterpret<u64>(n);
  let m = (bits & 0xFFFFFFFFFFFFF) | (<u64>1 << 52);
  let e = <i32>((bits >> 52) & 0x7FF) - 1075;
  let s = magToDecimal(magShl(magFromU64(m), e));
  return n < 0 ? "-" + s : s;
}

/** Append the JSON text of a value (sorted keys, sets as sorted arrays). */
export function writeJSON(b: Buf, v: Value): void {
  switch (v.tag) {
    case T_NULL: b.ascii("null"); return;
    case T_BOOL: b.ascii(changetype<BoolValue>(v).b ? "true" : "false"); return;
    case T_NUMBER: b.ascii(formatNumber(changetype<NumberValue>(v))); return;
    case T_STRING: writeJSONString(b, changetype<StringValue>(v).s); return;
    case T_ARRAY: writeJSONList(b, changetype<ArrayValue>(v).items); return;
    case T_SET: writeJSONList(b, changetype<SetValue>(v).items); return;
    case T_OBJECT: writeJSONObject(b, changetype<ObjectValue>(v)); return;
  }
}

function writeJSONList(b: Buf, items: Array<Value>): void {
  b.byte(0x5B);
  for (let i = 0, n = items.length; i < n; i++) {
    if (i > 0) b.byte(0x2C);
    writeJSON(b, unchecked(items[i]));
  }
  b.byte(0x5D);
}

function writeJSONObject(b: Buf, o: ObjectValue): void {
  let keys = o.keys, vals = o.vals, n = keys.length;
  let allStrings = true;
  for (let i = 0; i < n; i++) if (unchecked(keys[i]).tag != T_STRING) { allStrings = false; break; }
  b.byte(0x7B);
  if (allStrings) {
    for (let i = 0; i < n; i++) {
      if (i > 0) b.byte(0x2C);
      writeJSONString(b, changetype<StringValue>(unchecked(keys[i])).s);
      b.byte(0x3A);
      writeJSON(b, unchecked(vals[i]));
    }
  } else {
    // Go marshals map[string]any: non-string keys become their JSON text, sorted as strings
    let texts = new Array<string>(n);
    let order = new Array<i32>(n);
    for (let i = 0; i < n; i++) {
      let k = unchecked(keys[i]);
      unchecked(texts[i] = k.tag == T_STRING ? changetype<StringValue>(k).s : toJSONString(k));
      unchecked(order[i] = i);
    }
    for (let i = 1; i < n; i++) { // insertion sort by key text (code point order)
      let x = unchecked(order[i]);
      let j = i - 1;
      while (j >= 0 && compareText(unchecked(texts[unchecked(order[j])]), unchecked(texts[x])) > 0) {
        unchecked(order[j + 1] = unchecked(order[j])); j--;
      }
      unchecked(order[j + 1] = x);
    }
    for (let i = 0; i < n; i++) {
      let j = unchecked(order[i]);
      if (i > 0) b.byte(0x2C);
      writeJSONString(b, unchecked(texts[j]));
      b.byte(0x3A);
      writeJSON(b, unchecked(vals[j]));
    }
  }
  b.byte(0x7D);
}

function compareText(a: string, b: string): i32 {
  // code point order; duplicated from value.compareStrings to avoid an import cycle at init
  let la = a.length, lb = b.length, n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    let ca = <i32>a.charCodeAt(i), cb = <i32>b.charCodeAt(i);
    if (ca != cb) {
      if (ca >= 0xD800 && cb >= 0xD800) {
        ca = ca >= 0xE000 ? ca - 0x800 : ca + 0x2000;
        cb = cb >= 0xE000 ? cb - 0x800 : cb + 0x2000;
      }
      return ca - cb;
    }
  }
  return la - lb;
}

/** JSON text of a value as an AS string (json.marshal). */
export function toJSONString(v: Value): string {
  let b = new Buf(64);
  writeJSON(b, v);
  return b.toString();
}

/** Append a Go strconv.Quote'd string (how the evaluator prints strings inside values). */
export function writeQuoted(b: Buf, s: string): void {
  b.byte(0x22);
  let n = s.length, sp = changetype<usize>(s);
  for (let i = 0; i < n; i++) {
    let c = <i32>load<u16>(sp + (<usize>i << 1));
    if (c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C) { b.byte(c); continue; }
    b.byte(0x5C);
    switch (c) {
      case 0x22: b.byte(0x22); continue;
      case 0x5C: b.byte(0x5C); continue;
      case 0x07: b.byte(0x61); continue;
      case 0x08: b.byte(0x62); continue;
      case 0x0C: b.byte(0x66); continue;
      case 0x0A: b.byte(0x6E); continue;
      case 0x0D: b.byte(0x72); continue;
      case 0x09: b.byte(0x74); continue;
      case 0x0B: b.byte(0x76); continue;
    }
    if (c < 0x80) { b.byte(0x78); b.byte(hexDigit(c >> 4)); b.byte(hexDigit(c)); continue; }
    b.len--; // not escaped: undo the backslash
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < n) {
      let d = <i32>load<u16>(sp + (<usize>(i + 1) << 1));
      if (d >= 0xDC00 && d < 0xE000) { c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); i++; }
    }
    b.codePoint(c);
  }
  b.byte(0x22);
}

/** Append the evaluator's String() of a value: strings quoted, `{"a": 1}`, `{1, 2}`, `set()`. */
export function writeRego(b: Buf, v: Value): void {
  switch (v.tag) {
    case T_STRING: writeQuoted(b, changetype<StringValue>(v).s); return;
    case T_ARRAY: {
      let items = changetype<ArrayValue>(v).items;
      b.byte(0x5B);
      for (let i = 0, n = items.length; i < n; i++) {
        if (i > 0) { b.byte(0x2C); b.byte(0x20); }
        writeRego(b, unchecked(items[i]));
      }
      b.byte(0x5D);
      return;
    }
    case T_SET: {
      let items = changetype<SetValue>(v).items;
      if (items.length == 0) { b.ascii("set()"); return; }
      b.byte(0x7B);
      for (let i = 0, n = items.length; i < n; i++) {
        if (i > 0) { b.byte(0x2C); b.byte(0x20); }
        writeRego(b, unchecked(items[i]));
      }
      b.byte(0x7D);
      return;
    }
    case T_OBJECT: {
      let o = changetype<ObjectValue>(v);
      b.byte(0x7B);
      for (let i = 0, n = o.keys.length; i < n; i++) {
        if (i > 0) { b.byte(0x2C); b.byte(0x20); }
        writeRego(b, unchecked(o.keys[i]));
        b.byte(0x3A); b.byte(0x20);
        writeRego(b, unchecked(o.vals[i]));
      }
      b.byte(0x7D);
      return;
    }
  }
  writeJSON(b, v); // null, booleans, numbers
}

/** sprintf's `%v` of a value: a top-level string is printed raw, everything else as writeRego. */
export function valueToRegoString(v: Value): string {
  if (v.tag == T_STRING) return changetype<StringValue>(v).s;
  let b = new Buf(32);
  writeRego(b, v);
  return b.toString();
}

/** The evaluator's String() of a value (strings quoted): `"a"`, `[1, "two"]`. */
export function valueToRegoTerm(v: Value): string {
  let b = new Buf(32);
  writeRego(b, v);
  return b.toString();
}
