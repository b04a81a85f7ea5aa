// Arbitrary-precision integers for the runtime's exact number paths (OPA's big.Int): sign and
// magnitude, magnitude as little-endian base-2^32 limbs without leading zero limbs (zero is the
// empty magnitude, never negative). Schoolbook algorithms; every loop charges the step budget in
// proportion to its limbs, so a huge literal exhausts fuel instead of hanging.
//
// Used by runtime/numeric.ts (arithmetic, comparisons, bits, format_int, numbers.range) and
// runtime/lib/xfloat.ts (OPA's 64-bit-mantissa big.Float).

import { charge } from "../budget";

/** An integer: `neg` and magnitude `d` (little-endian u32 limbs, normalised). */
export class BigNum {
  neg: bool;
  d: Array<u32>;
  constructor(neg: bool, d: Array<u32>) { this.d = d; this.neg = neg && d.length > 0; }
}

function trim(d: Array<u32>): Array<u32> {
  let n = d.length;
  while (n > 0 && unchecked(d[n - 1]) == 0) n--;
  d.length = n;
  return d;
}

/** A BigNum from an i64. */
export function bnFromI64(v: i64): BigNum {
  let neg = v < 0;
  let u: u64 = neg ? <u64>(0 - v) : <u64>v;
  return new BigNum(neg, magFromU64(u));
}

/** The magnitude of a u64. */
export function magFromU64(u: u64): Array<u32> {
  let d = new Array<u32>(0);
  if (u != 0) { d.push(<u32>u); if ((u >> 32) != 0) d.push(<u32>(u >> 32)); }
  return d;
}

/** True when a is zero. */
// @ts-ignore: decorator
@inline export function bnIsZero(a: BigNum): bool { return a.d.length == 0; }

/** Number of significant bits of a magnitude (0 for zero). */
export function magBitLen(d: Array<u32>): i32 {
  let n = d.length;
  if (n == 0) return 0;
  return (n - 1) * 32 + (32 - <i32>clz(unchecked(d[n - 1])));
}

/** Bit i of a magnitude. */
export function magBit(d: Array<u32>, i: i32): bool {
  let w = i >> 5;
  if (w >= d.length) return false;
  return ((unchecked(d[w]) >>> (i & 31)) & 1) != 0;
}

/** True when any of the low `bits` bits of the magnitude is set. */
export function magLowBitsSet(d: Array<u32>, bits: i32): bool {
  let w = bits >> 5;
  let n = d.length;
  for (let i = 0; i < w && i < n; i++) if (unchecked(d[i]) != 0) return true;
  let r = bits & 31;
  if (r != 0 && w < n && (unchecked(d[w]) & ((<u32>1 << r) - 1)) != 0) return true;
  return false;
}

/** The magnitude as a u64 (low 64 bits). */
export function magLow64(d: Array<u32>): u64 {
  let n = d.length;
  if (n == 0) return 0;
  let v = <u64>unchecked(d[0]);
  if (n > 1) v |= <u64>unchecked(d[1]) << 32;
  return v;
}

