// The exact value of a number's text (JSON number syntax): sign, significant digits and a
// decimal exponent. OPA keeps numbers as their text and compares them by exact value (big.Rat),
// so 28857836529306024611913 != 28857836529306024611912 and 1e400 < 2e400.

/** value = (neg ? -1 : 1) * digits * 10^exp; digits has no leading or trailing zeros ("" is 0). */
export class Dec {
  neg: bool = false;
  digits: string = "";
  exp: i32 = 0;
}

/** Parse JSON number text (also accepts a leading "+"); exponents are clamped to ±2^30. */
export function parseDec(s: string): Dec {
  let r = new Dec();
  let n = s.length, i = 0;
  if (i < n && (s.charCodeAt(i) == 0x2D || s.charCodeAt(i) == 0x2B)) { r.neg = s.charCodeAt(i) == 0x2D; i++; }
  let buf = new Array<string>(0);
  let start = i;
  let exp: i64 = 0;
  // integer part
  while (i < n) { let c = s.charCodeAt(i); if (c < 0x30 || c > 0x39) break; i++; }
  let intEnd = i;
  let fracStart = i, fracEnd = i;
  if (i < n && s.charCodeAt(i) == 0x2E) {
    i++; fracStart = i;
    while (i < n) { let c = s.charCodeAt(i); if (c < 0x30 || c > 0x39) break; i++; }
    fracEnd = i;
  }
  if (i < n && (s.charCodeAt(i) == 0x65 || s.charCodeAt(i) == 0x45)) {
    i++;
    let eneg = false;
    if (i < n && (s.charCodeAt(i) == 0x2D || s.charCodeAt(i) == 0x2B)) { eneg = s.charCodeAt(i) == 0x2D; i++; }
    let e: i64 = 0;
    while (i < n) {
      let c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      if (e < 0x40000000) e = e * 10 + <i64>(c - 0x30);
      i++;
    }
    exp = eneg ? -e : e;
  }
  buf.push(s.substring(start, intEnd));
  buf.push(s.substring(fracStart, fracEnd));
  let all = buf.join("");
  exp -= <i64>(fracEnd - fracStart);
  let a = 0, b = all.length;
  while (a < b && all.charCodeAt(a) == 0x30) a++;
  while (b > a && all.charCodeAt(b - 1) == 0x30) { b--; exp++; }
  r.digits = all.substring(a, b);
  if (r.digits.length == 0) { r.neg = false; r.exp = 0; return r; }
  if (exp > 0x40000000) exp = 0x40000000;
  if (exp < -0x40000000) exp = -0x40000000;
  r.exp = <i32>exp;
  return r;
}

/** True when the value is an integer. */
export function decIsInt(d: Dec): bool { return d.digits.length == 0 || d.exp >= 0; }

/** Exact order of two decimals: <0, 0, >0. */
export function decCmp(a: Dec, b: Dec): i32 {
  let za = a.digits.length == 0, zb = b.digits.length == 0;
  if (za && zb) return 0;
  let sa = za ? 0 : a.neg ? -1 : 1;
  let sb = zb ? 0 : b.neg ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  // same sign, both nonzero: compare magnitudes, by the position of the leading digit first
  let ma = <i64>a.digits.length + <i64>a.exp, mb = <i64>b.digits.length + <i64>b.exp;
  let c: i32 = 0;
  if (ma != mb) c = ma < mb ? -1 : 1;
  else {
    let x = a.digits, y = b.digits;
    let n = x.length < y.length ? x.length : y.length;
    for (let i = 0; i < n && c == 0; i++) {
      let p = x.charCodeAt(i), q = y.charCodeAt(i);
      if (p != q) c = p < q ? -1 : 1;
    }
    if (c == 0 && x.length != y.length) c = x.length < y.length ? -1 : 1;
  }
  return sa < 0 ? -c : c;
}
