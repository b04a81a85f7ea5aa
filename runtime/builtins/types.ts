// Type checks and conversions: type_name, is_*, to_number, format_int.
import {
  Value, V, P, T_NULL, T_BOOL, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
  NumberValue, newBool, newString, newNumber, newNumberText, asBool, asNumber, asString, TRUE, FALSE,
} from "../value";
import { numToBig, numToX } from "../numeric";
import { xfTrunc } from "../lib/xfloat";
import { bnToBase } from "../lib/bigint";

/** type_name(x): "null", "boolean", "number", "string", "array", "object", "set". */
export function bi_type_name(a: usize): usize {
  if (a == 0) return 0;
  switch (load<i32>(a)) {
    case T_NULL: return P(newString("null"));
    case T_BOOL: return P(newString("boolean"));
    case T_NUMBER: return P(newString("number"));
    case T_STRING: return P(newString("string"));
    case T_ARRAY: return P(newString("array"));
    case T_OBJECT: return P(newString("object"));
    case T_SET: return P(newString("set"));
  }
  return 0;
}

// @ts-ignore: decorator
@inline function isTag(a: usize, t: i32): usize { return a == 0 ? 0 : P(newBool(load<i32>(a) == t)); }

export function bi_is_number(a: usize): usize { return isTag(a, T_NUMBER); }
export function bi_is_string(a: usize): usize { return isTag(a, T_STRING); }
export function bi_is_boolean(a: usize): usize { return isTag(a, T_BOOL); }
export function bi_is_array(a: usize): usize { return isTag(a, T_ARRAY); }
export function bi_is_set(a: usize): usize { return isTag(a, T_SET); }
export function bi_is_object(a: usize): usize { return isTag(a, T_OBJECT); }
export function bi_is_null(a: usize): usize { return isTag(a, T_NULL); }

/**
 * Checks Go strconv.ParseFloat-style decimal syntax (sign, digits, fraction, exponent, also
 * ".5"/"5."); returns 1 when the text is additionally valid JSON, 2 when valid but not JSON,
 * 0 when invalid.
 */
function numberSyntax(s: string): i32 {
  let n = s.length, i = 0;
  let json = true;
  if (n == 0) return 0;
  let c = s.charCodeAt(0);
  if (c == 0x2B) { json = false; i++; } else if (c == 0x2D) i++;
  let intStart = i;
  while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  let intDigits = i - intStart;
  if (intDigits > 1 && s.charCodeAt(intStart) == 0x30) json = false;
  let fracDigits = 0;
  if (i < n && s.charCodeAt(i) == 0x2E) {
    i++;
    let fs = i;
    while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    fracDigits = i - fs;
    if (fracDigits == 0) json = false;
  }
  if (intDigits == 0) { if (fracDigits == 0) return 0; json = false; }
  if (i < n && (s.charCodeAt(i) == 0x65 || s.charCodeAt(i) == 0x45)) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2B || s.charCodeAt(i) == 0x2D)) i++;
    let es = i;
    while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i == es) return 0;
  }
  if (i != n) return 0;
  return json ? 1 : 2;
}

/** True for "0" or [-]digits without a leading zero, at most 15 digits (exact as f64, text = formatF64). */
function canonicalInt(s: string): bool {
  let n = s.length, i = 0;
  if (n > 0 && s.charCodeAt(0) == 0x2D) i = 1;
  if (n - i == 0 || n - i > 15) return false;
  if (s.charCodeAt(i) == 0x30) return n == 1;
  for (let j = i; j < n; j++) { let c = s.charCodeAt(j); if (c < 0x30 || c > 0x39) return false; }
  return true;
}

/** to_number(x): null → 0, booleans → 1/0, numbers as is, numeric strings parsed (text kept). */
export function bi_to_number(a: usize): usize {
  if (a == 0) return 0;
  let v = V(a);
  switch (v.tag) {
    case T_NULL: return P(newNumber(0));
    case T_BOOL: return P(newNumber(asBool(v) ? 1 : 0));
    case T_NUMBER: return a;
    case T_STRING: {
      let s = asString(v);
      let k = numberSyntax(s);
      if (k == 0) return 0;
      let f = parseFloat(s);
      if (!isFinite(f)) return 0;
      if (k == 1 && !canonicalInt(s)) return P(newNumberText(f, s));
      return P(newNumber(f)); // canonical integers need no text (and stay on the f64 fast path)
    }
  }
  return 0;
}

/** format_int(number, base) with base 2, 8, 10 or 16: integers exactly at any size, others truncated toward zero. */
export function bi_format_int(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_NUMBER || load<i32>(b) != T_NUMBER) return 0;
  let base = asNumber(V(b));
  if (changetype<NumberValue>(b).text !== null || (base != 2 && base != 8 && base != 10 && base != 16)) return 0;
  let v = changetype<NumberValue>(a);
  let x = Math.trunc(v.n);
  if (changetype<usize>(v.text) == 0 && Math.abs(x) < 9.2e18) {
    let i = <i64>x;
    let neg = i < 0;
    let u = <u64>(neg ? -i : i);
    let s = u.toString(<i32>base);
    return P(newString(neg ? "-" + s : s));
  }
  let big = numToBig(v);
  if (big === null) big = xfTrunc(numToX(v));
  let s = bnToBase(big, <i32>base);
  return P(newString(s));
}
