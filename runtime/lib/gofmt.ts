// Go's fmt.Sprintf over the argument types OPA's sprintf passes to it: int (int64), *big.Int
// (integers beyond int64, kept as decimal text), float64 and string (every other Rego value
// arrives as its Rego string form). Implements doPrintf's parsing (flags, width, precision,
// `*`, `[n]` argument indexes), the verbs of those types and Go's error forms
// (%!d(string=x), %!v(MISSING), %!(EXTRA …), %!(NOVERB), %!(BADWIDTH), %!(BADPREC),
// %!v(BADINDEX)).

import { formatFloat } from "./ftoa";
import { CodePoints, cpCount } from "./text";
import { isPrintUnicode } from "./unicode";

export const ARG_INT: i32 = 0;
export const ARG_BIG: i32 = 1;
export const ARG_FLOAT: i32 = 2;
export const ARG_STRING: i32 = 3;

/** One sprintf argument after OPA's conversion. */
export class FmtArg {
  kind: i32 = ARG_STRING;
  i: i64 = 0;
  f: f64 = 0;
  /** string value, or the decimal digits of a big integer (with "-" when negative) */
  s: string = "";
  static ofInt(v: i64): FmtArg {
    const a = new FmtArg();
    a.kind = ARG_INT;
    a.i = v;
    return a;
  }
  static ofFloat(v: f64): FmtArg {
    const a = new FmtArg();
    a.kind = ARG_FLOAT;
    a.f = v;
    return a;
  }
  static ofString(v: string): FmtArg {
    const a = new FmtArg();
    a.kind = ARG_STRING;
    a.s = v;
    return a;
  }
  static ofBig(digits: string): FmtArg {
    const a = new FmtArg();
    a.kind = ARG_BIG;
    a.s = digits;
    return a;
  }
}

/**
 * OPA's conversion of a number literal: int when it parses as int64, *big.Int when it is an
 * integer literal beyond int64, else float64 (non-finite → the text as a string).
 */
export function numberArg(text: string, n: f64): FmtArg {
  const len = text.length;
  let i = 0;
  let neg = false;
  if (len > 0 && (text.charCodeAt(0) == 0x2d || text.charCodeAt(0) == 0x2b)) {
    neg = text.charCodeAt(0) == 0x2d;
    i = 1;
  }
  let allDigits = i < len;
  for (let j = i; j < len; j++) {
    const c = text.charCodeAt(j);
    if (c < 0x30 || c > 0x39) {
      allDigits = false;
      break;
    }
  }
  if (allDigits) {
    // strip leading zeros
    let k = i;
    while (k < len - 1 && text.charCodeAt(k) == 0x30) k++;
    const digits = text.substring(k);
    // fits in int64?
    const limit = neg ? "9223372036854775808" : "9223372036854775807";
    if (digits.length < 19 || (digits.length == 19 && digits <= limit)) {
      let v: i64 = 0;
      for (let j = 0; j < digits.length; j++) v = v * 10 - <i64>(digits.charCodeAt(j) - 0x30);
      return FmtArg.ofInt(neg ? v : -v);
    }
    return FmtArg.ofBig(digits == "0" ? "0" : (neg ? "-" : "") + digits);
  }
  if (!isFinite(n)) return FmtArg.ofString(text);
  return FmtArg.ofFloat(n);
}

// ---- the printer ------------------------------------------------------------------------

const LDIGITS = "0123456789abcdefx";
const UDIGITS = "0123456789ABCDEFX";

class Printer {
  buf: Array<string> = [];
  // flags
  plus: bool = false;
  minus: bool = false;
  sharp: bool = false;
  space: bool = false;
  zero: bool = false;
  plusV: bool = false;
  sharpV: bool = false;
  wid: i32 = 0;
  widPresent: bool = false;
  prec: i32 = 0;
  precPresent: bool = false;
  reordered: bool = false;
  goodArgNum: bool = true;

  clearflags(): void {
    this.plus = false;
    this.minus = false;
    this.sharp = false;
    this.space = false;
    this.zero = false;
    this.plusV = false;
    this.sharpV = false;
    this.wid = 0;
    this.widPresent = false;
    this.prec = 0;
    this.precPresent = false;
  }

  write(s: string): void {
    this.buf.push(s);
  }

  writePadding(n: i32): void {
    if (n <= 0) return;
    this.buf.push((this.zero && !this.minus ? "0" : " ").repeat(n));
  }

