// A regular-expression engine with the syntax and match semantics of Go's `regexp` (RE2),
// which OPA's regex.* builtins use: parse → AST → Pike-VM program, run over code points in
// time linear in the input (no backtracking). Leftmost-first ("Perl") match preference,
// Go's Perl flags (ClassNL | OneLine | PerlX | UnicodeGroups): `$` is end of text unless (?m),
// negated classes match "\n", \d \s \w \b are ASCII, \pL \p{Greek} \P{Lu} \p{^N} use the
// Unicode tables of unicode-tables.ts.

import { CodePoints, cpLower, cpUpper } from "./text";
import { addUnicodeClass, isLetter, isDigit } from "./unicode";

// ---- AST --------------------------------------------------------------------------------

const N_LIT: i32 = 0;
const N_CLASS: i32 = 1;
const N_ANY: i32 = 2; // any code point
const N_ANYNOTNL: i32 = 3;
const N_ASSERT: i32 = 4;
const N_CAP: i32 = 5;
const N_CAT: i32 = 6;
const N_ALT: i32 = 7;
const N_REP: i32 = 8;
const N_EMPTY: i32 = 9;

const A_BOT: i32 = 0; // \A, ^ without (?m)
const A_EOT: i32 = 1; // \z, $ without (?m)
const A_BOL: i32 = 2;
const A_EOL: i32 = 3;
const A_WORDB: i32 = 4;
const A_NWORDB: i32 = 5;

const F_FOLD: i32 = 1;
const F_DOTNL: i32 = 2;
const F_MULTI: i32 = 4;
const F_UNGREEDY: i32 = 8;

const MAX_CP: i32 = 0x10ffff;
const MAX_REPEAT: i32 = 1000;
const MAX_DEPTH: i32 = 1000;
const MAX_INST: i32 = 400000;

class RNode {
  kind: i32;
  c: i32 = 0;
  ranges: Array<i32> | null = null;
  subs: Array<RNode> = [];
  min: i32 = 0;
  max: i32 = 0;
  greedy: bool = true;
  /** Index in the program's class table once emitted (repetitions share one table entry). */
  classIndex: i32 = -1;
  constructor(kind: i32) {
    this.kind = kind;
  }
}

// ---- character classes (sorted, merged [lo, hi] pairs) -----------------------------------

function addRange(r: Array<i32>, lo: i32, hi: i32): void {
  r.push(lo);
  r.push(hi);
}

function normalize(r: Array<i32>): Array<i32> {
  const n = r.length >> 1;
  // insertion sort of pairs by lo (classes are small)
  const los = new Array<i32>(n);
  const his = new Array<i32>(n);
  for (let i = 0; i < n; i++) {
    los[i] = r[2 * i];
    his[i] = r[2 * i + 1];
  }
  for (let i = 1; i < n; i++) {
    const l = los[i], h = his[i];
    let j = i - 1;
    while (j >= 0 && los[j] > l) {
      los[j + 1] = los[j];
      his[j + 1] = his[j];
      j--;
    }
    los[j + 1] = l;
    his[j + 1] = h;
  }
  const out = new Array<i32>();
  for (let i = 0; i < n; i++) {
    const m = out.length;
    if (m > 0 && los[i] <= out[m - 1] + 1) {
      if (his[i] > out[m - 1]) out[m - 1] = his[i];
    } else {
      out.push(los[i]);
      out.push(his[i]);
    }
  }
  return out;
}

function negate(r: Array<i32>): Array<i32> {
  const n = normalize(r);
  const out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < n.length; i += 2) {
    if (n[i] > next) addRange(out, next, n[i] - 1);
    next = n[i + 1] + 1;
  }
  if (next <= MAX_CP) addRange(out, next, MAX_CP);
  return out;
}

function addFoldsOf(out: Array<i32>, c: i32): void {
  const l = cpLower(c), u = cpUpper(c);
  if (l != c) addRange(out, l, l);
  if (u != c) addRange(out, u, u);
  const ul = cpLower(u), lu = cpUpper(l);
  if (ul != c && ul != l) addRange(out, ul, ul);
  if (lu != c && lu != u) addRange(out, lu, lu);
  // Go's simple-fold orbits with more than an upper/lower pair
  for (let g = 0; g < FOLD_ORBITS.length; g++) {
    const orbit = FOLD_ORBITS[g];
    let hit = false;
    for (let i = 0; i < orbit.length; i++) if (orbit[i] == c || orbit[i] == l || orbit[i] == u) hit = true;
    if (hit) for (let i = 0; i < orbit.length; i++) addRange(out, orbit[i], orbit[i]);
  }
}

/** unicode.SimpleFold orbits that a lower/upper mapping does not reach (Kelvin, long s, Greek symbols, …). */
const FOLD_ORBITS: StaticArray<StaticArray<i32>> = [
  [0x4b, 0x6b, 0x212a], [0x53, 0x73, 0x17f], [0xb5, 0x39c, 0x3bc], [0xc5, 0xe5, 0x212b],
  [0xdf, 0x1e9e], [0x1c4, 0x1c5, 0x1c6], [0x1c7, 0x1c8, 0x1c9], [0x1ca, 0x1cb, 0x1cc], [0x1f1, 0x1f2, 0x1f3],
  [0x392, 0x3b2, 0x3d0], [0x395, 0x3b5, 0x3f5], [0x398, 0x3b8, 0x3d1, 0x3f4], [0x399, 0x3b9, 0x345, 0x1fbe],
  [0x39a, 0x3ba, 0x3f0], [0x3a0, 0x3c0, 0x3d6], [0x3a1, 0x3c1, 0x3f1], [0x3a3, 0x3c2, 0x3c3],
  [0x3a6, 0x3c6, 0x3d5], [0x3a9, 0x3c9, 0x2126], [0x1e60, 0x1e61, 0x1e9b],
];

