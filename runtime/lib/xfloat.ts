// OPA's big.Float arithmetic: binary floating point with a 64-bit mantissa (the precision Go's
// big.Float takes from SetString, so every number OPA feeds through builtins.NumberToFloat),
// round-half-to-even, an exponent without practical bounds (no infinities: 2e308 * 2 is a
// number), and OPA's text of a result (builtins.FloatToNumber: Go's Text('f', -1) for integers,
// Text('g', -1) otherwise — the shortest decimal that reads back to the same 64-bit value).
//
// Used where OPA computes on big.Float: `/`, abs/round/ceil/floor, and +, -, *, sum, product
// when an operand is not an integer.

import {
  magFromU64, magBitLen, magBit, magLowBitsSet, magLow64, magShl, magShr, magMul, magDivMod, divRem,
  magParseDigits, magPow10, magPow5, magToDecimal, magAdd, magSub, magCmp, BigNum,
} from "./bigint";

/** A 64-bit-mantissa float: value = (neg ? -1 : 1) * m * 2^e; m == 0 is zero, else bit 63 is set. */
export class XFloat {
  neg: bool;
  m: u64;
  e: i32;
  constructor(neg: bool, m: u64, e: i32) { this.neg = neg && m != 0; this.m = m; this.e = e; }
}

/** Zero. */
export function xfZero(): XFloat { return new XFloat(false, 0, 0); }

/** Round a magnitude * 2^exp2 (plus a sticky fraction below it) to 64 bits, half to even. */
export function xfRound(neg: bool, mag: Array<u32>, exp2: i32, sticky: bool): XFloat {
  let bits = magBitLen(mag);
  if (bits == 0) return xfZero();
  if (bits <= 64) {
    let m = magLow64(mag) << <u64>(64 - bits);
    return new XFloat(neg, m, exp2 - (64 - bits));
  }
  let sh = bits - 64;
  let top = magLow64(magShr(mag, sh));
  let half = magBit(mag, sh - 1);
  let rest = sticky || magLowBitsSet(mag, sh - 1);
  if (half && (rest || (top & 1) != 0)) {
    top++;
    if (top == 0) { top = <u64>1 << 63; sh++; }
  }
  return new XFloat(neg, top, exp2 + sh);
}

/** The nearest 64-bit float of the decimal `digits` * 10^exp10 (digits: ASCII, may be ""). */
export function xfFromDecimal(neg: bool, digits: string, exp10: i32): XFloat {
  let d = magParseDigits(digits, 0, digits.length);
  if (d.length == 0) return xfZero();
  if (exp10 >= 0) return xfRound(neg, magMul(d, magPow10(exp10)), 0, false);
  let p = magPow10(-exp10);
  let s = 66 + magBitLen(p) - magBitLen(d);
  if (s < 0) s = 0;
  let q = magDivMod(magShl(d, s), p);
  return xfRound(neg, q, -s, divRem.length > 0);
}

/** An exact 64-bit float of a finite f64. */
export function xfFromF64(f: f64): XFloat {
  if (f == 0) return xfZero();
  let bits = reinterpret<u64>(f);
  let neg = (bits >> 63) != 0;
  let be = <i32>((bits >> 52) & 0x7FF);
  let frac = bits & 0xFFFFFFFFFFFFF;
  let m: u64, e: i32;
  if (be == 0) { m = frac; e = -1074; } else { m = frac | (<u64>1 << 52); e = be - 1075; }
  let lz = <i32>clz(m);
  return new XFloat(neg, m << <u64>lz, e - lz);
}


