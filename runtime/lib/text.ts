// Code-point helpers shared by the string, regex, glob and sprintf builtins.
// AssemblyScript strings are UTF-16; Rego strings are sequences of code points, so every
// index a builtin exposes (indexof, substring, regex positions) is counted in code points.

/** The code points of `s`, with `offsets[i]` = UTF-16 index of code point i (length n+1). */
export class CodePoints {
  cps: Int32Array;
  offsets: Int32Array;
  constructor(public s: string) {
    const len = s.length;
    let n = 0;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    const cps = new Int32Array(n);
    const offs = new Int32Array(n + 1);
    let k = 0;
    for (let i = 0; i < len; i++) {
      offs[k] = i;
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      cps[k++] = c;
    }
    offs[n] = len;
    this.cps = cps;
    this.offsets = offs;
  }
  get length(): i32 {
    return this.cps.length;
  }
  /** Substring by code-point indices [a, b). */
  slice(a: i32, b: i32): string {
    return this.s.substring(this.offsets[a], this.offsets[b]);
  }
}

export function cpCount(s: string): i32 {
  const len = s.length;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export function cpToString(c: i32): string {
  return String.fromCodePoint(c);
}

/** Simple lower-case mapping of one code point (ASCII fast path, else the std tables). */
export function cpLower(c: i32): i32 {
  if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c == 0x130) return 0x69; // İ: simple mapping (the full one is "i̇")
  const t = String.fromCodePoint(c).toLowerCase();
  if (t.length == 0) return c;
  const r = t.codePointAt(0);
  return (r > 0xffff ? 2 : 1) == t.length ? r : c;
}

export function cpUpper(c: i32): i32 {
  if (c < 0x80) return c >= 97 && c <= 122 ? c - 32 : c;
  // Greek with iota subscript: the simple mapping is the title-case letter (full: two letters)
  if ((c >= 0x1f80 && c <= 0x1f87) || (c >= 0x1f90 && c <= 0x1f97) || (c >= 0x1fa0 && c <= 0x1fa7)) return c + 8;
  if (c == 0x1fb3 || c == 0x1fc3 || c == 0x1ff3) return c + 9;
  const t = String.fromCodePoint(c).toUpperCase();
  if (t.length == 0) return c;
  const r = t.codePointAt(0);
  return (r > 0xffff ? 2 : 1) == t.length ? r : c;
}

/** Go's unicode.IsSpace. */
export function isGoSpace(c: i32): bool {
  if (c < 0x100) return c == 32 || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/** Appends the UTF-8 bytes of code point c to a byte array. */
export function utf8Len(c: i32): i32 {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** The string of a list of code points. */
export function fromCodePoints(cps: Array<i32>): string {
  let n = 0;
  for (let i = 0; i < cps.length; i++) n += cps[i] > 0xffff ? 2 : 1;
  const buf = new Uint16Array(n);
  let k = 0;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c > 0xffff) {
      const d = c - 0x10000;
      buf[k++] = <u16>(0xd800 + (d >> 10));
      buf[k++] = <u16>(0xdc00 + (d & 0x3ff));
    } else buf[k++] = <u16>c;
  }
  return String.UTF16.decodeUnsafe(buf.dataStart, <usize>n << 1);
}