function foldClass(r: Array<i32>): Array<i32> {
  const out = new Array<i32>();
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i], hi = r[i + 1];
    addRange(out, lo, hi);
    // folding huge ranges one by one is too slow; limit to the cased planes that matter
    let end = hi;
    if (end > 0x1ffff) end = 0x1ffff;
    if (end - lo > 0x3000) {
      // fold the ASCII/Latin/Greek/Cyrillic part only
      if (lo < 0x600) {
        for (let c = lo; c <= min(end, 0x5ff); c++) addFoldsOf(out, c);
      }
      continue;
    }
    for (let c = lo; c <= end; c++) addFoldsOf(out, c);
  }
  return normalize(out);
}

function addPerl(out: Array<i32>, c: i32): void {
  if (c == 0x64) addRange(out, 0x30, 0x39); // d
  else if (c == 0x73) { addRange(out, 9, 10); addRange(out, 12, 13); addRange(out, 32, 32); } // s
  else { addRange(out, 0x30, 0x39); addRange(out, 0x41, 0x5a); addRange(out, 0x5f, 0x5f); addRange(out, 0x61, 0x7a); } // w
}

/** POSIX class by name into out; false when unknown. */
function addPosix(out: Array<i32>, name: string): bool {
  if (name == "alnum") { addRange(out, 0x30, 0x39); addRange(out, 0x41, 0x5a); addRange(out, 0x61, 0x7a); }
  else if (name == "alpha") { addRange(out, 0x41, 0x5a); addRange(out, 0x61, 0x7a); }
  else if (name == "ascii") addRange(out, 0, 0x7f);
  else if (name == "blank") { addRange(out, 9, 9); addRange(out, 32, 32); }
  else if (name == "cntrl") { addRange(out, 0, 0x1f); addRange(out, 0x7f, 0x7f); }
  else if (name == "digit") addRange(out, 0x30, 0x39);
  else if (name == "graph") addRange(out, 0x21, 0x7e);
  else if (name == "lower") addRange(out, 0x61, 0x7a);
  else if (name == "print") addRange(out, 0x20, 0x7e);
  else if (name == "punct") { addRange(out, 0x21, 0x2f); addRange(out, 0x3a, 0x40); addRange(out, 0x5b, 0x60); addRange(out, 0x7b, 0x7e); }
  else if (name == "space") { addRange(out, 9, 13); addRange(out, 32, 32); }
  else if (name == "upper") addRange(out, 0x41, 0x5a);
  else if (name == "word") { addRange(out, 0x30, 0x39); addRange(out, 0x41, 0x5a); addRange(out, 0x5f, 0x5f); addRange(out, 0x61, 0x7a); }
  else if (name == "xdigit") { addRange(out, 0x30, 0x39); addRange(out, 0x41, 0x46); addRange(out, 0x61, 0x66); }
  else return false;
  return true;
}