  /** pad with width counted in code points */
  pad(s: string): void {
    if (!this.widPresent || this.wid == 0) {
      this.write(s);
      return;
    }
    const width = this.wid - cpCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.write(s);
    } else {
      this.write(s);
      this.writePadding(width);
    }
  }

  truncate(s: string): string {
    if (this.precPresent) {
      const cp = new CodePoints(s);
      if (this.prec < cp.length) return cp.slice(0, this.prec);
    }
    return s;
  }

  // -- integers --

  fmtInteger(u: u64, base: i32, isSigned: bool, verb: i32, digits: string): void {
    const negative = isSigned && <i64>u < 0;
    if (negative) u = 0 - u;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec == 0 && u == 0) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    // digits, right to left
    let s = "";
    const b = <u64>base;
    if (u == 0) s = "0";
    while (u > 0) {
      s = digits.charAt(<i32>(u % b)) + s;
      u /= b;
    }
    if (prec > s.length) s = "0".repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base == 2) s = "0b" + s;
      else if (base == 8) {
        if (s.charCodeAt(0) != 0x30) s = "0" + s;
      } else if (base == 16) s = "0" + digits.charAt(16) + s;
    }
    if (verb == 0x4f) s = "0o" + s;
    if (negative) s = "-" + s;
    else if (this.plus) s = "+" + s;
    else if (this.space) s = " " + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmtUnicode(u: u64): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let tail = "";
    if (this.sharp && u <= 0x10ffff && isPrint(<i32>u)) tail = " '" + String.fromCodePoint(<i32>u) + "'";
    let s = "";
    if (u == 0) s = "0";
    while (u > 0) {
      s = UDIGITS.charAt(<i32>(u & 15)) + s;
      u >>= 4;
    }
    if (prec > s.length) s = "0".repeat(prec - s.length) + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad("U+" + s + tail);
    this.zero = oldZero;
  }

  printInt(a: FmtArg, verb: i32): void {
    const v = <u64>a.i;
    switch (verb) {
      case 0x76: // v
      case 0x64: // d
        this.fmtInteger(v, 10, true, verb, LDIGITS);
        break;
      case 0x62:
        this.fmtInteger(v, 2, true, verb, LDIGITS);
        break;
      case 0x6f:
      case 0x4f:
        this.fmtInteger(v, 8, true, verb, LDIGITS);
        break;
      case 0x78:
        this.fmtInteger(v, 16, true, verb, LDIGITS);
        break;
      case 0x58:
        this.fmtInteger(v, 16, true, verb, UDIGITS);
        break;
      case 0x63: { // c
        let r = <i32>a.i;
        if (a.i < 0 || a.i > 0x10ffff || (a.i >= 0xd800 && a.i <= 0xdfff)) r = 0xfffd;
        this.pad(String.fromCodePoint(r));
        break;
      }
      case 0x71: // q
        if (a.i >= 0 && a.i <= 0x10ffff) {
          let r = <i32>a.i;
          if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
          this.pad(quoteRune(r, this.plus));
        } else this.badVerb(a, verb);
        break;
      case 0x55: // U
        this.fmtUnicode(v);
        break;
      default:
        this.badVerb(a, verb);
    }
  }

  // -- big integers (math/big's Formatter) --

  printBig(a: FmtArg, verb: i32): void {
    let base = 0;
    if (verb == 0x62) base = 2;
    else if (verb == 0x6f || verb == 0x4f) base = 8;
    else if (verb == 0x64 || verb == 0x73 || verb == 0x76) base = 10;
    else if (verb == 0x78 || verb == 0x58) base = 16;
    else {
      this.write("%!" + String.fromCodePoint(verb) + "(big.Int=" + a.s + ")");
      return;
    }
    const neg = a.s.charCodeAt(0) == 0x2d;
    const dec = neg ? a.s.substring(1) : a.s;
    let sign = "";
    if (neg) sign = "-";
    else if (this.plus) sign = "+";
    else if (this.space) sign = " ";
    let prefix = "";
    if (this.sharp) {
      if (verb == 0x62) prefix = "0b";
      else if (verb == 0x6f) prefix = "0";
      else if (verb == 0x78) prefix = "0x";
      else if (verb == 0x58) prefix = "0X";
    }
    if (verb == 0x4f) prefix = "0o";
    let digits = base == 10 ? dec : convertBase(dec, base);
    if (verb == 0x58) digits = digits.toUpperCase();
    let left = 0, zeros = 0, right = 0;
    if (this.precPresent) {
      if (digits.length < this.prec) zeros = this.prec - digits.length;
      else if (digits == "0" && this.prec == 0) return;
    }
    const length = sign.length + prefix.length + zeros + digits.length;
    if (this.widPresent && length < this.wid) {
      const d = this.wid - length;
      if (this.minus) right = d;
      else if (this.zero && !this.precPresent) zeros = d;
      else left = d;
    }
    this.write(" ".repeat(left) + sign + prefix + "0".repeat(zeros) + digits + " ".repeat(right));
  }

  // -- floats --

  fmtFloat(v: f64, verb: i32, prec: i32): void {
    if (this.precPresent) prec = this.prec;
    let fverb = verb;
    if (verb == 0x46) fverb = 0x66; // F
    let num = formatFloat(v, fverb, prec);
    if (num.charCodeAt(0) == 0x2d || num.charCodeAt(0) == 0x2b) {
      // has a sign already
    } else num = "+" + num;
    if (this.space && num.charCodeAt(0) == 0x2b && !this.plus) num = " " + num.substring(1);
    const c1 = num.charCodeAt(1);
    if (c1 == 0x49 || c1 == 0x4e) {
      const oldZero = this.zero;
      this.zero = false;
      if (c1 == 0x4e && !this.space && !this.plus) num = num.substring(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb != 0x62) {
      let digits = 0;
      if (verb == 0x76 || verb == 0x67 || verb == 0x47 || verb == 0x78) {
        digits = prec;
        if (digits == -1) digits = 6;
      }
      let tail = "";
      let body = num;
      let hasDot = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body.charCodeAt(i);
        if (c == 0x2e) {
          hasDot = true;
        } else if (c == 0x70 || c == 0x50) {
          tail = body.substring(i);
          body = body.substring(0, i);
          break;
        } else if ((c == 0x65 || c == 0x45) && verb != 0x78 && verb != 0x58) {
          tail = body.substring(i);
          body = body.substring(0, i);
          break;
        } else {
          if (c != 0x30) sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasDot) {
        if (body.length == 2 && body.charCodeAt(1) == 0x30) digits--;
        body += ".";
      }
      if (digits > 0) body += "0".repeat(digits);
      num = body + tail;
    }
    if (this.plus || num.charCodeAt(0) != 0x2b) {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.write(num.charAt(0));
        this.writePadding(this.wid - num.length);
        this.write(num.substring(1));
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.substring(1));
  }

  printFloat(a: FmtArg, verb: i32): void {
    switch (verb) {
      case 0x76:
        this.fmtFloat(a.f, 0x67, -1);
        break;
      case 0x62:
      case 0x67:
      case 0x47:
      case 0x78:
      case 0x58:
        this.fmtFloat(a.f, verb, -1);
        break;
      case 0x66:
      case 0x65:
      case 0x45:
      case 0x46:
        this.fmtFloat(a.f, verb, 6);
        break;
      default:
        this.badVerb(a, verb);
    }
  }

  // -- strings --

  fmtSx(s: string, digits: string): void {
    const bytes = Uint8Array.wrap(String.UTF8.encode(s));
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = "";
    if (this.sharp) out += "0" + digits.charAt(16);
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += " ";
        if (this.sharp) out += "0" + digits.charAt(16);
      }
      const c = <i32>bytes[i];
      out += digits.charAt(c >> 4) + digits.charAt(c & 15);
    }
    this.write(out);
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.pad("`" + s + "`");
      return;
    }
    this.pad(quote(s, this.plus));
  }

  printString(a: FmtArg, verb: i32): void {
    switch (verb) {
      case 0x76:
        if (this.sharpV) this.fmtQ(a.s);
        else this.pad(this.truncate(a.s));
        break;
      case 0x73:
        this.pad(this.truncate(a.s));
        break;
      case 0x78:
        this.fmtSx(a.s, LDIGITS);
        break;
      case 0x58:
        this.fmtSx(a.s, UDIGITS);
        break;
      case 0x71:
        this.fmtQ(a.s);
        break;
      default:
        this.badVerb(a, verb);
    }
  }

  printArg(a: FmtArg, verb: i32): void {
    switch (a.kind) {
      case ARG_INT: this.printInt(a, verb); break;
      case ARG_BIG: this.printBig(a, verb); break;
      case ARG_FLOAT: this.printFloat(a, verb); break;
      default: this.printString(a, verb);
    }
  }

  badVerb(a: FmtArg, verb: i32): void {
    this.write("%!" + String.fromCodePoint(verb) + "(" + typeName(a) + "=");
    this.printArg(a, 0x76);
    this.write(")");
  }
}

