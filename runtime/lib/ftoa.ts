// Exact float64 → decimal conversion and Go strconv.FormatFloat ('e', 'E', 'f', 'g', 'G', 'b',
// 'x', 'X'; precision -1 = shortest round-trip), used by sprintf. Digits come from an exact
// big-integer expansion of the binary value, so fixed-precision rounding is correct (round half
// to even on the exact value, like Go's decimal type).

/** A non-negative decimal: digits d[0..nd) (no leading zeros), value = 0.d × 10^dp. */
export class Decimal {
  d: Array<u8> = [];
  dp: i32 = 0;
  get nd(): i32 {
    return this.d.length;
  }
}

const LIMB: u64 = 1000000000;

/** Exact decimal of m × 2^e (m < 2^63). */
export function exactDecimal(m: u64, e: i32): Decimal {
  const out = new Decimal();
  if (m == 0) return out;
  // big integer in base-1e9 limbs, little endian
  const limbs = new Array<u64>();
  let x = m;
  while (x > 0) {
    limbs.push(x % LIMB);
    x /= LIMB;
  }
  let fracDigits = 0;
  if (e >= 0) {
    let k = e;
    while (k > 0) {
      const s = k > 29 ? 29 : k;
      mulSmall(limbs, (<u64>1) << s);
      k -= s;
    }
  } else {
    // m × 2^e = m × 5^-e / 10^-e
    let k = -e;
    fracDigits = k;
    while (k > 0) {
      const s = k > 13 ? 13 : k;
      let p: u64 = 1;
      for (let i = 0; i < s; i++) p *= 5;
      mulSmall(limbs, p);
      k -= s;
    }
  }
  // to decimal digits
  let str = "";
  for (let i = limbs.length - 1; i >= 0; i--) {
    let part = limbs[i].toString();
    if (i != limbs.length - 1) while (part.length < 9) part = "0" + part;
    str += part;
  }
  const n = str.length;
  for (let i = 0; i < n; i++) out.d.push(<u8>(str.charCodeAt(i) - 48));
  out.dp = n - fracDigits;
  trim(out);
  return out;
}

function mulSmall(limbs: Array<u64>, f: u64): void {
  let carry: u64 = 0;
  for (let i = 0; i < limbs.length; i++) {
    const v = limbs[i] * f + carry;
    limbs[i] = v % LIMB;
    carry = v / LIMB;
  }
  while (carry > 0) {
    limbs.push(carry % LIMB);
    carry /= LIMB;
  }
}

function trim(d: Decimal): void {
  let n = d.d.length;
  while (n > 0 && d.d[n - 1] == 0) n--;
  d.d.length = n;
  if (n == 0) d.dp = 0;
}

function copyDec(a: Decimal): Decimal {
  const b = new Decimal();
  b.d = a.d.slice(0);
  b.dp = a.dp;
  return b;
}

/** Whether rounding a to nd digits rounds up (Go: half to even on the exact digits). */
function shouldRoundUp(a: Decimal, nd: i32): bool {
  if (nd < 0 || nd >= a.nd) return false;
  if (a.d[nd] == 5 && nd + 1 == a.nd) {
    return nd > 0 && (a.d[nd - 1] & 1) == 1;
  }
  return a.d[nd] >= 5;
}

function roundDown(a: Decimal, nd: i32): void {
  if (nd < 0 || nd >= a.nd) return;
  a.d.length = nd;
  trim(a);
}

function roundUp(a: Decimal, nd: i32): void {
  if (nd < 0 || nd >= a.nd) return;
  let i = nd - 1;
  while (i >= 0 && a.d[i] == 9) i--;
  if (i < 0) {
    // 999 → 1000
    a.d.length = 1;
    a.d[0] = 1;
    a.dp++;
    return;
  }
  a.d[i] = a.d[i] + 1;
  a.d.length = i + 1;
  trim(a);
}