function isAlnum(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isWordChar(c: i32): bool {
  return isAlnum(c) || c == 0x5f;
}
function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// ---- parser -----------------------------------------------------------------------------

class Parser {
  p: Int32Array;
  pos: i32 = 0;
  flags: i32 = 0;
  ncap: i32 = 0;
  names: Array<string> = [""];
  err: string = "";
  depth: i32 = 0;
  src: CodePoints;

  constructor(pattern: string) {
    const src = new CodePoints(pattern);
    this.p = src.cps;
    this.src = src;
  }

  fail(msg: string): RNode | null {
    if (this.err.length == 0) this.err = msg;
    return null;
  }
  more(): bool {
    return this.pos < this.p.length;
  }
  peek(): i32 {
    return this.pos < this.p.length ? this.p[this.pos] : -1;
  }
  peekAt(k: i32): i32 {
    const i = this.pos + k;
    return i < this.p.length ? this.p[i] : -1;
  }

  literal(c: i32): RNode {
    if ((this.flags & F_FOLD) != 0) {
      const r = new Array<i32>();
      addRange(r, c, c);
      addFoldsOf(r, c);
      const n = normalize(r);
      if (n.length > 2 || n[0] != n[1]) {
        const node = new RNode(N_CLASS);
        node.ranges = n;
        return node;
      }
    }
    const node = new RNode(N_LIT);
    node.c = c;
    return node;
  }

  parseAlt(): RNode | null {
    const first = this.parseConcat();
    if (first == null) return null;
    if (this.peek() != 0x7c) return first;
    const alt = new RNode(N_ALT);
    alt.subs.push(first);
    while (this.peek() == 0x7c) {
      this.pos++;
      const next = this.parseConcat();
      if (next == null) return null;
      alt.subs.push(next);
    }
    return alt;
  }

  parseConcat(): RNode | null {
    const cat = new RNode(N_CAT);
    while (this.more()) {
      const c = this.peek();
      if (c == 0x7c) break;
      if (c == 0x29) {
        if (this.depth == 0) return this.fail("unexpected )");
        break;
      }
      if (c == 0x2a || c == 0x2b || c == 0x3f) return this.fail("missing argument to repetition operator");
      if (c == 0x7b && this.repeatAhead()) return this.fail("missing argument to repetition operator");
      const before = this.pos;
      const atom = this.parseAtom();
      if (this.err.length > 0) return null;
      if (atom == null) {
        // a flag group such as (?i): nothing to repeat
        const d = this.peek();
        if (d == 0x2a || d == 0x2b || d == 0x3f || (d == 0x7b && this.repeatAhead())) return this.fail("missing argument to repetition operator");
        continue;
      }
      let node: RNode = atom;
      let repeated = false;
      while (this.more()) {
        const d = this.peek();
        let mn = 0, mx = 0;
        if (d == 0x2a) { mn = 0; mx = -1; this.pos++; }
        else if (d == 0x2b) { mn = 1; mx = -1; this.pos++; }
        else if (d == 0x3f) { mn = 0; mx = 1; this.pos++; }
        else if (d == 0x7b && this.repeatAhead()) {
          this.pos++;
          mn = this.readInt();
          mx = mn;
          if (this.peek() == 0x2c) {
            this.pos++;
            mx = this.peek() == 0x7d ? -1 : this.readInt();
          }
          this.pos++; // }
          if (mn > MAX_REPEAT || mx > MAX_REPEAT || (mx >= 0 && mx < mn)) return this.fail("invalid repeat count");
        } else break;
        if (repeated) return this.fail("invalid nested repetition operator");
        repeated = true;
        let greedy = true;
        if (this.peek() == 0x3f) {
          this.pos++;
          greedy = false;
        }
        if ((this.flags & F_UNGREEDY) != 0) greedy = !greedy;
        const rep = new RNode(N_REP);
        rep.subs.push(node);
        rep.min = mn;
        rep.max = mx;
        rep.greedy = greedy;
        node = rep;
      }
      cat.subs.push(node);
      if (before == this.pos) return this.fail("internal error");
    }
    if (cat.subs.length == 1) return cat.subs[0];
    if (cat.subs.length == 0) return new RNode(N_EMPTY);
    return cat;
  }

  /** Whether `{` at pos starts a valid {n}, {n,} or {n,m}. */
  repeatAhead(): bool {
    let i = this.pos + 1;
    const p = this.p;
    let digits = 0;
    while (i < p.length && p[i] >= 0x30 && p[i] <= 0x39) { i++; digits++; }
    if (digits == 0) return false;
    if (i < p.length && p[i] == 0x7d) return true;
    if (i >= p.length || p[i] != 0x2c) return false;
    i++;
    while (i < p.length && p[i] >= 0x30 && p[i] <= 0x39) i++;
    return i < p.length && p[i] == 0x7d;
  }

  readInt(): i32 {
    let v = 0;
    while (this.more() && this.peek() >= 0x30 && this.peek() <= 0x39) {
      if (v <= 100000) v = v * 10 + (this.peek() - 0x30);
      this.pos++;
    }
    return v;
  }

  parseAtom(): RNode | null {
    const c = this.peek();
    if (c == 0x28) return this.parseGroup();
    if (c == 0x5b) return this.parseClass();
    this.pos++;
    if (c == 0x2e) return new RNode((this.flags & F_DOTNL) != 0 ? N_ANY : N_ANYNOTNL);
    if (c == 0x5e) return assertNode((this.flags & F_MULTI) != 0 ? A_BOL : A_BOT);
    if (c == 0x24) return assertNode((this.flags & F_MULTI) != 0 ? A_EOL : A_EOT);
    if (c == 0x5c) return this.parseEscape();
    return this.literal(c);
  }

  parseGroup(): RNode | null {
    this.pos++; // (
    if (this.depth >= MAX_DEPTH) return this.fail("expression nests too deeply");
    let capIndex = -1;
    let name = "";
    const savedFlags = this.flags;
    if (this.peek() == 0x3f) {
      // (?P<name>, (?<name>, (?flags), (?flags:
      const c1 = this.peekAt(1);
      if ((c1 == 0x50 && this.peekAt(2) == 0x3c) || c1 == 0x3c) {
        this.pos += c1 == 0x50 ? 3 : 2;
        const start = this.pos;
        while (this.more() && this.peek() != 0x3e) this.pos++;
        if (!this.more()) return this.fail("invalid named capture");
        name = this.src.slice(start, this.pos);
        this.pos++; // >
        if (name.length == 0) return this.fail("invalid named capture");
        for (let i = 0; i < name.length; i++) {
          if (!isWordChar(name.charCodeAt(i))) return this.fail("invalid named capture");
        }
        for (let i = 0; i < this.names.length; i++) {
          if (this.names[i] == name) return this.fail("duplicate capture group name");
        }
        capIndex = ++this.ncap;
        this.names.push(name);
      } else {
        this.pos++; // ?
        let neg = false;
        let sawFlag = false;
        let f = this.flags;
        while (true) {
          if (!this.more()) return this.fail("missing closing )");
          const c = this.peek();
          this.pos++;
          if (c == 0x69 || c == 0x6d || c == 0x73 || c == 0x55) {
            const bit = c == 0x69 ? F_FOLD : c == 0x6d ? F_MULTI : c == 0x73 ? F_DOTNL : F_UNGREEDY;
            if (neg) f &= ~bit;
            else f |= bit;
            sawFlag = true;
          } else if (c == 0x2d) {
            if (neg) return this.fail("invalid or unsupported Perl syntax");
            neg = true;
            sawFlag = false;
          } else if (c == 0x29 || c == 0x3a) {
            // "(?:" needs no flags; "(?)", "(?-)", "(?i-:" are errors
            if (!sawFlag && (neg || c == 0x29)) return this.fail("invalid or unsupported Perl syntax");
            if (c == 0x29) {
              this.flags = f; // applies to the rest of the enclosing group
              return null;
            }
            this.flags = f;
            break;
          } else {
            return this.fail("invalid or unsupported Perl syntax");
          }
        }
      }
    } else {
      capIndex = ++this.ncap;
      this.names.push("");
    }
    this.depth++;
    const inner = this.parseAlt();
    this.depth--;
    if (inner == null) return null;
    if (this.peek() != 0x29) return this.fail("missing closing )");
    this.pos++;
    this.flags = savedFlags;
    if (capIndex < 0) return inner;
    const cap = new RNode(N_CAP);
    cap.c = capIndex;
    cap.subs.push(inner);
    return cap;
  }

  /** After a backslash (outside a class). */
  parseEscape(): RNode | null {
    if (!this.more()) return this.fail("trailing backslash at end of expression");
    const c = this.peek();
    if (c == 0x41) { this.pos++; return assertNode(A_BOT); }
    if (c == 0x7a) { this.pos++; return assertNode(A_EOT); }
    if (c == 0x62) { this.pos++; return assertNode(A_WORDB); }
    if (c == 0x42) { this.pos++; return assertNode(A_NWORDB); }
    if (c == 0x51) {
      // \Q...\E literal text
      this.pos++;
      const cat = new RNode(N_CAT);
      while (this.more()) {
        if (this.peek() == 0x5c && this.peekAt(1) == 0x45) {
          this.pos += 2;
          break;
        }
        cat.subs.push(this.literal(this.peek()));
        this.pos++;
      }
      if (cat.subs.length == 0) return new RNode(N_EMPTY);
      return cat;
    }
    const r = new Array<i32>();
    const k = this.classEscape(r);
    if (this.err.length > 0) return null;
    if (k == 1) {
      const node = new RNode(N_CLASS);
      node.ranges = (this.flags & F_FOLD) != 0 ? foldClass(normalize(r)) : normalize(r);
      return node;
    }
    const ch = this.escapeChar();
    if (ch < 0) return null;
    return this.literal(ch);
  }

  /**
   * At the letter after a backslash: \d \s \w (and negations), \p/\P. Returns 1 and fills r
   * when it was a class escape, 0 otherwise (pos unchanged).
   */
  classEscape(r: Array<i32>): i32 {
    const c = this.peek();
    if (c == 0x64 || c == 0x73 || c == 0x77) {
      this.pos++;
      addPerl(r, c);
      return 1;
    }
    if (c == 0x44 || c == 0x53 || c == 0x57) {
      this.pos++;
      const t = new Array<i32>();
      addPerl(t, c + 32);
      const n = negate(t);
      for (let i = 0; i < n.length; i++) r.push(n[i]);
      return 1;
    }
    if (c == 0x70 || c == 0x50) {
      // \pL, \p{Name}, \p{^Name}, \PL, \P{Name}
      let neg = c == 0x50;
      this.pos++;
      if (!this.more()) {
        this.fail("invalid character class range");
        return 1;
      }
      let name: string;
      if (this.peek() == 0x7b) {
        const start = this.pos + 1;
        let j = start;
        while (j < this.p.length && this.p[j] != 0x7d) j++;
        if (j >= this.p.length) {
          this.fail("invalid character class range");
          return 1;
        }
        name = this.src.slice(start, j);
        this.pos = j + 1;
        if (name.length > 0 && name.charCodeAt(0) == 0x5e) {
          neg = !neg;
          name = name.substring(1);
        }
      } else {
        name = this.src.slice(this.pos, this.pos + 1);
        this.pos++;
      }
      const t = new Array<i32>();
      if (!addUnicodeClass(t, name)) {
        this.fail("invalid character class range");
        return 1;
      }
      const u = neg ? negate(t) : t;
      for (let i = 0; i < u.length; i++) r.push(u[i]);
      return 1;
    }
    return 0;
  }

  /** At the character after a backslash: a single-character escape; -1 on error. */
  escapeChar(): i32 {
    const c = this.peek();
    this.pos++;
    if (c >= 0x31 && c <= 0x37) {
      const d = this.peek();
      if (d < 0x30 || d > 0x37) { this.fail("invalid escape sequence"); return -1; }
    }
    if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let i = 0; i < 2; i++) {
        const d = this.peek();
        if (d < 0x30 || d > 0x37) break;
        v = v * 8 + (d - 0x30);
        this.pos++;
      }
      return v;
    }
    if (c == 0x78) {
      if (this.peek() == 0x7b) {
        this.pos++;
        let v = 0, nd = 0;
        while (this.more() && this.peek() != 0x7d) {
          const h = hexVal(this.peek());
          if (h < 0) { this.fail("invalid escape sequence"); return -1; }
          v = v * 16 + h;
          nd++;
          if (v > MAX_CP) { this.fail("invalid escape sequence"); return -1; }
          this.pos++;
        }
        if (!this.more() || nd == 0) { this.fail("invalid escape sequence"); return -1; }
        this.pos++;
        return v;
      }
      const h1 = hexVal(this.peek()), h2 = hexVal(this.peekAt(1));
      if (h1 < 0 || h2 < 0) { this.fail("invalid escape sequence"); return -1; }
      this.pos += 2;
      return h1 * 16 + h2;
    }
    if (c == 0x61) return 7;
    if (c == 0x66) return 12;
    if (c == 0x6e) return 10;
    if (c == 0x72) return 13;
    if (c == 0x74) return 9;
    if (c == 0x76) return 11;
    if (c >= 0 && c < 0x80 && !isAlnum(c)) return c;
    this.fail("invalid escape sequence");
    return -1;
  }

  parseClass(): RNode | null {
    this.pos++; // [
    let neg = false;
    if (this.peek() == 0x5e) {
      neg = true;
      this.pos++;
    }
    const r = new Array<i32>();
    let first = true;
    while (true) {
      if (!this.more()) return this.fail("missing closing ]");
      const c = this.peek();
      if (c == 0x5d && !first) break;
      first = false;
      if (c == 0x5b && this.peekAt(1) == 0x3a) {
        // [:name:] or [:^name:]
        let j = this.pos + 2;
        while (j + 1 < this.p.length && !(this.p[j] == 0x3a && this.p[j + 1] == 0x5d)) j++;
        if (j + 1 < this.p.length) {
          let nameStart = this.pos + 2;
          let pneg = false;
          if (this.p[nameStart] == 0x5e) {
            pneg = true;
            nameStart++;
          }
          const name = this.src.slice(nameStart, j);
          const t = new Array<i32>();
          if (!addPosix(t, name)) return this.fail("invalid character class range");
          const u = pneg ? negate(t) : t;
          for (let i = 0; i < u.length; i++) r.push(u[i]);
          this.pos = j + 2;
          continue;
        }
      }
      let lo: i32;
      if (c == 0x5c) {
        this.pos++;
        if (!this.more()) return this.fail("trailing backslash at end of expression");
        if (this.classEscape(r) == 1) {
          if (this.err.length > 0) return null;
          continue;
        }
        lo = this.escapeChar();
        if (lo < 0) return null;
      } else {
        lo = c;
        this.pos++;
      }
      let hi = lo;
      if (this.peek() == 0x2d && this.peekAt(1) != 0x5d && this.peekAt(1) >= 0) {
        this.pos++;
        const d = this.peek();
        if (d == 0x5c) {
          this.pos++;
          if (!this.more()) return this.fail("trailing backslash at end of expression");
          const t = this.peek();
          if (t == 0x64 || t == 0x73 || t == 0x77 || t == 0x44 || t == 0x53 || t == 0x57 || t == 0x70 || t == 0x50) return this.fail("invalid character class range");
          hi = this.escapeChar();
          if (hi < 0) return null;
        } else {
          hi = d;
          this.pos++;
        }
        if (hi < lo) return this.fail("invalid character class range");
      }
      addRange(r, lo, hi);
    }
    this.pos++; // ]
    let ranges = normalize(r);
    if ((this.flags & F_FOLD) != 0) ranges = foldClass(ranges);
    if (neg) ranges = negate(ranges);
    const node = new RNode(N_CLASS);
    node.ranges = ranges;
    return node;
  }
}

