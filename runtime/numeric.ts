// Number arithmetic with OPA's semantics (topdown/arithmetic.go, aggregates.go, bits.go):
// integers are exact at any size (big.Int), other values go through big.Float with a 64-bit
// mantissa and print as OPA prints them (builtins.FloatToNumber). f64 is the fast path wherever
// it gives the same answer: integer operands and results below 2^53 without text.
//
// A NumberValue's exact value is its text when it has one (see value.ts), else n.

import { Value, NumberValue, newNumber, formatNumber } from "./value";
import {
  BigNum, bnFromI64, bnAdd, bnSub, bnMul, bnRem, bnIsZero, bnToDecimal, bnToF64, magBitLen, magLow64,
  magParseDigits, magPow10, magMul, magFromU64, magDivMod, divRem, magCmp, magShl, magAdd, magToDecimal,
} from "./lib/bigint";
import { XFloat, xfFromDecimal, xfFromF64, xfAdd, xfNeg, xfMul, xfQuo, xfTrunc, xfText, xfIsInt } from "./lib/xfloat";
import { parseDec } from "./lib/decimal";

// @ts-ignore: decorator
@inline const EXACT: f64 = 9007199254740992; // 2^53

/** True when v is exactly an f64 integer below 2^53 (the fast path). */
// @ts-ignore: decorator
@inline export function smallInt(v: NumberValue): bool {
  let n = v.n;
  return changetype<usize>(v.text) == 0 && Math.abs(n) < EXACT && Math.floor(n) == n;
}

/** The exact integer value of v, or null when v is not an integer. */
export function numToBig(v: NumberValue): BigNum | null {
  let n = v.n;
  if (changetype<usize>(v.text) == 0 && Math.floor(n) == n && Math.abs(n) < 9.2e18) return bnFromI64(<i64>n);
  let d = parseDec(formatNumber(v));
  if (d.digits.length == 0) return bnFromI64(0);
  if (d.exp < 0) return null;
  let mag = magParseDigits(d.digits, 0, d.digits.length);
  if (d.exp > 0) mag = magMul(mag, magPow10(d.exp));
  return new BigNum(d.neg, mag);
}

/** A number value for an exact integer (text when beyond the f64-exact range). */
export function bigToValue(b: BigNum): Value {
  if (magBitLen(b.d) <= 53) {
    let u = <f64>magLow64(b.d);
    return newNumber(b.neg ? -u : u);
  }
  return new NumberValue(bnToF64(b), bnToDecimal(b));
}

/** v as OPA's NumberToFloat sees it (its text read at 64-bit precision). */
export function numToX(v: NumberValue): XFloat {
  let n = v.n;
  if (changetype<usize>(v.text) == 0 && Math.floor(n) == n && isFinite(n)) return xfFromF64(n);
  let d = parseDec(formatNumber(v));
  return xfFromDecimal(d.neg, d.digits, d.exp);
}

/** A number value for a big.Float result, with OPA's text. */
export function xToValue(x: XFloat): Value {
  if (xfIsInt(x) && (x.m == 0 || x.e + 64 <= 53)) {
    let t = xfTrunc(x);
    let u = <f64>magLow64(t.d);
    return newNumber(t.neg ? -u : u);
  }
  let s = xfText(x);
  return new NumberValue(parseFloat(s), s);
}

// @ts-ignore: decorator
@inline export const OP_ADD: i32 = 0;
// @ts-ignore: decorator
@inline export const OP_SUB: i32 = 1;
// @ts-ignore: decorator
@inline export const OP_MUL: i32 = 2;

/** a op b for +, -, * off the fast path: exact on integers, big.Float otherwise. */
export function arith(op: i32, a: NumberValue, b: NumberValue): Value {
  let x = numToBig(a);
  if (x !== null) {
    let y = numToBig(b);
    if (y !== null) return bigToValue(op == OP_ADD ? bnAdd(x, y) : op == OP_SUB ? bnSub(x, y) : bnMul(x, y));
  }
  let p = numToX(a), q = numToX(b);
  return xToValue(op == OP_ADD ? xfAdd(p, q) : op == OP_SUB ? xfAdd(p, xfNeg(q)) : xfMul(p, q));
}