export function roundDec(a: Decimal, nd: i32): void {
  if (nd < 0 || nd >= a.nd) return;
  if (shouldRoundUp(a, nd)) roundUp(a, nd);
  else roundDown(a, nd);
}

/** -1, 0, 1 comparing two non-negative decimals. */
function cmpDec(a: Decimal, b: Decimal): i32 {
  if (a.nd == 0 || b.nd == 0) {
    if (a.nd == 0 && b.nd == 0) return 0;
    return a.nd == 0 ? -1 : 1;
  }
  if (a.dp != b.dp) return a.dp < b.dp ? -1 : 1;
  const n = a.nd > b.nd ? a.nd : b.nd;
  for (let i = 0; i < n; i++) {
    const x = i < a.nd ? a.d[i] : 0;
    const y = i < b.nd ? b.d[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Splits a finite f64 into mantissa/exponent: |v| = mant × 2^exp. */
function decompose(v: f64): u64 {
  return reinterpret<u64>(v);
}

/** Shortest decimal that rounds back to v (v finite, ≥ 0 handled by caller). */
export function shortestDecimal(v: f64): Decimal {
  const bits = decompose(v);
  const bexp = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  let exp: i32;
  if (bexp == 0) exp = -1074;
  else {
    mant |= (<u64>1) << 52;
    exp = bexp - 1075;
  }
  const d = exactDecimal(mant, exp);
  if (mant == 0) return d;
  // bounds: halfway to the neighbours
  const upper = exactDecimal(mant * 2 + 1, exp - 1);
  let lower: Decimal;
  if (mant == (<u64>1) << 52 && bexp > 1) lower = exactDecimal(mant * 4 - 1, exp - 2);
  else lower = exactDecimal(mant * 2 - 1, exp - 1);
  const inclusive = (mant & 1) == 0;
  for (let n = 1; n < d.nd; n++) {
    const down = copyDec(d);
    roundDown(down, n);
    const up = copyDec(d);
    roundUp(up, n);
    const cl = cmpDec(down, lower);
    const cu = cmpDec(up, upper);
    const okDown = cl > 0 || (inclusive && cl == 0);
    const okUp = cu < 0 || (inclusive && cu == 0);
    if (okDown && okUp) {
      roundDec(d, n);
      return d;
    }
    if (okDown) return down;
    if (okUp) return up;
  }
  return d;
}

function digitsOf(d: Decimal, from: i32, to: i32): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(48 + (i < d.nd ? <i32>d.d[i] : 0));
  return s;
}

function fmtE(neg: bool, d: Decimal, prec: i32, ech: i32): string {
  let s = neg ? "-" : "";
  s += d.nd == 0 ? "0" : String.fromCharCode(48 + d.d[0]);
  if (prec > 0) {
    s += ".";
    s += digitsOf(d, 1, prec + 1);
  }
  s += String.fromCharCode(ech);
  let exp = d.dp - 1;
  if (d.nd == 0) exp = 0;
  if (exp < 0) {
    s += "-";
    exp = -exp;
  } else s += "+";
  if (exp < 10) s += "0" + exp.toString();
  else s += exp.toString();
  return s;
}

function fmtF(neg: bool, d: Decimal, prec: i32): string {
  let s = neg ? "-" : "";
  if (d.dp > 0) {
    s += digitsOf(d, 0, d.dp);
  } else s += "0";
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      s += String.fromCharCode(48 + (j >= 0 && j < d.nd ? <i32>d.d[j] : 0));
    }
  }
  return s;
}

