// JSON → values: a strict RFC 8259 parser over UTF-8 bytes in linear memory.
//
// Objects are built unsorted and sorted once (objectFromLists; duplicate keys: last wins, like
// Go). Invalid UTF-8, lone surrogate escapes (replaced by U+FFFD like Go), bad syntax and nesting
// deeper than MAX_DEPTH make the parse fail (null), never trap.
import {
  Value, NumberValue, StringValue, ArrayValue, SetValue, NULL, TRUE, FALSE, objectFromLists,
} from "./value";

/**
 * Maximum nesting of arrays/objects. Go allows 10000, but the recursive dump/compare of a value
 * that deep would exhaust the host stack (~5000 levels in Node), so the runtime stops at 1000:
 * deeper JSON is invalid (opa_eval aborts with "invalid input: exceeded max depth").
 */
// @ts-ignore: decorator
@inline export const MAX_DEPTH: i32 = 1000;

let pos: usize = 0;
/** Scratch stack of parsed elements (array items; object key, value pairs), per parse call. */
let stack: Array<Value> = changetype<Array<Value>>(0);
let end: usize = 0;
let depth: i32 = 0;
let failed: bool = false;
/** Why the last parse failed ("" when it did not). */
export let parseError: string = "";

/** Parse `len` bytes of JSON at `ptr`; null when invalid. */
export function parseJSON(ptr: usize, len: usize): Value | null {
  pos = ptr; end = ptr + len; depth = 0; failed = false; parseError = "";
  stack = new Array<Value>(64);
  stack.length = 0;
  skipWS();
  let v = parseValue();
  if (failed) return null;
  skipWS();
  if (pos != end) { fail("trailing characters"); return null; }
  return v;
}

/** Parse a JSON document held in an AS string (json.unmarshal); null when invalid. */
export function parseJSONString(s: string): Value | null {
  let buf = String.UTF8.encode(s, false);
  return parseJSON(changetype<usize>(buf), <usize>buf.byteLength);
}

function fail(msg: string): Value {
  if (!failed) { failed = true; parseError = msg; }
  return NULL;
}

// @ts-ignore: decorator
@inline function peek(): i32 { return pos < end ? <i32>load<u8>(pos) : -1; }

function skipWS(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) pos++;
    else break;
  }
}

function expectWord(w: string): bool {
  let n = <usize>w.length;
  if (end - pos < n) return false;
  for (let i: usize = 0; i < n; i++) {
    if (<u16>load<u8>(pos + i) != load<u16>(changetype<usize>(w) + (i << 1))) return false;
  }
  pos += n;
  return true;
}

function parseValue(): Value {
  let c = peek();
  switch (c) {
    case 0x7B: return parseObject();
    case 0x5B: return parseArray();
    case 0x22: return parseString();
    case 0x74: if (expectWord("true")) return TRUE; break;
    case 0x66: if (expectWord("false")) return FALSE; break;
    case 0x6E: if (expectWord("null")) return NULL; break;
    default: if (c == 0x2D || (c >= 0x30 && c <= 0x39)) return parseNumber();
  }
  return fail("invalid value");
}

function parseArray(): Value {
  pos++; // [
  if (++depth > MAX_DEPTH) return fail("exceeded max depth 1000");
  skipWS();
  if (peek() == 0x5D) { pos++; depth--; return new ArrayValue(new Array<Value>(0)); }
  let base = stack.length;
  while (true) {
    skipWS();
    let v = parseValue();
    if (failed) return NULL;
    stack.push(v);
    skipWS();
    let c = peek();
    if (c == 0x2C) { pos++; continue; }
    if (c == 0x5D) { pos++; break; }
    return fail("expected , or ]");
  }
  depth--;
  let n = stack.length - base;
  let items = new Array<Value>(n);
  memory.copy(items.dataStart, stack.dataStart + (<usize>base << 2), <usize>n << 2);
  stack.length = base;
  return new ArrayValue(items);
}

function parseObject(): Value {
  pos++; // {
  if (++depth > MAX_DEPTH) return fail("exceeded max depth 1000");
  skipWS();
  if (peek() == 0x7D) { pos++; depth--; return objectFromLists(new Array<Value>(0), new Array<Value>(0)); }
  let base = stack.length;
  while (true) {
    skipWS();
    if (peek() != 0x22) return fail("expected string key");
    let k = parseString();
    if (failed) return NULL;
    skipWS();
    if (peek() != 0x3A) return fail("expected :");
    pos++;
    skipWS();
    let v = parseValue();
    if (failed) return NULL;
    stack.push(k); stack.push(v);
    skipWS();
    let c = peek();
    if (c == 0x2C) { pos++; continue; }
    if (c == 0x7D) { pos++; break; }
    return fail("expected , or }");
  }
  depth--;
  let n = (stack.length - base) >> 1;
  let keys = new Array<Value>(n), vals = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    unchecked(keys[i] = unchecked(stack[base + 2 * i]));
    unchecked(vals[i] = unchecked(stack[base + 2 * i + 1]));
  }
  stack.length = base;
  return objectFromLists(keys, vals);
}