function assertNode(k: i32): RNode {
  const n = new RNode(N_ASSERT);
  n.c = k;
  return n;
}

// ---- program ----------------------------------------------------------------------------

const I_CHAR: i32 = 0;
const I_CLASS: i32 = 1;
const I_ANY: i32 = 2;
const I_ANYNOTNL: i32 = 3;
const I_SPLIT: i32 = 4; // a preferred over b
const I_JMP: i32 = 5;
const I_SAVE: i32 = 6;
const I_ASSERT: i32 = 7;
const I_MATCH: i32 = 8;

class Compiler {
  op: Array<i32> = [];
  a: Array<i32> = [];
  b: Array<i32> = [];
  classes: Array<Int32Array> = [];
  tooBig: bool = false;

  emit(op: i32, a: i32, b: i32): i32 {
    const pc = this.op.length;
    if (pc >= MAX_INST) {
      this.tooBig = true;
      return pc;
    }
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return pc;
  }

  gen(n: RNode): void {
    if (this.tooBig) return;
    switch (n.kind) {
      case N_LIT:
        this.emit(I_CHAR, n.c, 0);
        break;
      case N_CLASS: {
        if (n.classIndex < 0) {
          const r = n.ranges!;
          const arr = new Int32Array(r.length);
          for (let i = 0; i < r.length; i++) arr[i] = r[i];
          this.classes.push(arr);
          n.classIndex = this.classes.length - 1;
        }
        this.emit(I_CLASS, n.classIndex, 0);
        break;
      }
      case N_ANY:
        this.emit(I_ANY, 0, 0);
        break;
      case N_ANYNOTNL:
        this.emit(I_ANYNOTNL, 0, 0);
        break;
      case N_ASSERT:
        this.emit(I_ASSERT, n.c, 0);
        break;
      case N_EMPTY:
        break;
      case N_CAP:
        this.emit(I_SAVE, 2 * n.c, 0);
        this.gen(n.subs[0]);
        this.emit(I_SAVE, 2 * n.c + 1, 0);
        break;
      case N_CAT:
        for (let i = 0; i < n.subs.length; i++) this.gen(n.subs[i]);
        break;
      case N_ALT: {
        const jumps = new Array<i32>();
        for (let i = 0; i < n.subs.length; i++) {
          if (i < n.subs.length - 1) {
            const split = this.emit(I_SPLIT, 0, 0);
            this.patchA(split, split + 1);
            this.gen(n.subs[i]);
            jumps.push(this.emit(I_JMP, 0, 0));
            this.patchB(split, this.op.length);
          } else {
            this.gen(n.subs[i]);
          }
        }
        for (let i = 0; i < jumps.length; i++) this.patchA(jumps[i], this.op.length);
        break;
      }
      case N_REP:
        this.genRepeat(n.subs[0], n.min, n.max, n.greedy);
        break;
    }
  }

