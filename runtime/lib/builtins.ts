// The bi_* exports of runtime/lib: string, regex, glob, sprintf, semver and net builtins with
// the semantics of OPA's evaluator (topdown/strings.go, regex.go, glob.go, semver.go, cidr.go,
// sprintf via Go's fmt). Calling convention: runtime/lib/README.md — value addresses in and
// out, 0 = undefined, and 0 on any error (OPA's non-strict builtin errors).

import {
  Value, V, P, NumberValue, isString, isNumber, isArray, isSet, isObject, isNull, asString, asArray, asSet, asObject,
  newString, newBool, newInt, arrayOf, formatNumber, valueToRegoString, isInteger,
} from "../value";
import { CodePoints, cpLower, cpUpper, isGoSpace, fromCodePoints } from "./text";
import {
  compileRegex, compileTemplate, Regex, regexMatchString, regexFindAllStrings, regexFindAllSubmatch, regexSplit, regexReplaceAll,
} from "./regex";
import { compileGlob, globQuoteMeta } from "./glob";
import { goSprintf, FmtArg, numberArg } from "./gofmt";
import { parseSemVer, compareSemVer } from "./semver";
import { cidrContains, cidrIntersects, parseCIDR } from "./net";

// ---- operand helpers ------------------------------------------------------------------------

/** The string at address p, or null when undefined / not a string. */
function str(p: usize): string | null {
  if (p == 0) return null;
  const v = V(p);
  return isString(v) ? asString(v) : null;
}

function strValue(s: string): usize {
  return P(newString(s));
}

/** Elements of an array or set (null for anything else). */
function items(p: usize): Array<Value> | null {
  if (p == 0) return null;
  const v = V(p);
  if (isArray(v)) return asArray(v).items;
  if (isSet(v)) return asSet(v).items;
  return null;
}

/** Strings of an array or set whose elements are all strings (StringSliceOperand). */
function stringSlice(p: usize): Array<string> | null {
  const xs = items(p);
  if (xs == null) return null;
  const out = new Array<string>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!isString(x)) return null;
    out[i] = asString(x);
  }
  return out;
}

/** OPA's IntOperand: a number whose literal text is an integer (json.Number.Int64). */
const INT_FAIL: i64 = i64.MIN_VALUE;
function intOperand(p: usize): i64 {
  if (p == 0) return INT_FAIL;
  const v = V(p);
  if (!isNumber(v) || !isInteger(v)) return INT_FAIL;
  const nv = changetype<NumberValue>(v);
  const t = nv.text;
  if (t !== null) {
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (!((c >= 0x30 && c <= 0x39) || (i == 0 && c == 0x2d))) return INT_FAIL;
    }
  }
  if (Math.abs(nv.n) > 9.2e18) return INT_FAIL;
  return <i64>nv.n;
}

function stringArray(xs: Array<string>): usize {
  const out = new Array<Value>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = newString(xs[i]);
  return P(arrayOf(out));
}

// ---- strings ------------------------------------------------------------------------------

/** concat(delimiter, array_or_set) */
export function bi_concat(d: usize, c: usize): usize {
  const delim = str(d);
  const xs = stringSlice(c);
  if (delim == null || xs == null) return 0;
  return strValue(xs.join(delim));
}

/** split(x, delimiter) — Go strings.Split */
export function bi_split(a: usize, b: usize): usize {
  const s = str(a), d = str(b);
  if (s == null || d == null) return 0;
  if (d.length == 0) {
    const cp = new CodePoints(s);
    const out = new Array<string>(cp.length);
    for (let i = 0; i < cp.length; i++) out[i] = cp.slice(i, i + 1);
    return stringArray(out);
  }
  return stringArray(s.split(d));
}

export function bi_startswith(a: usize, b: usize): usize {
  const s = str(a), p = str(b);
  if (s == null || p == null) return 0;
  return P(newBool(s.startsWith(p)));
}