function typeName(a: FmtArg): string {
  switch (a.kind) {
    case ARG_INT: return "int";
    case ARG_BIG: return "*big.Int";
    case ARG_FLOAT: return "float64";
  }
  return "string";
}

/** Decimal digit string → digits in base 2, 8 or 16 (lower case). */
function convertBase(dec: string, base: i32): string {
  const d = new Array<i32>(dec.length);
  for (let i = 0; i < dec.length; i++) d[i] = dec.charCodeAt(i) - 0x30;
  let out = "";
  let start = 0;
  while (start < d.length && d[start] == 0) start++;
  if (start == d.length) return "0";
  while (start < d.length) {
    let rem = 0;
    for (let i = start; i < d.length; i++) {
      const cur = rem * 10 + d[i];
      d[i] = cur / base;
      rem = cur % base;
    }
    out = "0123456789abcdef".charAt(rem) + out;
    while (start < d.length && d[start] == 0) start++;
  }
  return out;
}

// ---- strconv quoting -------------------------------------------------------------------

/** Go's strconv.IsPrint (Unicode tables of unicode-tables.ts). */
export function isPrint(c: i32): bool {
  return isPrintUnicode(c);
}

function hex4(c: i32, n: i32): string {
  let s = "";
  for (let i = n - 1; i >= 0; i--) s += "0123456789abcdef".charAt((c >> (4 * i)) & 15);
  return s;
}