  patchA(pc: i32, v: i32): void {
    if (pc < this.a.length) this.a[pc] = v;
  }
  patchB(pc: i32, v: i32): void {
    if (pc < this.b.length) this.b[pc] = v;
  }
  split(pc: i32, body: i32, out: i32, greedy: bool): void {
    if (greedy) {
      this.patchA(pc, body);
      this.patchB(pc, out);
    } else {
      this.patchA(pc, out);
      this.patchB(pc, body);
    }
  }

  genRepeat(x: RNode, mn: i32, mx: i32, greedy: bool): void {
    if (mx == -1) {
      if (mn == 0) {
        // L: split body, out; body; jmp L
        const l = this.emit(I_SPLIT, 0, 0);
        this.gen(x);
        this.emit(I_JMP, l, 0);
        this.split(l, l + 1, this.op.length, greedy);
        return;
      }
      for (let i = 0; i < mn - 1; i++) this.gen(x);
      const l = this.op.length;
      this.gen(x);
      const s = this.emit(I_SPLIT, 0, 0);
      this.split(s, l, s + 1, greedy);
      return;
    }
    for (let i = 0; i < mn; i++) this.gen(x);
    const splits = new Array<i32>();
    for (let i = mn; i < mx; i++) {
      splits.push(this.emit(I_SPLIT, 0, 0));
      this.gen(x);
      if (this.tooBig) return;
    }
    const out = this.op.length;
    for (let i = 0; i < splits.length; i++) this.split(splits[i], splits[i] + 1, out, greedy);
  }
}