/** Go strconv.FormatFloat(v, fmt, prec, 64). */
export function formatFloat(v: f64, fmt: i32, prec: i32): string {
  if (isNaN(v)) return "NaN";
  if (!isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  const neg = (reinterpret<u64>(v) >> 63) != 0;
  const a = Math.abs(v);
  if (fmt == 0x62) return fmtB(neg, a);
  if (fmt == 0x78 || fmt == 0x58) return fmtX(neg, a, prec, fmt);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(a);
    if (fmt == 0x65 || fmt == 0x45) prec = max(d.nd - 1, 0);
    else if (fmt == 0x66) prec = max(d.nd - d.dp, 0);
    else prec = d.nd;
  } else {
    const bits = reinterpret<u64>(a);
    const bexp = <i32>((bits >> 52) & 0x7ff);
    let mant = bits & 0xfffffffffffff;
    let exp: i32;
    if (bexp == 0) exp = -1074;
    else {
      mant |= (<u64>1) << 52;
      exp = bexp - 1075;
    }
    d = exactDecimal(mant, exp);
    if (fmt == 0x65 || fmt == 0x45) roundDec(d, prec + 1);
    else if (fmt == 0x66) roundDec(d, d.dp + prec);
    else {
      if (prec == 0) prec = 1;
      roundDec(d, prec);
    }
  }
  if (fmt == 0x65 || fmt == 0x45) return fmtE(neg, d, prec, fmt);
  if (fmt == 0x66) return fmtF(neg, d, prec);
  // g / G
  let eprec = prec;
  if (eprec > d.nd && d.nd >= d.dp) eprec = d.nd;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.nd) prec = d.nd;
    return fmtE(neg, d, prec - 1, fmt + 0x65 - 0x67);
  }
  if (prec > d.dp) prec = d.nd;
  return fmtF(neg, d, max(prec - d.dp, 0));
}

function fmtB(neg: bool, a: f64): string {
  const bits = reinterpret<u64>(a);
  const bexp = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  let exp: i32;
  if (bexp == 0) exp = -1074;
  else {
    mant |= (<u64>1) << 52;
    exp = bexp - 1075;
  }
  return (neg ? "-" : "") + mant.toString() + "p" + (exp >= 0 ? "+" : "") + exp.toString();
}

/** %x: -0x1.hhhhp±dd (Go strconv 'x' format). */
function fmtX(neg: bool, a: f64, prec: i32, fmt: i32): string {
  const bits = reinterpret<u64>(a);
  const bexp = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  let exp: i32;
  if (bexp == 0) exp = -1074;
  else {
    mant |= (<u64>1) << 52;
    exp = bexp - 1075;
  }
  // normalise: mant has its leading 1 at bit 60 (60 = 4*15 fraction bits)
  if (mant == 0) exp = 0;
  else {
    let shift = 60 - (63 - <i32>clz(mant));
    mant <<= <u64>shift;
    exp -= shift;
    exp += 60;
  }
  // round to prec hex digits
  if (prec >= 0 && prec < 15) {
    const shift = <u64>(60 - prec * 4);
    const extra = mant & (((<u64>1) << shift) - 1);
    mant >>= shift;
    const half = (<u64>1) << (shift - 1);
    if (extra > half || (extra == half && (mant & 1) == 1)) mant++;
    mant <<= shift;
    if ((mant >> 61) != 0) {
      mant >>= 1;
      exp++;
    }
  }
  const hex = fmt == 0x58 ? "0123456789ABCDEF" : "0123456789abcdef";
  let s = neg ? "-" : "";
  s += fmt == 0x58 ? "0X" : "0x";
  s += String.fromCharCode(48 + <i32>((mant >> 60) & 1));
  mant <<= 4; // drop the leading digit (bit 60 → 64)
  if (prec < 0 && mant != 0) {
    s += ".";
    while (mant != 0) {
      s += hex.charAt(<i32>((mant >> 60) & 15));
      mant <<= 4;
    }
  } else if (prec > 0) {
    s += ".";
    for (let i = 0; i < prec; i++) {
      s += hex.charAt(<i32>((mant >> 60) & 15));
      mant <<= 4;
    }
  }
  s += fmt == 0x58 ? "P" : "p";
  if (exp < 0) {
    s += "-";
    exp = -exp;
  } else s += "+";
  if (exp < 10) s += "0";
  s += exp.toString();
  return s;
}