function escapeRune(c: i32, q: i32, ascii: bool): string {
  if (c == q || c == 0x5c) return "\\" + String.fromCharCode(c);
  if (ascii ? c < 0x7f && c >= 0x20 : isPrint(c)) return String.fromCodePoint(c);
  switch (c) {
    case 7: return "\\a";
    case 8: return "\\b";
    case 12: return "\\f";
    case 10: return "\\n";
    case 13: return "\\r";
    case 9: return "\\t";
    case 11: return "\\v";
  }
  if (c < 0x20 || c == 0x7f) return "\\x" + hex4(c, 2);
  if (c < 0x10000) return "\\u" + hex4(c, 4);
  return "\\U" + hex4(c, 8);
}

/** strconv.Quote (ascii = QuoteToASCII). */
export function quote(s: string, ascii: bool): string {
  const cp = new CodePoints(s);
  let out = "\"";
  for (let i = 0; i < cp.length; i++) out += escapeRune(cp.cps[i], 0x22, ascii);
  return out + "\"";
}

function quoteRune(c: i32, ascii: bool): string {
  return "'" + escapeRune(c, 0x27, ascii) + "'";
}

function canBackquote(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x60 || c == 0x7f || c == 0xfeff || (c < 0x20 && c != 9)) return false;
  }
  return true;
}

// ---- doPrintf ---------------------------------------------------------------------------

function tooLarge(x: i32): bool {
  return x > 1000000 || x < -1000000;
}