function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function read4Hex(p: usize): i32 {
  if (p + 4 > end) return -1;
  let a = hexVal(load<u8>(p)), b = hexVal(load<u8>(p + 1)), c = hexVal(load<u8>(p + 2)), d = hexVal(load<u8>(p + 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/** Length of a valid UTF-8 sequence starting at p (lead byte >= 0x80), or 0 when invalid. */
function utf8SeqLen(p: usize): i32 {
  let c = <i32>load<u8>(p);
  let n: i32, min: i32, cp: i32;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (p + <usize>n > end) return 0;
  for (let i = 1; i < n; i++) {
    let d = <i32>load<u8>(p + <usize>i);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

function parseString(): Value {
  pos++; // opening quote
  // pass 1: validate, find the end, count UTF-16 units
  let p = pos;
  let units = 0;
  let simple = true;
  while (true) {
    if (p >= end) return fail("unterminated string");
    let c = <i32>load<u8>(p);
    if (c == 0x22) break;
    if (c < 0x20) return fail("control character in string");
    if (c == 0x5C) {
      simple = false;
      if (p + 1 >= end) return fail("bad escape");
      let e = <i32>load<u8>(p + 1);
      if (e == 0x75) {
        let u = read4Hex(p + 2);
        if (u < 0) return fail("bad \\u escape");
        p += 6; units++;
        if (u >= 0xD800 && u < 0xDC00 && p + 1 < end && load<u8>(p) == 0x5C && load<u8>(p + 1) == 0x75) {
          let u2 = read4Hex(p + 2);
          if (u2 >= 0xDC00 && u2 < 0xE000) { p += 6; units++; }
        }
        continue;
      }
      if (e == 0x22 || e == 0x5C || e == 0x2F || e == 0x62 || e == 0x66 || e == 0x6E || e == 0x72 || e == 0x74) {
        p += 2; units++; continue;
      }
      return fail("bad escape");
    }
    if (c < 0x80) { p++; units++; continue; }
    simple = false;
    let n = utf8SeqLen(p);
    if (n == 0) return fail("invalid UTF-8");
    units += n == 4 ? 2 : 1;
    p += <usize>n;
  }
  let s = changetype<string>(__new(<usize>units << 1, idof<string>()));
  let d = changetype<usize>(s);
  if (simple) {
    for (let q = pos; q < p; q++) { store<u16>(d, <u16>load<u8>(q)); d += 2; }
    pos = p + 1;
    return new StringValue(s);
  }
  let q = pos;
  while (q < p) {
    let c = <i32>load<u8>(q);
    if (c == 0x5C) {
      let e = <i32>load<u8>(q + 1);
      if (e == 0x75) {
        let u = read4Hex(q + 2);
        q += 6;
        if (u >= 0xD800 && u < 0xDC00) {
          let u2 = q + 1 < p && load<u8>(q) == 0x5C && load<u8>(q + 1) == 0x75 ? read4Hex(q + 2) : -1;
          if (u2 >= 0xDC00 && u2 < 0xE000) {
            store<u16>(d, <u16>u); store<u16>(d + 2, <u16>u2); d += 4; q += 6; continue;
          }
          u = 0xFFFD;
        } else if (u >= 0xDC00 && u < 0xE000) u = 0xFFFD;
        store<u16>(d, <u16>u); d += 2;
        continue;
      }
      let r = e;
      if (e == 0x62) r = 8; else if (e == 0x66) r = 12; else if (e == 0x6E) r = 10;
      else if (e == 0x72) r = 13; else if (e == 0x74) r = 9;
      store<u16>(d, <u16>r); d += 2; q += 2;
      continue;
    }
    if (c < 0x80) { store<u16>(d, <u16>c); d += 2; q++; continue; }
    let n = utf8SeqLen(q);
    let cp: i32;
    if (n == 2) cp = ((c & 0x1F) << 6) | (load<u8>(q + 1) & 0x3F);
    else if (n == 3) cp = ((c & 0x0F) << 12) | ((load<u8>(q + 1) & 0x3F) << 6) | (load<u8>(q + 2) & 0x3F);
    else cp = ((c & 0x07) << 18) | ((load<u8>(q + 1) & 0x3F) << 12) | ((load<u8>(q + 2) & 0x3F) << 6) | (load<u8>(q + 3) & 0x3F);
    q += <usize>n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      store<u16>(d, <u16>(0xD800 + (cp >> 10))); store<u16>(d + 2, <u16>(0xDC00 + (cp & 0x3FF))); d += 4;
    } else { store<u16>(d, <u16>cp); d += 2; }
  }
  pos = p + 1;
  return new StringValue(s);
}

function parseNumber(): Value {
  let start = pos;
  let neg = false;
  if (peek() == 0x2D) { neg = true; pos++; }
  let c = peek();
  if (c < 0x30 || c > 0x39) return fail("invalid number");
  let intDigits = 0;
  let acc: f64 = 0;
  if (c == 0x30) { pos++; intDigits = 1; }
  else {
    while (true) {
      c = peek();
      if (c < 0x30 || c > 0x39) break;
      acc = acc * 10 + <f64>(c - 0x30);
      intDigits++; pos++;
    }
  }
  let plain = true;
  if (peek() == 0x2E) {
    plain = false; pos++;
    c = peek();
    if (c < 0x30 || c > 0x39) return fail("invalid number");
    while (true) { c = peek(); if (c < 0x30 || c > 0x39) break; pos++; }
  }
  c = peek();
  if (c == 0x65 || c == 0x45) {
    plain = false; pos++;
    c = peek();
    if (c == 0x2B || c == 0x2D) { pos++; c = peek(); }
    if (c < 0x30 || c > 0x39) return fail("invalid number");
    while (true) { c = peek(); if (c < 0x30 || c > 0x39) break; pos++; }
  }
  if (plain && intDigits <= 15 && !(neg && acc == 0)) {
    return new NumberValue(neg ? -acc : acc, null); // canonical integer: no need to keep the text
  }
  let text = String.UTF8.decodeUnsafe(start, pos - start, false);
  return new NumberValue(parseFloat(text), text);
}
