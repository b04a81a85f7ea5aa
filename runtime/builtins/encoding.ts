// json.*, base64*, hex.*, units.parse, units.parse_bytes.
import { unitsValue } from "../numeric";
import {
  Value, V, P, T_STRING, StringValue, newString, newBool, newNumber, newNumberText, asString, toJSONString, parseJSONString,
} from "../value";

// ─── bytes ⇄ strings ──────────────────────────────────────────────────────────────────────────

/** UTF-8 bytes of a string (as a raw heap buffer: ptr, len). */
class Bytes { ptr: usize = 0; len: usize = 0; }

function utf8Bytes(s: string): Bytes {
  let buf = String.UTF8.encode(s, false);
  let b = new Bytes();
  b.ptr = changetype<usize>(buf);
  b.len = <usize>buf.byteLength;
  return b;
}

/** Decode bytes as UTF-8, replacing each invalid byte with U+FFFD (how Go prints such strings). */
export function bytesToString(p: usize, n: usize): string {
  let out = new Array<i32>(0);
  let i: usize = 0;
  let units = 0;
  // first pass: count; simple approach via code point list
  while (i < n) {
    let c = <i32>load<u8>(p + i);
    if (c < 0x80) { out.push(c); i++; continue; }
    let len = 0, cp = 0, min = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    let ok = len > 0 && i + <usize>len <= n;
    if (ok) {
      for (let k = 1; k < len; k++) {
        let d = <i32>load<u8>(p + i + <usize>k);
        if ((d & 0xC0) != 0x80) { ok = false; break; }
        cp = (cp << 6) | (d & 0x3F);
      }
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) { out.push(0xFFFD); i++; continue; }
    out.push(cp);
    i += <usize>len;
  }
  for (let k = 0, m = out.length; k < m; k++) units += unchecked(out[k]) >= 0x10000 ? 2 : 1;
  let s = changetype<string>(__new(<usize>units << 1, idof<string>()));
  let d = changetype<usize>(s);
  for (let k = 0, m = out.length; k < m; k++) {
    let cp = unchecked(out[k]);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      store<u16>(d, <u16>(0xD800 + (cp >> 10))); store<u16>(d + 2, <u16>(0xDC00 + (cp & 0x3FF))); d += 4;
    } else { store<u16>(d, <u16>cp); d += 2; }
  }
  return s;
}

// @ts-ignore: decorator
@inline function strArg(p: usize): bool { return p != 0 && load<i32>(p) == T_STRING; }

// ─── json ─────────────────────────────────────────────────────────────────────────────────────

/** json.marshal(x): compact JSON, sorted keys, sets as arrays. */
export function bi_json$marshal(a: usize): usize {
  if (a == 0) return 0;
  return P(newString(toJSONString(V(a))));
}

/** json.unmarshal(s) */
export function bi_json$unmarshal(a: usize): usize {
  if (!strArg(a)) return 0;
  let v = parseJSONString(asString(V(a)));
  return v === null ? 0 : P(v);
}

/** json.is_valid(s); false for non-strings. */
export function bi_json$is_valid(a: usize): usize {
  if (a == 0) return 0;
  if (!strArg(a)) return P(newBool(false));
  return P(newBool(parseJSONString(asString(V(a))) !== null));
}