export function bi_endswith(a: usize, b: usize): usize {
  const s = str(a), p = str(b);
  if (s == null || p == null) return 0;
  return P(newBool(s.endsWith(p)));
}

export function bi_contains(a: usize, b: usize): usize {
  const s = str(a), p = str(b);
  if (s == null || p == null) return 0;
  return P(newBool(s.indexOf(p) >= 0));
}

/** Code-point indices where needle occurs (overlapping); first only when `all` is false. */
function indexesOf(s: string, needle: string, all: bool): Array<i32> {
  const out = new Array<i32>();
  const hs = new CodePoints(s), nd = new CodePoints(needle);
  const n = hs.length, m = nd.length;
  for (let i = 0; i + m <= n; i++) {
    let ok = true;
    for (let j = 0; j < m; j++) {
      if (hs.cps[i + j] != nd.cps[j]) {
        ok = false;
        break;
      }
    }
    if (ok) {
      out.push(i);
      if (!all) break;
    }
  }
  return out;
}

export function bi_indexof(a: usize, b: usize): usize {
  const s = str(a), n = str(b);
  if (s == null || n == null || n.length == 0) return 0;
  const r = indexesOf(s, n, false);
  return P(newInt(r.length > 0 ? r[0] : -1));
}

export function bi_indexof_n(a: usize, b: usize): usize {
  const s = str(a), n = str(b);
  if (s == null || n == null || n.length == 0) return 0;
  const r = indexesOf(s, n, true);
  const out = new Array<Value>(r.length);
  for (let i = 0; i < r.length; i++) out[i] = newInt(r[i]);
  return P(arrayOf(out));
}

/** substring(value, offset, length): code points; negative length = to the end */
export function bi_substring(a: usize, o: usize, l: usize): usize {
  const s = str(a);
  const start = intOperand(o), length = intOperand(l);
  if (s == null || start == INT_FAIL || length == INT_FAIL) return 0;
  if (start < 0) return 0;
  if (s.length == 0) return strValue("");
  const cp = new CodePoints(s);
  const n = <i64>cp.length;
  if (start >= n) return strValue("");
  let end = n;
  if (length >= 0 && start + length < n) end = start + length;
  return strValue(cp.slice(<i32>start, <i32>end));
}

/** Go strings.Replace(s, old, new, -1) */
function replaceAll(s: string, old: string, nw: string): string {
  if (old.length == 0) {
    const cp = new CodePoints(s);
    const parts = new Array<string>();
    parts.push(nw);
    for (let i = 0; i < cp.length; i++) {
      parts.push(cp.slice(i, i + 1));
      parts.push(nw);
    }
    return parts.join("");
  }
  return s.split(old).join(nw);
}

export function bi_replace(a: usize, b: usize, c: usize): usize {
  const s = str(a), old = str(b), nw = str(c);
  if (s == null || old == null || nw == null) return 0;
  return strValue(replaceAll(s, old, nw));
}

function mapCase(s: string, upper: bool): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return upper ? s.toUpperCase() : s.toLowerCase();
  const cp = new CodePoints(s);
  const out = new Array<i32>(cp.length);
  for (let i = 0; i < cp.length; i++) out[i] = upper ? cpUpper(cp.cps[i]) : cpLower(cp.cps[i]);
  return fromCodePoints(out);
}

export function bi_lower(a: usize): usize {
  const s = str(a);
  if (s == null) return 0;
  return strValue(mapCase(s, false));
}

export function bi_upper(a: usize): usize {
  const s = str(a);
  if (s == null) return 0;
  return strValue(mapCase(s, true));
}

function inCutset(cut: CodePoints, c: i32): bool {
  for (let i = 0; i < cut.length; i++) if (cut.cps[i] == c) return true;
  return false;
}