/** a / b through big.Float; null on division by zero. */
export function divide(a: NumberValue, b: NumberValue): Value | null {
  let q = numToX(b);
  if (q.m == 0) return null;
  return xToValue(xfQuo(numToX(a), q));
}

/** a % b on exact integers (sign of a); null for non-integers or modulo by zero. */
export function remainder(a: NumberValue, b: NumberValue): Value | null {
  let x = numToBig(a), y = numToBig(b);
  if (x === null || y === null || bnIsZero(y)) return null;
  return bigToValue(bnRem(x, y));
}

// @ts-ignore: decorator
@inline function half(): XFloat { return new XFloat(false, <u64>1 << 63, -64); }

/** abs, round, ceil, floor off the fast path (OPA: on the 64-bit float of the operand). */
export function absX(a: NumberValue): Value {
  let x = numToX(a);
  return xToValue(new XFloat(false, x.m, x.e));
}

/** round(x): half away from zero, (x ± 0.5) truncated as OPA computes it. */
export function roundX(a: NumberValue): Value {
  let x = numToX(a);
  let y = x.neg ? xfAdd(x, xfNeg(half())) : xfAdd(x, half());
  return bigToValue(xfTrunc(y));
}

/**
 * ceil(x) as OPA computes it: truncate, then add one unless the truncation is negative or equal
 * to x (so, like OPA, ceil(-0.5) is 1).
 */
export function ceilX(a: NumberValue): Value {
  let x = numToX(a);
  let i = xfTrunc(x);
  if (i.neg || xfIsInt(x)) return bigToValue(i);
  return bigToValue(bnAdd(i, bnFromI64(1)));
}

/** floor(x) as OPA computes it: truncate, then subtract one only below a negative truncation. */
export function floorX(a: NumberValue): Value {
  let x = numToX(a);
  let i = xfTrunc(x);
  if (!i.neg || xfIsInt(x)) return bigToValue(i);
  return bigToValue(bnSub(i, bnFromI64(1)));
}

/**
 * sum (or, with `product`, the product) of numbers off the fast path: exact when all are
 * integers, else big.Float.
 */
export function foldSlow(items: Array<Value>, product: bool): Value {
  let acc = bnFromI64(product ? 1 : 0);
  let exact = true;
  for (let i = 0, n = items.length; i < n; i++) {
    let b = numToBig(changetype<NumberValue>(unchecked(items[i])));
    if (b === null) { exact = false; break; }
    acc = product ? bnMul(acc, b) : bnAdd(acc, b);
  }
  if (exact) return bigToValue(acc);
  let s = xfFromF64(product ? 1 : 0);
  for (let i = 0, n = items.length; i < n; i++) {
    let x = numToX(changetype<NumberValue>(unchecked(items[i])));
    s = product ? xfMul(s, x) : xfAdd(s, x);
  }
  return xToValue(s);
}

/**
 * units.parse's result as OPA computes it (big.Rat): `text` (a decimal number) times `unit`,
 * divided by 1000 when `milli`; an integer prints exactly, anything else as big.Rat's
 * FloatString(10) (ten decimals, the last rounded half away from zero: "0.5000000000").
 */
export function unitsValue(text: string, unit: u64, milli: bool): Value {
  let d = parseDec(text);
  if (d.digits.length == 0) return newNumber(0);
  let n = magMul(magParseDigits(d.digits, 0, d.digits.length), magFromU64(unit));
  let e = d.exp - (milli ? 3 : 0);
  if (e >= 0) return bigToValue(new BigNum(d.neg, e > 0 ? magMul(n, magPow10(e)) : n));
  let p = magPow10(-e);
  let q = magDivMod(n, p);
  if (divRem.length == 0) return bigToValue(new BigNum(d.neg, q));
  // ten decimals
  let scaled: Array<u32>;
  if (e >= -10) scaled = magMul(n, magPow10(10 + e));
  else {
    let dv = magPow10(-e - 10);
    scaled = magDivMod(n, dv);
    if (magCmp(magShl(divRem, 1), dv) >= 0) scaled = magAdd(scaled, magFromU64(1));
  }
  let s = magToDecimal(scaled);
  if (s.length < 11) s = "0".repeat(11 - s.length) + s;
  let t = (d.neg ? "-" : "") + s.substring(0, s.length - 10) + "." + s.substring(s.length - 10);
  return new NumberValue(parseFloat(t), t);
}