// ─── base64 ───────────────────────────────────────────────────────────────────────────────────

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function b64encode(s: string, alphabet: string, pad: bool): string {
  let b = utf8Bytes(s);
  let n = b.len, p = b.ptr;
  let outLen = pad ? ((n + 2) / 3) * 4 : (n * 4 + 2) / 3;
  let out = changetype<string>(__new(outLen << 1, idof<string>()));
  let d = changetype<usize>(out);
  let ap = changetype<usize>(alphabet);
  let i: usize = 0;
  while (i + 3 <= n) {
    let v = (<u32>load<u8>(p + i) << 16) | (<u32>load<u8>(p + i + 1) << 8) | <u32>load<u8>(p + i + 2);
    store<u16>(d, load<u16>(ap + ((v >> 18) & 63) * 2));
    store<u16>(d + 2, load<u16>(ap + ((v >> 12) & 63) * 2));
    store<u16>(d + 4, load<u16>(ap + ((v >> 6) & 63) * 2));
    store<u16>(d + 6, load<u16>(ap + (v & 63) * 2));
    d += 8; i += 3;
  }
  let rem = n - i;
  if (rem > 0) {
    let v = <u32>load<u8>(p + i) << 16;
    if (rem == 2) v |= <u32>load<u8>(p + i + 1) << 8;
    store<u16>(d, load<u16>(ap + ((v >> 18) & 63) * 2));
    store<u16>(d + 2, load<u16>(ap + ((v >> 12) & 63) * 2));
    d += 4;
    if (rem == 2) { store<u16>(d, load<u16>(ap + ((v >> 6) & 63) * 2)); d += 2; }
    else if (pad) { store<u16>(d, 0x3D); d += 2; }
    if (pad) { store<u16>(d, 0x3D); d += 2; }
  }
  return out;
}

function b64val(c: i32, url: bool): i32 {
  if (c >= 0x41 && c <= 0x5A) return c - 0x41;
  if (c >= 0x61 && c <= 0x7A) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (url) { if (c == 0x2D) return 62; if (c == 0x5F) return 63; }
  else { if (c == 0x2B) return 62; if (c == 0x2F) return 63; }
  return -1;
}

/** Go's base64 DecodeString (padded encodings; \r and \n ignored); null when invalid. */
function b64decode(s: string, url: bool, padded: bool): string | null {
  let n = s.length;
  let vals = new Array<i32>(0);
  let padCount = 0;
  for (let i = 0; i < n; i++) {
    let c = <i32>s.charCodeAt(i);
    if (c == 0x0A || c == 0x0D) continue;
    if (c == 0x3D) {
      if (!padded) return null;
      padCount++;
      continue;
    }
    if (padCount > 0) return null; // data after padding
    let v = b64val(c, url);
    if (v < 0) return null;
    vals.push(v);
  }
  let m = vals.length;
  if (padded) {
    if ((m + padCount) % 4 != 0) return null;
    if (padCount > 2) return null;
    if (padCount > 0 && (m % 4) + padCount != 4) return null;
  }
  if (m % 4 == 1) return null;
  let outLen = (m * 3) / 4;
  let buf = __alloc(<usize>outLen + 1);
  let o: usize = 0;
  let i = 0;
  while (i + 4 <= m) {
    let v = (unchecked(vals[i]) << 18) | (unchecked(vals[i + 1]) << 12) | (unchecked(vals[i + 2]) << 6) | unchecked(vals[i + 3]);
    store<u8>(buf + o, <u8>(v >> 16)); store<u8>(buf + o + 1, <u8>(v >> 8)); store<u8>(buf + o + 2, <u8>v);
    o += 3; i += 4;
  }
  let rem = m - i;
  if (rem >= 2) {
    let v = (unchecked(vals[i]) << 18) | (unchecked(vals[i + 1]) << 12) | (rem == 3 ? unchecked(vals[i + 2]) << 6 : 0);
    store<u8>(buf + o, <u8>(v >> 16)); o++;
    if (rem == 3) { store<u8>(buf + o, <u8>(v >> 8)); o++; }
  }
  return bytesToString(buf, o);
}

/** base64.encode(s) */
export function bi_base64$encode(a: usize): usize {
  if (!strArg(a)) return 0;
  return P(newString(b64encode(asString(V(a)), STD, true)));
}

/** base64.decode(s); undefined when invalid. */
export function bi_base64$decode(a: usize): usize {
  if (!strArg(a)) return 0;
  let r = b64decode(asString(V(a)), false, true);
  return r === null ? 0 : P(newString(r));
}

/** base64.is_valid(s) */
export function bi_base64$is_valid(a: usize): usize {
  if (a == 0) return 0;
  if (!strArg(a)) return P(newBool(false));
  return P(newBool(b64decode(asString(V(a)), false, true) !== null));
}

/** base64url.encode(s) (padded) */
export function bi_base64url$encode(a: usize): usize {
  if (!strArg(a)) return 0;
  return P(newString(b64encode(asString(V(a)), URL, true)));
}