/** a + b (rounded to 64 bits). */
export function xfAdd(a: XFloat, b: XFloat): XFloat {
  if (b.m == 0) return a;
  if (a.m == 0) return b;
  // an operand more than 130 bits below the other only decides rounding: keep it as a sticky bit
  let am = magFromU64(a.m), bm = magFromU64(b.m);
  let ae = a.e, be = b.e;
  if (ae - be > 130) { bm = magFromU64(1); be = ae - 130; }
  else if (be - ae > 130) { am = magFromU64(1); ae = be - 130; }
  let e0 = ae < be ? ae : be;
  am = magShl(am, ae - e0);
  bm = magShl(bm, be - e0);
  if (a.neg == b.neg) return xfRound(a.neg, magAdd(am, bm), e0, false);
  let c = magCmp(am, bm);
  if (c == 0) return xfZero();
  if (c > 0) return xfRound(a.neg, magSub(am, bm), e0, false);
  return xfRound(b.neg, magSub(bm, am), e0, false);
}

/** -a. */
export function xfNeg(a: XFloat): XFloat { return new XFloat(!a.neg, a.m, a.e); }

/** a * b. */
export function xfMul(a: XFloat, b: XFloat): XFloat {
  if (a.m == 0 || b.m == 0) return xfZero();
  return xfRound(a.neg != b.neg, magMul(magFromU64(a.m), magFromU64(b.m)), a.e + b.e, false);
}

/** a / b (b nonzero): restoring division of a.m * 2^66 by b.m in u64 registers, then rounding. */
export function xfQuo(a: XFloat, b: XFloat): XFloat {
  if (a.m == 0) return xfZero();
  let d = b.m;
  let r: u64 = 0;     // remainder, < d (its bit 64 is `over` during a step)
  let qhi: u64 = 0, qlo: u64 = 0;
  let num = a.m;
  for (let i = 0; i < 130; i++) {
    let bit: u64 = i < 64 ? (num >> 63) : 0;
    if (i < 64) num <<= 1;
    let over = (r >> 63) != 0;
    r = (r << 1) | bit;
    qhi = (qhi << 1) | (qlo >> 63);
    qlo <<= 1;
    if (over || r >= d) { r -= d; qlo |= 1; }
  }
  // quotient = a.m * 2^66 / b.m, in (2^65, 2^67): 66 or 67 bits
  let q = new Array<u32>(3);
  unchecked(q[0] = <u32>qlo);
  unchecked(q[1] = <u32>(qlo >> 32));
  unchecked(q[2] = <u32>qhi);
  return xfRound(a.neg != b.neg, q, a.e - b.e - 66, r != 0);
}

/** True when a is an integer. */
export function xfIsInt(a: XFloat): bool {
  if (a.m == 0 || a.e >= 0) return true;
  if (a.e <= -64) return false;
  return (a.m & ((<u64>1 << <u64>(-a.e)) - 1)) == 0;
}

/** a truncated toward zero (big.Float.Int). */
export function xfTrunc(a: XFloat): BigNum {
  if (a.m == 0) return new BigNum(false, new Array<u32>(0));
  let mag = magFromU64(a.m);
  if (a.e >= 0) return new BigNum(a.neg, magShl(mag, a.e));
  if (a.e <= -64) return new BigNum(false, new Array<u32>(0));
  return new BigNum(a.neg, magShr(mag, -a.e));
}


// ─── text ───────────────────────────────────────────────────────────────────────────────────

/** Exact decimal digits (no trailing zeros) and decimal point position of mag * 2^e. */
class Digits {
  d: string = "";
  dp: i32 = 0;
}

function exactDigits(mag: Array<u32>, e: i32): Digits {
  let r = new Digits();
  let s: string;
  if (e >= 0) { s = magToDecimal(magShl(mag, e)); r.dp = s.length; }
  else { s = magToDecimal(magMul(mag, magPow5(-e))); r.dp = s.length + e; }
  return trimmed(r, s);
}

/** Digits of the integer decimal `s` (no leading zeros), trailing zeros dropped; r.dp already set. */
function trimmed(r: Digits, s: string): Digits {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) == 0x30) n--;
  r.d = n == s.length ? s : s.substring(0, n);
  return r;
}

/** Digits of the decimal integer magnitude `mag` scaled by 10^-k. */
function scaledDigits(mag: Array<u32>, k: i32): Digits {
  let r = new Digits();
  let s = magToDecimal(mag);
  r.dp = s.length - k;
  return trimmed(r, s);
}