/** Go's fmt.Sprintf(format, args...). */
export function goSprintf(format: string, args: Array<FmtArg>): string {
  const p = new Printer();
  const fc = new CodePoints(format);
  const f = fc.cps;
  const end = f.length;
  const nargs = args.length;
  let argNum = 0;
  let afterIndex = false;
  let i = 0;
  while (i < end) {
    p.goodArgNum = true;
    const lasti = i;
    while (i < end && f[i] != 0x25) i++;
    if (i > lasti) p.write(fc.slice(lasti, i));
    if (i >= end) break;
    i++; // %
    p.clearflags();
    // flags
    let simple = false;
    for (; i < end; i++) {
      const c = f[i];
      if (c == 0x23) p.sharp = true;
      else if (c == 0x30) p.zero = !p.minus;
      else if (c == 0x2b) p.plus = true;
      else if (c == 0x2d) {
        p.minus = true;
        p.zero = false;
      } else if (c == 0x20) p.space = true;
      else {
        if (c >= 0x61 && c <= 0x7a && argNum < nargs) {
          if (c == 0x76) {
            p.sharpV = p.sharp;
            p.sharp = false;
            p.plusV = p.plus;
            p.plus = false;
          }
          p.printArg(args[argNum], c);
          argNum++;
          i++;
          simple = true;
        }
        break;
      }
    }
    if (simple) continue;

    // argument index
    let r = argNumber(p, f, argNum, i, nargs);
    argNum = r.argNum;
    i = r.i;
    afterIndex = r.found;

    // width
    if (i < end && f[i] == 0x2a) {
      i++;
      const w = intFromArg(args, argNum);
      p.wid = w.num;
      p.widPresent = w.ok;
      argNum = w.argNum;
      if (!p.widPresent) p.write("%!(BADWIDTH)");
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      afterIndex = false;
    } else {
      const pn = parsenum(f, i, end);
      p.wid = pn.num;
      p.widPresent = pn.ok;
      i = pn.i;
      if (afterIndex && p.widPresent) p.goodArgNum = false;
    }

    // precision
    if (i + 1 < end && f[i] == 0x2e) {
      i++;
      if (afterIndex) p.goodArgNum = false;
      r = argNumber(p, f, argNum, i, nargs);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
      if (i < end && f[i] == 0x2a) {
        i++;
        const w = intFromArg(args, argNum);
        p.prec = w.num;
        p.precPresent = w.ok;
        argNum = w.argNum;
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!p.precPresent) p.write("%!(BADPREC)");
        afterIndex = false;
      } else {
        const pn = parsenum(f, i, end);
        p.prec = pn.num;
        p.precPresent = pn.ok;
        i = pn.i;
        if (!p.precPresent) {
          p.prec = 0;
          p.precPresent = true;
        }
      }
    }

    if (!afterIndex) {
      r = argNumber(p, f, argNum, i, nargs);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
    }

    if (i >= end) {
      p.write("%!(NOVERB)");
      break;
    }

    const verb = f[i];
    i++;
    if (verb == 0x25) {
      p.write("%");
    } else if (!p.goodArgNum) {
      p.write("%!" + String.fromCodePoint(verb) + "(BADINDEX)");
    } else if (argNum >= nargs) {
      p.write("%!" + String.fromCodePoint(verb) + "(MISSING)");
    } else {
      if (verb == 0x76) {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      p.printArg(args[argNum], verb);
      argNum++;
    }
  }

  if (!p.reordered && argNum < nargs) {
    p.clearflags();
    p.write("%!(EXTRA ");
    for (let k = argNum; k < nargs; k++) {
      if (k > argNum) p.write(", ");
      p.write(typeName(args[k]) + "=");
      p.printArg(args[k], 0x76);
    }
    p.write(")");
  }
  return p.buf.join("");
}

class NumResult {
  num: i32 = 0;
  ok: bool = false;
  i: i32 = 0;
  argNum: i32 = 0;
}

function parsenum(f: Int32Array, start: i32, end: i32): NumResult {
  const r = new NumResult();
  r.i = start;
  if (start >= end) return r;
  let num = 0;
  let i = start;
  let ok = false;
  while (i < end && f[i] >= 0x30 && f[i] <= 0x39) {
    if (tooLarge(num)) {
      r.num = 0;
      r.ok = false;
      r.i = end;
      return r;
    }
    num = num * 10 + (f[i] - 0x30);
    ok = true;
    i++;
  }
  r.num = num;
  r.ok = ok;
  r.i = i;
  return r;
}

class ArgNumResult {
  argNum: i32 = 0;
  i: i32 = 0;
  found: bool = false;
}

function argNumber(p: Printer, f: Int32Array, argNum: i32, i: i32, numArgs: i32): ArgNumResult {
  const r = new ArgNumResult();
  r.argNum = argNum;
  r.i = i;
  if (f.length <= i || f[i] != 0x5b) return r;
  p.reordered = true;
  // parseArgNumber on f[i:]
  let index = 0, wid = 1, ok = false;
  const len = f.length - i;
  if (len >= 3) {
    for (let k = 1; k < len; k++) {
      if (f[i + k] == 0x5d) {
        const pn = parsenum(f, i + 1, i + k);
        if (!pn.ok || pn.i != i + k) {
          index = 0;
          wid = k + 1;
          ok = false;
        } else {
          index = pn.num - 1;
          wid = k + 1;
          ok = true;
        }
        break;
      }
    }
  }
  if (ok && 0 <= index && index < numArgs) {
    r.argNum = index;
    r.i = i + wid;
    r.found = true;
    return r;
  }
  p.goodArgNum = false;
  r.i = i + wid;
  r.found = ok;
  return r;
}

function intFromArg(args: Array<FmtArg>, argNum: i32): NumResult {
  const r = new NumResult();
  r.argNum = argNum;
  if (argNum < args.length) {
    const a = args[argNum];
    if (a.kind == ARG_INT && a.i >= -2147483648 && a.i <= 2147483647) {
      r.num = <i32>a.i;
      r.ok = true;
    }
    r.argNum = argNum + 1;
    if (r.ok && tooLarge(r.num)) {
      r.num = 0;
      r.ok = false;
    }
  }
  return r;
}