/** base64url.encode_no_pad(s) */
export function bi_base64url$encode_no_pad(a: usize): usize {
  if (!strArg(a)) return 0;
  return P(newString(b64encode(asString(V(a)), URL, false)));
}

/** base64url.decode(s): missing padding is restored first (RFC 7515 appendix C, as OPA does). */
export function bi_base64url$decode(a: usize): usize {
  if (!strArg(a)) return 0;
  let s = asString(V(a));
  if (!s.endsWith("=")) {
    let r = s.length % 4;
    if (r == 2) s += "==";
    else if (r == 3) s += "=";
    else if (r == 1) return 0;
  }
  let out = b64decode(s, true, true);
  return out === null ? 0 : P(newString(out));
}

// ─── hex ──────────────────────────────────────────────────────────────────────────────────────

/** hex.encode(s): lowercase hex of the UTF-8 bytes. */
export function bi_hex$encode(a: usize): usize {
  if (!strArg(a)) return 0;
  let b = utf8Bytes(asString(V(a)));
  let out = changetype<string>(__new(b.len << 2, idof<string>()));
  let d = changetype<usize>(out);
  for (let i: usize = 0; i < b.len; i++) {
    let c = <u32>load<u8>(b.ptr + i);
    let h = c >> 4, l = c & 15;
    store<u16>(d, <u16>(h < 10 ? 0x30 + h : 0x57 + h));
    store<u16>(d + 2, <u16>(l < 10 ? 0x30 + l : 0x57 + l));
    d += 4;
  }
  return P(newString(out));
}

function hexNibble(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** hex.decode(s); undefined on odd length or invalid digits. */
export function bi_hex$decode(a: usize): usize {
  if (!strArg(a)) return 0;
  let s = asString(V(a));
  let n = s.length;
  if (n & 1) return 0;
  let buf = __alloc(<usize>(n >> 1) + 1);
  for (let i = 0; i < n; i += 2) {
    let h = hexNibble(s.charCodeAt(i)), l = hexNibble(s.charCodeAt(i + 1));
    if (h < 0 || l < 0) return 0;
    store<u8>(buf + <usize>(i >> 1), <u8>((h << 4) | l));
  }
  return P(newString(bytesToString(buf, <usize>(n >> 1))));
}

// ─── units ────────────────────────────────────────────────────────────────────────────────────

/**
 * OPA's extractNumAndUnit: the index where the unit starts (-1: no unit), allowing signs and
 * scientific notation (an e/E followed by a digit or sign is an exponent, else it starts the
 * unit); -2 when the exponent has more than 6 digits.
 */
function firstNonNum(s: string): i32 {
  for (let i = 0, n = s.length; i < n; i++) {
    let c = s.charCodeAt(i);
    let num = (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2B || c == 0x2D;
    if (c == 0x65 || c == 0x45) {
      let d = i + 1 < n ? s.charCodeAt(i + 1) : -1;
      if (i == n - 1 || !((d >= 0x30 && d <= 0x39) || d == 0x2B || d == 0x2D)) return i;
      if (d == 0x2B || d == 0x2D) i++;
      let e = i + 1;
      while (e < n && s.charCodeAt(e) >= 0x30 && s.charCodeAt(e) <= 0x39) e++;
      if (e - (i + 1) > 6) return -2;
      continue;
    }
    if (!num) return i;
  }
  return -1;
}

/** Go's big.Rat / big.Float SetString on [+-]digits[.digits][e[+-]digits]; NaN when invalid. */
function parseDecimal(s: string): f64 {
  let i = 0, n = s.length;
  if (i < n && (s.charCodeAt(i) == 0x2B || s.charCodeAt(i) == 0x2D)) i++;
  let digits = 0;
  while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) { i++; digits++; }
  if (i < n && s.charCodeAt(i) == 0x2E) {
    i++;
    while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) { i++; digits++; }
  }
  if (digits == 0) return NaN;
  if (i < n && (s.charCodeAt(i) | 0x20) == 0x65) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2B || s.charCodeAt(i) == 0x2D)) i++;
    let ed = 0;
    while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) { i++; ed++; }
    if (ed == 0) return NaN;
  }
  if (i != n) return NaN;
  return parseFloat(s);
}