/** A compiled regular expression. */
export class Regex {
  op: Int32Array;
  a: Int32Array;
  b: Int32Array;
  classes: Array<Int32Array>;
  /** Number of groups including group 0. */
  ngroups: i32;
  /** Group names by index ("" for unnamed and group 0). */
  names: Array<string>;
  // VM scratch
  mark: Int32Array;
  gen: i32 = 0;
  stackPc: Array<i32> = [];
  stackCaps: Array<Int32Array> = [];
  /** The program begins with \A (or ^ without (?m)): only position 0 can start a match. */
  anchoredStart: bool = false;
  /** exec() was asked only whether a match exists: captures are not recorded. */
  noCaps: bool = false;

  constructor(c: Compiler, ngroups: i32, names: Array<string>) {
    const n = c.op.length;
    this.classes = c.classes;
    this.ngroups = ngroups;
    this.names = names;
    this.mark = new Int32Array(n);
    this.op = new Int32Array(n);
    this.a = new Int32Array(n);
    this.b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.op[i] = c.op[i];
      this.a[i] = c.a[i];
      this.b[i] = c.b[i];
    }
    this.anchoredStart = n > 1 && c.op[1] == I_ASSERT && c.a[1] == A_BOT;
  }

  /** Index of a named group, or -1. */
  groupIndex(name: string): i32 {
    for (let i = 1; i < this.names.length; i++) if (this.names[i] == name) return i;
    return -1;
  }

  /**
   * Leftmost-first match starting the search at code point `start` of `input`.
   * Returns 2*ngroups positions (-1 = group did not participate), or null.
   */
  exec(input: Int32Array, start: i32, anyMatch: bool = false): Int32Array | null {
    this.noCaps = anyMatch;
    const n = input.length;
    const nslots = 2 * this.ngroups;
    let cpc = new Array<i32>(), ccaps = new Array<Int32Array>();
    let npc = new Array<i32>(), ncaps = new Array<Int32Array>();
    let matched: Int32Array | null = null;
    // capture arrays are copied on write (I_SAVE), so every start thread can share one
    const init = new Int32Array(nslots);
    init.fill(-1);
    this.gen++;
    for (let pos = start; pos <= n; pos++) {
      if (matched == null) this.addThread(cpc, ccaps, 0, pos, init, input);
      if (cpc.length == 0) {
        if (matched != null) break;
        // no thread alive: jump to the next start position (unless the pattern is \A-anchored)
        if (this.anchoredStart) break;
      }
      this.gen++; // marks for the next list
      const c = pos < n ? input[pos] : -1;
      for (let i = 0; i < cpc.length; i++) {
        const pc = cpc[i];
        const caps = ccaps[i];
        const op = this.op[pc];
        let ok = false;
        if (op == I_MATCH) {
          matched = caps;
          if (anyMatch) return matched; // only whether there is a match is asked
          break; // lower-priority threads are cut
        } else if (c < 0) {
          ok = false;
        } else if (op == I_CHAR) {
          ok = this.a[pc] == c;
        } else if (op == I_CLASS) {
          ok = inClass(this.classes[this.a[pc]], c);
        } else if (op == I_ANY) {
          ok = true;
        } else if (op == I_ANYNOTNL) {
          ok = c != 10;
        }
        if (ok) this.addThread(npc, ncaps, pc + 1, pos + 1, caps, input);
      }
      const tp = cpc; cpc = npc; npc = tp;
      const tc = ccaps; ccaps = ncaps; ncaps = tc;
      npc.length = 0;
      ncaps.length = 0;
    }
    return matched;
  }

  addThread(lpc: Array<i32>, lcaps: Array<Int32Array>, pc0: i32, pos: i32, caps0: Int32Array, input: Int32Array): void {
    const spc = this.stackPc, scaps = this.stackCaps;
    spc.length = 0;
    scaps.length = 0;
    spc.push(pc0);
    scaps.push(caps0);
    const gen = this.gen;
    while (spc.length > 0) {
      const pc = spc.pop();
      const caps = scaps.pop();
      if (this.mark[pc] == gen) continue;
      this.mark[pc] = gen;
      const op = this.op[pc];
      if (op == I_JMP) {
        spc.push(this.a[pc]);
        scaps.push(caps);
      } else if (op == I_SPLIT) {
        spc.push(this.b[pc]);
        scaps.push(caps);
        spc.push(this.a[pc]);
        scaps.push(caps);
      } else if (op == I_SAVE) {
        let nc = caps;
        if (!this.noCaps) {
          nc = caps.slice(0);
          nc[this.a[pc]] = pos;
        }
        spc.push(pc + 1);
        scaps.push(nc);
      } else if (op == I_ASSERT) {
        if (assertHolds(this.a[pc], input, pos)) {
          spc.push(pc + 1);
          scaps.push(caps);
        }
      } else {
        lpc.push(pc);
        lcaps.push(caps);
      }
    }
  }
}