/** |a| vs |b|: <0, 0, >0. */
export function magCmp(a: Array<u32>, b: Array<u32>): i32 {
  let na = a.length, nb = b.length;
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = na - 1; i >= 0; i--) {
    let x = unchecked(a[i]), y = unchecked(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** |a| + |b|. */
export function magAdd(a: Array<u32>, b: Array<u32>): Array<u32> {
  if (a.length < b.length) { let t = a; a = b; b = t; }
  let na = a.length, nb = b.length;
  charge(na >> 4);
  let out = new Array<u32>(na + 1);
  let carry: u64 = 0;
  for (let i = 0; i < na; i++) {
    let s = <u64>unchecked(a[i]) + (i < nb ? <u64>unchecked(b[i]) : 0) + carry;
    unchecked(out[i] = <u32>s);
    carry = s >> 32;
  }
  unchecked(out[na] = <u32>carry);
  return trim(out);
}

/** |a| - |b| for |a| >= |b|. */
export function magSub(a: Array<u32>, b: Array<u32>): Array<u32> {
  let na = a.length, nb = b.length;
  charge(na >> 4);
  let out = new Array<u32>(na);
  let borrow: i64 = 0;
  for (let i = 0; i < na; i++) {
    let s = <i64>unchecked(a[i]) - (i < nb ? <i64>unchecked(b[i]) : 0) - borrow;
    if (s < 0) { s += <i64>0x100000000; borrow = 1; } else borrow = 0;
    unchecked(out[i] = <u32>s);
  }
  return trim(out);
}

/** |a| * |b|. */
export function magMul(a: Array<u32>, b: Array<u32>): Array<u32> {
  let na = a.length, nb = b.length;
  if (na == 0 || nb == 0) return new Array<u32>(0);
  charge((na * nb) >> 4);
  let out = new Array<u32>(na + nb);
  for (let i = 0; i < na + nb; i++) unchecked(out[i] = 0);
  for (let i = 0; i < na; i++) {
    let x = <u64>unchecked(a[i]);
    if (x == 0) continue;
    let carry: u64 = 0;
    for (let j = 0; j < nb; j++) {
      let t = x * <u64>unchecked(b[j]) + <u64>unchecked(out[i + j]) + carry;
      unchecked(out[i + j] = <u32>t);
      carry = t >> 32;
    }
    let k = i + nb;
    while (carry != 0) {
      let t = <u64>unchecked(out[k]) + carry;
      unchecked(out[k] = <u32>t);
      carry = t >> 32;
      k++;
    }
  }
  return trim(out);
}

/** |a| * m + add (small factors, for decimal parsing). */
export function magMulSmall(a: Array<u32>, m: u32, add: u32): Array<u32> {
  let n = a.length;
  charge(n >> 5);
  let out = new Array<u32>(n + 1);
  let carry: u64 = <u64>add;
  for (let i = 0; i < n; i++) {
    let t = <u64>unchecked(a[i]) * <u64>m + carry;
    unchecked(out[i] = <u32>t);
    carry = t >> 32;
  }
  unchecked(out[n] = <u32>carry);
  return trim(out);
}

/** |a| / m in place on a copy: returns the quotient; the remainder goes to `divSmallRem`. */
export let divSmallRem: u32 = 0;
export function magDivSmall(a: Array<u32>, m: u32): Array<u32> {
  let n = a.length;
  let out = new Array<u32>(n);
  let r: u64 = 0;
  for (let i = n - 1; i >= 0; i--) {
    let cur = (r << 32) | <u64>unchecked(a[i]);
    unchecked(out[i] = <u32>(cur / <u64>m));
    r = cur % <u64>m;
  }
  divSmallRem = <u32>r;
  return trim(out);
}

/** |a| << s. */
export function magShl(a: Array<u32>, s: i32): Array<u32> {
  let n = a.length;
  if (n == 0 || s == 0) return n == 0 ? new Array<u32>(0) : a.slice(0);
  let w = s >> 5, b = s & 31;
  charge((n + w) >> 4);
  let out = new Array<u32>(n + w + 1);
  for (let i = 0; i < w; i++) unchecked(out[i] = 0);
  if (b == 0) {
    for (let i = 0; i < n; i++) unchecked(out[i + w] = unchecked(a[i]));
    unchecked(out[n + w] = 0);
  } else {
    let carry: u32 = 0;
    for (let i = 0; i < n; i++) {
      let x = unchecked(a[i]);
      unchecked(out[i + w] = (x << b) | carry);
      carry = x >>> (32 - b);
    }
    unchecked(out[n + w] = carry);
  }
  return trim(out);
}

/** |a| >> s (bits shifted out are dropped). */
export function magShr(a: Array<u32>, s: i32): Array<u32> {
  let n = a.length;
  let w = s >> 5, b = s & 31;
  if (w >= n) return new Array<u32>(0);
  let m = n - w;
  let out = new Array<u32>(m);
  for (let i = 0; i < m; i++) {
    let lo = unchecked(a[i + w]);
    let hi: u32 = i + w + 1 < n ? unchecked(a[i + w + 1]) : 0;
    unchecked(out[i] = b == 0 ? lo : (lo >>> b) | (hi << (32 - b)));
  }
  return trim(out);
}

/** Quotient of |a| / |b| (b nonzero); the remainder goes to `divRem`. */
export let divRem: Array<u32> = new Array<u32>(0);
export function magDivMod(a: Array<u32>, b: Array<u32>): Array<u32> {
  if (b.length == 1) {
    let q = magDivSmall(a, unchecked(b[0]));
    divRem = magFromU64(<u64>divSmallRem);
    return q;
  }
  if (magCmp(a, b) < 0) { divRem = a.slice(0); return new Array<u32>(0); }
  // shift-subtract, one quotient bit per step
  let k = magBitLen(a) - magBitLen(b);
  let r = a.slice(0);
  let q = new Array<u32>((k >> 5) + 1);
  for (let i = 0; i < q.length; i++) unchecked(q[i] = 0);
  let bs = magShl(b, k);
  for (let i = k; i >= 0; i--) {
    if (magCmp(r, bs) >= 0) {
      r = magSub(r, bs);
      unchecked(q[i >> 5] |= <u32>1 << (i & 31));
    }
    bs = magShr(bs, 1);
  }
  divRem = r;
  return trim(q);
}

/** a + b. */
export function bnAdd(a: BigNum, b: BigNum): BigNum {
  if (a.neg == b.neg) return new BigNum(a.neg, magAdd(a.d, b.d));
  let c = magCmp(a.d, b.d);
  if (c == 0) return new BigNum(false, new Array<u32>(0));
  if (c > 0) return new BigNum(a.neg, magSub(a.d, b.d));
  return new BigNum(b.neg, magSub(b.d, a.d));
}

/** -a. */
export function bnNeg(a: BigNum): BigNum { return new BigNum(!a.neg, a.d); }

/** a - b. */
export function bnSub(a: BigNum, b: BigNum): BigNum { return bnAdd(a, bnNeg(b)); }

/** a * b. */
export function bnMul(a: BigNum, b: BigNum): BigNum { return new BigNum(a.neg != b.neg, magMul(a.d, b.d)); }

/** a % b truncated (sign of a, Go's big.Int.Rem); b nonzero. */
export function bnRem(a: BigNum, b: BigNum): BigNum {
  magDivMod(a.d, b.d);
  return new BigNum(a.neg, divRem);
}

/** a vs b: <0, 0, >0. */
export function bnCmp(a: BigNum, b: BigNum): i32 {
  if (a.neg != b.neg) return a.neg ? -1 : 1;
  let c = magCmp(a.d, b.d);
  return a.neg ? -c : c;
}

/** a * 2^s (s >= 0). */
export function bnShl(a: BigNum, s: i32): BigNum { return new BigNum(a.neg, magShl(a.d, s)); }

/** floor(a / 2^s) (s >= 0; Go's big.Int.Rsh, arithmetic on negatives). */
export function bnShr(a: BigNum, s: i32): BigNum {
  let q = magShr(a.d, s);
  if (a.neg && magLowBitsSet(a.d, s)) q = magAdd(q, magFromU64(1));
  return new BigNum(a.neg, q);
}

/** 10^k as a magnitude (k >= 0), by squaring. */
export function magPow10(k: i32): Array<u32> {
  charge(k >> 3);
  let result = magFromU64(1);
  let base = magFromU64(10);
  while (k > 0) {
    if ((k & 1) != 0) result = magMul(result, base);
    k >>= 1;
    if (k > 0) base = magMul(base, base);
  }
  return result;
}

/** 5^k as a magnitude (k >= 0). */
export function magPow5(k: i32): Array<u32> {
  charge(k >> 3);
  let d = magFromU64(1);
  while (k >= 13) { d = magMulSmall(d, 1220703125, 0); k -= 13; }
  let m: u32 = 1;
  while (k > 0) { m *= 5; k--; }
  return m == 1 ? d : magMulSmall(d, m, 0);
}

/** The magnitude of the decimal digits s[start, end) (ASCII digits only). */
export function magParseDigits(s: string, start: i32, end: i32): Array<u32> {
  charge((end - start) >> 3);
  let d = new Array<u32>(0);
  let i = start;
  let first = (end - start) % 9;
  if (first == 0) first = 9;
  while (i < end) {
    let stop = i + first;
    if (stop > end) stop = end;
    let chunk: u32 = 0, scale: u32 = 1;
    for (; i < stop; i++) { chunk = chunk * 10 + <u32>(s.charCodeAt(i) - 0x30); scale *= 10; }
    d = magMulSmall(d, scale, chunk);
    first = 9;
  }
  return d;
}

/** Decimal digits of a magnitude ("0" for zero). */
export function magToDecimal(d: Array<u32>): string {
  if (d.length == 0) return "0";
  charge((d.length * d.length) >> 2);
  // at most 10 digits per 32 bits; filled from the end, 9 digits per division by 10^9
  let cap = d.length * 10;
  let buf = new StaticArray<u16>(cap);
  let pos = cap;
  let cur = d;
  while (cur.length > 0) {
    cur = magDivSmall(cur, 1000000000);
    let r = divSmallRem;
    let last = cur.length == 0;
    for (let j = 0; j < 9; j++) {
      if (last && r == 0) break;
      unchecked(buf[--pos] = <u16>(0x30 + r % 10));
      r /= 10;
    }
  }
  let n = cap - pos;
  let out = changetype<string>(__new(<usize>n << 1, idof<string>()));
  memory.copy(changetype<usize>(out), changetype<usize>(buf) + (<usize>pos << 1), <usize>n << 1);
  return out;
}

/** Decimal text of a ("-" when negative). */
export function bnToDecimal(a: BigNum): string {
  let s = magToDecimal(a.d);
  return a.neg ? "-" + s : s;
}

const HEX = "0123456789abcdef";

/** Digits of |a| in base 2, 8 or 16 (lower case), with "-" when negative. */
export function bnToBase(a: BigNum, base: i32): string {
  if (base == 10) return bnToDecimal(a);
  let d = a.d;
  let bits = magBitLen(d);
  if (bits == 0) return "0";
  let w = base == 2 ? 1 : base == 8 ? 3 : 4;
  let n = (bits + w - 1) / w;
  charge(n >> 3);
  let out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = w - 1; j >= 0; j--) v = (v << 1) | (magBit(d, i * w + j) ? 1 : 0);
    unchecked(out[n - 1 - i] = HEX.charAt(v));
  }
  let s = out.join("");
  return a.neg ? "-" + s : s;
}