function digitAt(x: Digits, i: i32): i32 { return i >= 0 && i < x.d.length ? x.d.charCodeAt(i) : 0x30; }

/** Round x's digits up at position n (keeping n digits). */
function roundUp(x: Digits, n: i32): void {
  let i = n - 1;
  while (i >= 0 && x.d.charCodeAt(i) == 0x39) i--;
  if (i < 0) { x.d = "1"; x.dp++; return; }
  x.d = x.d.substring(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1);
}

function roundDown(x: Digits, n: i32): void {
  let k = n;
  while (k > 0 && x.d.charCodeAt(k - 1) == 0x30) k--;
  x.d = x.d.substring(0, k);
}

/** Round to nearest at n digits (half: to even when exactly half, as Go's decimal.round). */
function roundNearest(x: Digits, n: i32): void {
  let c = digitAt(x, n);
  let up = false;
  if (c > 0x35) up = true;
  else if (c == 0x35) {
    up = n + 1 < x.d.length || (n > 0 && ((digitAt(x, n - 1) - 0x30) & 1) != 0);
  }
  if (up) roundUp(x, n); else roundDown(x, n);
}

/** Shortest digits that read back to a (Go's roundShortest for precision 64). */
function shortest(a: XFloat): Digits {
  let mag = magFromU64(a.m);
  let m2 = magShl(mag, 1);
  let d: Digits, lower: Digits, upper: Digits;
  if (a.e >= 1) {
    let one = magFromU64(1);
    d = exactDigits(mag, a.e);
    lower = exactDigits(magSub(m2, one), a.e - 1);
    upper = exactDigits(magAdd(m2, one), a.e - 1);
  } else {
    // x = 2m * 2^(e-1) = 2m * 5^k / 10^k with k = 1 - e; the bounds are x -/+ 5^k / 10^k
    let k = 1 - a.e;
    let p = magPow5(k);
    let xd = magMul(m2, p);
    d = scaledDigits(xd, k);
    lower = scaledDigits(magSub(xd, p), k);
    upper = scaledDigits(magAdd(xd, p), k);
  }
  let inclusive = (a.m & 1) == 0;
  let nd = d.d.length;
  for (let ui = 0; ; ui++) {
    let mi = ui - upper.dp + d.dp;
    if (mi >= nd) break;
    let li = ui - upper.dp + lower.dp;
    let l = digitAt(lower, li), m = digitAt(d, mi), u = digitAt(upper, ui);
    let okdown = l != m || (inclusive && li + 1 == lower.d.length);
    let okup = m != u && (inclusive || m + 1 < u || ui + 1 < upper.d.length);
    if (okdown && okup) { roundNearest(d, mi + 1); break; }
    if (okdown) { roundDown(d, mi + 1); break; }
    if (okup) { roundUp(d, mi + 1); break; }
  }
  return d;
}

/** OPA's text of a big.Float result (FloatToNumber): 'f' for integers, 'g' otherwise, shortest. */
export function xfText(a: XFloat): string {
  if (a.m == 0) return "0";
  let d = shortest(a);
  let digits = d.d;
  let nd = digits.length;
  let s = a.neg ? "-" : "";
  if (xfIsInt(a)) return s + digits + "0".repeat(d.dp > nd ? d.dp - nd : 0);
  let exp = d.dp - 1;
  if (exp >= -4 && exp < 6) {
    if (d.dp <= 0) s += "0." + "0".repeat(-d.dp) + digits;
    else if (d.dp >= nd) s += digits + "0".repeat(d.dp - nd);
    else s += digits.substring(0, d.dp) + "." + digits.substring(d.dp);
  } else {
    s += digits.substring(0, 1);
    if (nd > 1) s += "." + digits.substring(1);
    let x = exp < 0 ? -exp : exp;
    s += (exp < 0 ? "e-" : "e+") + (x < 10 ? "0" : "") + x.toString();
  }
  return s;
}