function removeQuotes(s: string): string { return s.includes("\"") ? s.replaceAll("\"", "") : s; }

/** units.parse(s): SI (k, M, G, T, P, E, m = milli) and binary (Ki, Mi, …) suffixes. */
export function bi_units$parse(a: usize): usize {
  if (!strArg(a)) return 0;
  let s = removeQuotes(asString(V(a)));
  if (s.includes(" ")) return 0;
  let idx = firstNonNum(s);
  if (idx == 0 || idx == -2) return 0;
  let numText = idx < 0 ? s : s.substring(0, idx);
  let unit = idx < 0 ? "" : s.substring(idx);
  if (unit.length > 1) unit = unit.substring(0, 1) + unit.substring(1).toLowerCase();
  let x: f64;
  if (unit == "") x = 1;
  else if (unit == "m") x = 0.001;
  else if (unit == "k" || unit == "K") x = 1e3;
  else if (unit == "ki" || unit == "Ki") x = 1024;
  else if (unit == "M") x = 1e6;
  else if (unit == "mi" || unit == "Mi") x = 1048576;
  else if (unit == "g" || unit == "G") x = 1e9;
  else if (unit == "gi" || unit == "Gi") x = 1073741824;
  else if (unit == "t" || unit == "T") x = 1e12;
  else if (unit == "ti" || unit == "Ti") x = 1099511627776;
  else if (unit == "p" || unit == "P") x = 1e15;
  else if (unit == "pi" || unit == "Pi") x = 1125899906842624;
  else if (unit == "e" || unit == "E") x = 1e18;
  else if (unit == "ei" || unit == "Ei") x = 1152921504606846976;
  else return 0;
  let n = parseDecimal(numText);
  if (isNaN(n)) return 0;
  // OPA: exact big.Rat product; integers exactly, other values as FloatString(10)
  return P(unitsValue(numText, unit == "m" ? 1 : <u64>x, unit == "m"));
}

/** units.parse_bytes(s): B, K/KB (1000), Ki/KiB (1024), … up to E/EiB; case-insensitive; integer result. */
export function bi_units$parse_bytes(a: usize): usize {
  if (!strArg(a)) return 0;
  let s = removeQuotes(asString(V(a))).toLowerCase();
  if (s.includes(" ")) return 0;
  let idx = firstNonNum(s);
  if (idx == 0 || idx == -2) return 0;
  let numText = idx < 0 ? s : s.substring(0, idx);
  let unit = idx < 0 ? "" : s.substring(idx);
  let x: f64;
  if (unit == "" || unit == "b") x = 1;
  else if (unit == "kb" || unit == "k") x = 1e3;
  else if (unit == "kib" || unit == "ki") x = 1024;
  else if (unit == "mb" || unit == "m") x = 1e6;
  else if (unit == "mib" || unit == "mi") x = 1048576;
  else if (unit == "gb" || unit == "g") x = 1e9;
  else if (unit == "gib" || unit == "gi") x = 1073741824;
  else if (unit == "tb" || unit == "t") x = 1e12;
  else if (unit == "tib" || unit == "ti") x = 1099511627776;
  else if (unit == "pb" || unit == "p") x = 1e15;
  else if (unit == "pib" || unit == "pi") x = 1125899906842624;
  else if (unit == "eb" || unit == "e") x = 1e18;
  else if (unit == "eib" || unit == "ei") x = 1152921504606846976;
  else return 0;
  let n = parseDecimal(numText);
  if (isNaN(n)) return 0;
  if (allDigits(numText) && numText.length <= 300) return P(exactBytes(numText, <u64>x));
  let r = Math.trunc(n * x);
  if (!isFinite(r)) return 0;
  return P(newNumber(r));
}

/** Only decimal digits (no sign, point or exponent): the exact integer path applies. */
function allDigits(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return s.length > 0;
}

// ─── exact integer parse_bytes: OPA's big.Float arithmetic (64-bit mantissa) on an integer ─────
// OPA computes Int(round64(round64(digits) × unit)) and prints the integer exactly; for integer
// amounts gpc does the same with a small base-2^32 big integer, so large values print OPA's digits
// (units.parse_bytes("100000000000000000000000G") → 100000000000000000000545460846592).