/** Go strings.Trim / TrimLeft / TrimRight with a cutset (mode 3 / 1 / 2). */
function trimCutset(s: string, cutset: string, mode: i32): string {
  if (s.length == 0 || cutset.length == 0) return s;
  const cp = new CodePoints(s);
  const cut = new CodePoints(cutset);
  let a = 0, b = cp.length;
  if ((mode & 1) != 0) while (a < b && inCutset(cut, cp.cps[a])) a++;
  if ((mode & 2) != 0) while (b > a && inCutset(cut, cp.cps[b - 1])) b--;
  return cp.slice(a, b);
}

export function bi_trim(a: usize, b: usize): usize {
  const s = str(a), c = str(b);
  if (s == null || c == null) return 0;
  return strValue(trimCutset(s, c, 3));
}

export function bi_trim_left(a: usize, b: usize): usize {
  const s = str(a), c = str(b);
  if (s == null || c == null) return 0;
  return strValue(trimCutset(s, c, 1));
}

export function bi_trim_right(a: usize, b: usize): usize {
  const s = str(a), c = str(b);
  if (s == null || c == null) return 0;
  return strValue(trimCutset(s, c, 2));
}

export function bi_trim_prefix(a: usize, b: usize): usize {
  const s = str(a), p = str(b);
  if (s == null || p == null) return 0;
  return strValue(s.startsWith(p) ? s.substring(p.length) : s);
}

export function bi_trim_suffix(a: usize, b: usize): usize {
  const s = str(a), p = str(b);
  if (s == null || p == null) return 0;
  return strValue(s.endsWith(p) ? s.substring(0, s.length - p.length) : s);
}

export function bi_trim_space(a: usize): usize {
  const s = str(a);
  if (s == null) return 0;
  const cp = new CodePoints(s);
  let x = 0, y = cp.length;
  while (x < y && isGoSpace(cp.cps[x])) x++;
  while (y > x && isGoSpace(cp.cps[y - 1])) y--;
  return strValue(cp.slice(x, y));
}

/** strings.replace_n(patterns, value): Go strings.NewReplacer with keys in sorted order */
export function bi_strings$replace_n(a: usize, b: usize): usize {
  if (a == 0) return 0;
  const pv = V(a);
  const s = str(b);
  if (!isObject(pv) || s == null) return 0;
  const o = asObject(pv);
  const olds = new Array<string>(o.keys.length), news = new Array<string>(o.keys.length);
  for (let i = 0; i < o.keys.length; i++) {
    const k = o.keys[i], v = o.vals[i];
    if (!isString(k) || !isString(v)) return 0;
    olds[i] = asString(k);
    news[i] = asString(v);
  }
  const parts = new Array<string>();
  const n = s.length;
  let last = 0;
  let prevMatchEmpty = false;
  let i = 0;
  while (i <= n) {
    let found = -1;
    for (let k = 0; k < olds.length; k++) {
      const old = olds[k];
      if (old.length == 0) {
        if (prevMatchEmpty) continue;
        found = k;
        break;
      }
      if (i + old.length <= n && s.substr(i, old.length) == old) {
        found = k;
        break;
      }
    }
    prevMatchEmpty = found >= 0 && olds[found].length == 0;
    if (found >= 0) {
      parts.push(s.substring(last, i));
      parts.push(news[found]);
      i += olds[found].length;
      last = i;
      continue;
    }
    i++;
  }
  if (last != n) parts.push(s.substring(last));
  return strValue(parts.join(""));
}

/** A string, or the strings of an array/set (for any_prefix_match / any_suffix_match). */
function stringOrSlice(p: usize): Array<string> | null {
  const s = str(p);
  if (s != null) return [s];
  return stringSlice(p);
}

export function bi_strings$any_prefix_match(a: usize, b: usize): usize {
  const xs = stringOrSlice(a), ps = stringOrSlice(b);
  if (xs == null || ps == null) return 0;
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < ps.length; j++) if (xs[i].startsWith(ps[j])) return P(newBool(true));
  return P(newBool(false));
}

export function bi_strings$any_suffix_match(a: usize, b: usize): usize {
  const xs = stringOrSlice(a), ps = stringOrSlice(b);
  if (xs == null || ps == null) return 0;
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < ps.length; j++) if (xs[i].endsWith(ps[j])) return P(newBool(true));
  return P(newBool(false));
}