function inClass(r: Int32Array, c: i32): bool {
  // binary search over [lo, hi] pairs
  let lo = 0, hi = (r.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < r[2 * mid]) hi = mid - 1;
    else if (c > r[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function assertHolds(k: i32, input: Int32Array, pos: i32): bool {
  const n = input.length;
  switch (k) {
    case A_BOT: return pos == 0;
    case A_EOT: return pos == n;
    case A_BOL: return pos == 0 || input[pos - 1] == 10;
    case A_EOL: return pos == n || input[pos] == 10;
    default: {
      const w1 = pos > 0 && isWordChar(input[pos - 1]);
      const w2 = pos < n && isWordChar(input[pos]);
      return k == A_WORDB ? w1 != w2 : w1 == w2;
    }
  }
}

/** Last compile error message (for tests); "" after a successful compile. */
export let regexError: string = "";

/** Compiles a Go-syntax pattern; null when it is invalid. */
export function compileRegex(pattern: string): Regex | null {
  const p = new Parser(pattern);
  const ast = p.parseAlt();
  if (ast == null || p.err.length > 0) {
    regexError = p.err.length > 0 ? p.err : "invalid";
    return null;
  }
  if (p.more()) {
    regexError = "unexpected )";
    return null;
  }
  const c = new Compiler();
  c.emit(I_SAVE, 0, 0);
  c.gen(ast);
  c.emit(I_SAVE, 1, 0);
  c.emit(I_MATCH, 0, 0);
  if (c.tooBig) {
    regexError = "expression too large";
    return null;
  }
  regexError = "";
  return new Regex(c, p.ncap + 1, p.names);
}

// ---- Go regexp API over strings -------------------------------------------------------

export function regexMatchString(re: Regex, s: string): bool {
  const cp = new CodePoints(s);
  return re.exec(cp.cps, 0, true) != null;
}

/** Go's allMatches: up to n (n < 0 = all) non-overlapping matches, as capture arrays. */
export function regexFindAll(re: Regex, cp: CodePoints, n: i32): Array<Int32Array> {
  const out = new Array<Int32Array>();
  const end = cp.length;
  if (n < 0) n = end + 1;
  let pos = 0, prevEnd = -1;
  while (out.length < n && pos <= end) {
    const m = re.exec(cp.cps, pos);
    if (m == null) break;
    let accept = true;
    if (m[1] == pos) {
      if (m[0] == prevEnd) accept = false;
      pos++;
    } else {
      pos = m[1];
    }
    prevEnd = m[1];
    if (accept) out.push(m);
  }
  return out;
}

export function regexFindAllStrings(re: Regex, s: string, n: i32): Array<string> {
  const cp = new CodePoints(s);
  const ms = regexFindAll(re, cp, n);
  const out = new Array<string>(ms.length);
  for (let i = 0; i < ms.length; i++) out[i] = cp.slice(ms[i][0], ms[i][1]);
  return out;
}

/** Go's FindAllStringSubmatch: groups that did not participate are "". */
export function regexFindAllSubmatch(re: Regex, s: string, n: i32): Array<Array<string>> {
  const cp = new CodePoints(s);
  const ms = regexFindAll(re, cp, n);
  const out = new Array<Array<string>>(ms.length);
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    const g = new Array<string>(re.ngroups);
    for (let j = 0; j < re.ngroups; j++) g[j] = m[2 * j] >= 0 ? cp.slice(m[2 * j], m[2 * j + 1]) : "";
    out[i] = g;
  }
  return out;
}

/** Go's Regexp.Split(s, -1). */
export function regexSplit(re: Regex, s: string, patternEmpty: bool): Array<string> {
  const out = new Array<string>();
  if (!patternEmpty && s.length == 0) {
    out.push("");
    return out;
  }
  const cp = new CodePoints(s);
  const ms = regexFindAll(re, cp, -1);
  let beg = 0, end = 0;
  for (let i = 0; i < ms.length; i++) {
    end = ms[i][0];
    if (ms[i][1] != 0) out.push(cp.slice(beg, end));
    beg = ms[i][1];
  }
  if (end != cp.length) out.push(cp.slice(beg, cp.length));
  return out;
}

function isExpandNameChar(c: i32): bool {
  // Go: unicode.IsLetter || unicode.IsDigit || '_'
  if (c < 0x80) return isWordChar(c);
  return isLetter(c) || isDigit(c);
}

/** Appends Go's Regexp.Expand of template for match m. */
function expand(re: Regex, parts: Array<string>, tmpl: CodePoints, src: CodePoints, m: Int32Array): void {
  const t = tmpl.cps;
  let i = 0;
  let lit = 0;
  while (i < t.length) {
    if (t[i] != 0x24) {
      i++;
      continue;
    }
    parts.push(tmpl.slice(lit, i));
    i++;
    if (i < t.length && t[i] == 0x24) {
      parts.push("$");
      i++;
      lit = i;
      continue;
    }
    // extract name
    let brace = false;
    let j = i;
    if (j < t.length && t[j] == 0x7b) {
      brace = true;
      j++;
    }
    const ns = j;
    while (j < t.length && isExpandNameChar(t[j])) j++;
    let ok = j > ns;
    if (ok && brace) {
      if (j < t.length && t[j] == 0x7d) j++;
      else ok = false;
    }
    if (!ok) {
      parts.push("$");
      lit = i;
      continue;
    }
    const name = tmpl.slice(ns, brace ? j - 1 : j);
    i = j;
    lit = i;
    // numeric?
    let num = 0;
    let isNum = true;
    for (let k = 0; k < name.length; k++) {
      const d = name.charCodeAt(k);
      if (d < 0x30 || d > 0x39 || num >= 100000000) {
        isNum = false;
        break;
      }
      num = num * 10 + (d - 0x30);
    }
    let g = -1;
    if (isNum) g = num;
    else g = re.groupIndex(name);
    if (g >= 0 && g < re.ngroups && m[2 * g] >= 0) parts.push(src.slice(m[2 * g], m[2 * g + 1]));
  }
  parts.push(tmpl.slice(lit, t.length));
}

/** Go's ReplaceAllString (with $ expansion). */
export function regexReplaceAll(re: Regex, s: string, repl: string): string {
  const src = new CodePoints(s);
  const tmpl = new CodePoints(repl);
  const parts = new Array<string>();
  const end = src.length;
  let lastEnd = 0, searchPos = 0;
  while (searchPos <= end) {
    const m = re.exec(src.cps, searchPos);
    if (m == null) break;
    parts.push(src.slice(lastEnd, m[0]));
    if (m[1] > lastEnd || m[0] == 0) expand(re, parts, tmpl, src, m);
    lastEnd = m[1];
    if (searchPos + 1 > m[1]) searchPos++;
    else searchPos = m[1];
  }
  parts.push(src.slice(lastEnd, end));
  return parts.join("");
}

/** Go regexp.QuoteMeta: backslash before \.+*?()|[]{}^$ */
export function regexQuoteMeta(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x5c || c == 0x2e || c == 0x2b || c == 0x2a || c == 0x3f || c == 0x28 || c == 0x29 || c == 0x7c ||
      c == 0x5b || c == 0x5d || c == 0x7b || c == 0x7d || c == 0x5e || c == 0x24) out += "\\";
    out += String.fromCharCode(c);
  }
  return out;
}

/**
 * OPA's regex.template_match template (gorilla/mux style): literal text with regex parts between
 * first-level delimiters, e.g. "urn:foo:{.*}". Returns the anchored regex, or null when the
 * delimiters are unbalanced or a part is not a valid pattern.
 */
export function compileTemplate(tpl: string, open: i32, close: i32): Regex | null {
  const idxs = new Array<i32>();
  let level = 0, idx = 0;
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl.charCodeAt(i);
    if (c == open) {
      level++;
      if (level == 1) idx = i;
    } else if (c == close) {
      level--;
      if (level == 0) {
        idxs.push(idx);
        idxs.push(i + 1);
      } else if (level < 0) return null;
    }
  }
  if (level != 0) return null;
  let pattern = "^";
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.substring(end, idxs[i]);
    end = idxs[i + 1];
    const part = tpl.substring(idxs[i] + 1, end - 1);
    if (compileRegex("^" + part + "$") == null) return null;
    pattern += regexQuoteMeta(raw) + "(" + part + ")";
  }
  pattern += regexQuoteMeta(tpl.substring(end)) + "$";
  return compileRegex(pattern);
}