/** Nearest f64 of a (through its decimal text; exactness comes from the text, not from this). */
export function bnToF64(a: BigNum): f64 {
  let bits = magBitLen(a.d);
  let v: f64;
  if (bits <= 64) v = <f64>magLow64(a.d);
  else {
    // top 64 bits, scaled; adequate as an approximation (monotone in |a|)
    let top = magLow64(magShr(a.d, bits - 64));
    v = <f64>top * Math.pow(2, <f64>(bits - 64));
  }
  return a.neg ? -v : v;
}


function toTwos(a: BigNum, n: i32): Array<u32> {
  let out = new Array<u32>(n);
  let m = a.neg ? magSub(a.d, magFromU64(1)) : a.d;
  for (let i = 0; i < n; i++) {
    let x: u32 = i < m.length ? unchecked(m[i]) : 0;
    unchecked(out[i] = a.neg ? ~x : x);
  }
  return out;
}

function fromTwos(t: Array<u32>): BigNum {
  let n = t.length;
  let neg = n > 0 && (unchecked(t[n - 1]) >>> 31) != 0;
  if (!neg) return new BigNum(false, trim(t));
  for (let i = 0; i < n; i++) unchecked(t[i] = ~unchecked(t[i]));
  return new BigNum(true, magAdd(trim(t), magFromU64(1)));
}

/** a & b (0), a | b (1), a ^ b (2) in infinite two's complement, as Go's big.Int. */
export function bnBitOp(op: i32, a: BigNum, b: BigNum): BigNum {
  let n = (a.d.length > b.d.length ? a.d.length : b.d.length) + 1;
  charge(n >> 4);
  let x = toTwos(a, n), y = toTwos(b, n);
  for (let i = 0; i < n; i++) {
    let p = unchecked(x[i]), q = unchecked(y[i]);
    unchecked(x[i] = op == 0 ? p & q : op == 1 ? p | q : p ^ q);
  }
  return fromTwos(x);
}