/** strings.count(search, substring): Go strings.Count */
export function bi_strings$count(a: usize, b: usize): usize {
  const s = str(a), sub = str(b);
  if (s == null || sub == null) return 0;
  if (sub.length == 0) return P(newInt(new CodePoints(s).length + 1));
  let count = 0;
  let i = s.indexOf(sub);
  while (i >= 0) {
    count++;
    i = s.indexOf(sub, i + sub.length);
  }
  return P(newInt(count));
}

export function bi_strings$reverse(a: usize): usize {
  const s = str(a);
  if (s == null) return 0;
  const cp = new CodePoints(s);
  const out = new Array<i32>(cp.length);
  for (let i = 0; i < cp.length; i++) out[i] = cp.cps[cp.length - 1 - i];
  return strValue(fromCodePoints(out));
}

// ---- sprintf ------------------------------------------------------------------------------

/** sprintf(format, values): Go fmt.Sprintf on OPA's conversion of the values */
export function bi_sprintf(a: usize, b: usize): usize {
  const f = str(a);
  if (f == null || b == 0) return 0;
  const av = V(b);
  if (!isArray(av)) return 0;
  const xs = asArray(av).items;
  const args = new Array<FmtArg>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (isNumber(x)) {
      const nv = changetype<NumberValue>(x);
      args[i] = numberArg(formatNumber(nv), nv.n);
    } else if (isString(x)) {
      args[i] = FmtArg.ofString(asString(x));
    } else {
      args[i] = FmtArg.ofString(valueToRegoString(x));
    }
  }
  return strValue(goSprintf(f, args));
}

// ---- regex --------------------------------------------------------------------------------

function regexOf(p: usize): Regex | null {
  const s = str(p);
  if (s == null) return null;
  return compileRegex(s);
}

/** regex.match(pattern, value) */
export function bi_regex$match(a: usize, b: usize): usize {
  const re = regexOf(a);
  const s = str(b);
  if (re == null || s == null) return 0;
  return P(newBool(regexMatchString(re, s)));
}

/** re_match(pattern, value): deprecated alias of regex.match */
export function bi_re_match(a: usize, b: usize): usize {
  return bi_regex$match(a, b);
}

/** regex.is_valid(pattern): false (not undefined) for non-strings */
export function bi_regex$is_valid(a: usize): usize {
  if (a == 0) return 0;
  const s = str(a);
  if (s == null) return P(newBool(false));
  return P(newBool(compileRegex(s) != null));
}

/** regex.find_n(pattern, value, number) */
export function bi_regex$find_n(a: usize, b: usize, c: usize): usize {
  const re = regexOf(a);
  const s = str(b);
  const n = intOperand(c);
  if (re == null || s == null || n == INT_FAIL) return 0;
  return stringArray(regexFindAllStrings(re, s, n > 2147483647 ? 2147483647 : n < -1 ? -1 : <i32>n));
}

/** regex.find_all_string_submatch_n(pattern, value, number) */
export function bi_regex$find_all_string_submatch_n(a: usize, b: usize, c: usize): usize {
  const re = regexOf(a);
  const s = str(b);
  const n = intOperand(c);
  if (re == null || s == null || n == INT_FAIL) return 0;
  const ms = regexFindAllSubmatch(re, s, n > 2147483647 ? 2147483647 : n < -1 ? -1 : <i32>n);
  const out = new Array<Value>(ms.length);
  for (let i = 0; i < ms.length; i++) out[i] = V(stringArray(ms[i]));
  return P(arrayOf(out));
}

/** regex.split(pattern, value) */
export function bi_regex$split(a: usize, b: usize): usize {
  const ps = str(a);
  const s = str(b);
  if (ps == null || s == null) return 0;
  const re = compileRegex(ps);
  if (re == null) return 0;
  return stringArray(regexSplit(re, s, ps.length == 0));
}