/** The number value of `digits` × `unit` as OPA's parse_bytes computes it. */
function exactBytes(digits: string, unit: u64): Value {
  let d = new Array<u32>(1);
  for (let i = 0, n = digits.length; i < n; i++) mulAdd(d, 10, <u32>(digits.charCodeAt(i) - 0x30));
  let a = round64(d);
  let p = new Array<u32>(4); // mantissa × unit, 128 bits
  let lo1 = a.q & 0xFFFFFFFF, hi1 = a.q >> 32, lo2 = unit & 0xFFFFFFFF, hi2 = unit >> 32;
  let ll = lo1 * lo2, lh = lo1 * hi2, hl = hi1 * lo2, hh = hi1 * hi2;
  let mid = (ll >> 32) + (lh & 0xFFFFFFFF) + (hl & 0xFFFFFFFF);
  unchecked(p[0] = <u32>ll);
  unchecked(p[1] = <u32>mid);
  let top = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  unchecked(p[2] = <u32>top);
  unchecked(p[3] = <u32>(top >> 32));
  let b = round64(p);
  let r = new Array<u32>(2);
  unchecked(r[0] = <u32>b.q);
  unchecked(r[1] = <u32>(b.q >> 32));
  shiftLeft(r, a.shift + b.shift);
  let text = toDecimal(r);
  return newNumberText(parseFloat(text), text);
}

/** x = x × m + c (in place, growing). */
function mulAdd(x: Array<u32>, m: u32, c: u32): void {
  let carry = <u64>c;
  for (let i = 0, n = x.length; i < n; i++) {
    let t = <u64>unchecked(x[i]) * <u64>m + carry;
    unchecked(x[i] = <u32>t);
    carry = t >> 32;
  }
  if (carry != 0) x.push(<u32>carry);
}

function bitLen(x: Array<u32>): i32 {
  for (let i = x.length - 1; i >= 0; i--) {
    let w = unchecked(x[i]);
    if (w != 0) return i * 32 + 32 - <i32>clz(w);
  }
  return 0;
}

function bitAt(x: Array<u32>, i: i32): u64 {
  let w = i >> 5;
  return w < x.length ? <u64>((unchecked(x[w]) >> <u32>(i & 31)) & 1) : 0;
}

@final class Mantissa { q: u64 = 0; shift: i32 = 0; }

/** x rounded to 64 significant bits (half to even, as big.Float): q × 2^shift. */
function round64(x: Array<u32>): Mantissa {
  let m = new Mantissa();
  let len = bitLen(x);
  let s = len > 64 ? len - 64 : 0;
  let q: u64 = 0;
  for (let i = len - 1; i >= s; i--) q = (q << 1) | bitAt(x, i);
  if (s > 0 && bitAt(x, s - 1) != 0) {
    let sticky = false;
    for (let i = s - 2; i >= 0 && !sticky; i--) if (bitAt(x, i) != 0) sticky = true;
    if (sticky || (q & 1) != 0) {
      q++;
      if (q == 0) { q = (<u64>1) << 63; s++; }
    }
  }
  m.q = q;
  m.shift = s;
  return m;
}

function shiftLeft(x: Array<u32>, n: i32): void {
  for (let k = 0; k < n; k++) mulAdd(x, 2, 0);
}

function toDecimal(x: Array<u32>): string {
  let parts = new Array<string>();
  let cur = x.slice(0);
  while (true) {
    let rem: u64 = 0;
    let nonzero = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      let t = (rem << 32) | <u64>unchecked(cur[i]);
      let qd = t / 1000000000;
      rem = t % 1000000000;
      unchecked(cur[i] = <u32>qd);
      if (qd != 0) nonzero = true;
    }
    parts.push(rem.toString());
    if (!nonzero) break;
  }
  let s = unchecked(parts[parts.length - 1]);
  for (let i = parts.length - 2; i >= 0; i--) s += unchecked(parts[i]).padStart(9, "0");
  return s;
}