/** regex.replace(s, pattern, value): Go ReplaceAllString with $ expansion */
export function bi_regex$replace(a: usize, b: usize, c: usize): usize {
  const s = str(a);
  const re = regexOf(b);
  const r = str(c);
  if (s == null || re == null || r == null) return 0;
  return strValue(regexReplaceAll(re, s, r));
}

/** regex.template_match(template, value, delimiter_start, delimiter_end) */
export function bi_regex$template_match(a: usize, b: usize, c: usize, d: usize): usize {
  const tpl = str(a), s = str(b), open = str(c), close = str(d);
  if (tpl == null || s == null || open == null || close == null) return 0;
  // Go checks the byte length: one ASCII character each
  if (open.length != 1 || close.length != 1 || open.charCodeAt(0) >= 0x80 || close.charCodeAt(0) >= 0x80) return 0;
  const re = compileTemplate(tpl, open.charCodeAt(0), close.charCodeAt(0));
  if (re == null) return 0;
  return P(newBool(regexMatchString(re, s)));
}

// ---- glob ---------------------------------------------------------------------------------

/** glob.match(pattern, delimiters, match) */
export function bi_glob$match(a: usize, b: usize, c: usize): usize {
  const pattern = str(a);
  const s = str(c);
  if (pattern == null || s == null || b == 0) return 0;
  const dv = V(b);
  const seps = new Array<i32>();
  if (isNull(dv)) {
    // no delimiters
  } else if (isArray(dv)) {
    const xs = asArray(dv).items;
    for (let i = 0; i < xs.length; i++) {
      if (!isString(xs[i])) return 0;
      const cp = new CodePoints(asString(xs[i]));
      if (cp.length != 1) return 0;
      seps.push(cp.cps[0]);
    }
    if (seps.length == 0) seps.push(0x2e);
  } else return 0;
  const g = compileGlob(pattern, seps);
  if (g == null) return 0;
  return P(newBool(regexMatchString(g, s)));
}

/** glob.quote_meta(pattern) */
export function bi_glob$quote_meta(a: usize): usize {
  const s = str(a);
  if (s == null) return 0;
  return strValue(globQuoteMeta(s));
}

// ---- semver -------------------------------------------------------------------------------

/** semver.is_valid(vsn): false for non-strings */
export function bi_semver$is_valid(a: usize): usize {
  if (a == 0) return 0;
  const s = str(a);
  return P(newBool(s != null && parseSemVer(s) != null));
}

/** semver.compare(a, b) → -1, 0, 1 */
export function bi_semver$compare(a: usize, b: usize): usize {
  const x = str(a), y = str(b);
  if (x == null || y == null) return 0;
  const va = parseSemVer(x), vb = parseSemVer(y);
  if (va == null || vb == null) return 0;
  return P(newInt(compareSemVer(va, vb)));
}

// ---- net ----------------------------------------------------------------------------------

/** net.cidr_contains(cidr, cidr_or_ip) */
export function bi_net$cidr_contains(a: usize, b: usize): usize {
  const x = str(a), y = str(b);
  if (x == null || y == null) return 0;
  const r = cidrContains(x, y);
  return r < 0 ? 0 : P(newBool(r == 1));
}

/** net.cidr_overlap(cidr, cidr_or_ip): deprecated alias of net.cidr_contains */
export function bi_net$cidr_overlap(a: usize, b: usize): usize {
  return bi_net$cidr_contains(a, b);
}

/** net.cidr_intersects(cidr1, cidr2) */
export function bi_net$cidr_intersects(a: usize, b: usize): usize {
  const x = str(a), y = str(b);
  if (x == null || y == null) return 0;
  const r = cidrIntersects(x, y);
  return r < 0 ? 0 : P(newBool(r == 1));
}

/** net.cidr_is_valid(cidr): false for non-strings */
export function bi_net$cidr_is_valid(a: usize): usize {
  if (a == 0) return 0;
  const s = str(a);
  return P(newBool(s != null && parseCIDR(s) != null));
}
