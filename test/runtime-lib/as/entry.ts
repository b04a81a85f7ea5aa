// Test entry for runtime/lib algorithms, compiled by test/runtime-lib/helpers.ts with asc.
import { compileRegex, regexError, regexMatchString, regexFindAllStrings, regexFindAllSubmatch, regexSplit, regexReplaceAll } from "../../../runtime/lib/regex";

function q(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}
function arr(a: Array<string>): string {
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) parts[i] = q(a[i]);
  return "[" + parts.join(",") + "]";
}

/** 1 match, 0 no match, -1 invalid pattern */
export function reMatch(p: string, s: string): i32 {
  const re = compileRegex(p);
  if (re == null) return -1;
  return regexMatchString(re, s) ? 1 : 0;
}
export function reError(p: string): string {
  compileRegex(p);
  return regexError;
}
export function reFind(p: string, s: string, n: i32): string {
  const re = compileRegex(p);
  if (re == null) return "invalid";
  return arr(regexFindAllStrings(re, s, n));
}
export function reSub(p: string, s: string, n: i32): string {
  const re = compileRegex(p);
  if (re == null) return "invalid";
  const m = regexFindAllSubmatch(re, s, n);
  const parts = new Array<string>(m.length);
  for (let i = 0; i < m.length; i++) parts[i] = arr(m[i]);
  return "[" + parts.join(",") + "]";
}
export function reSplit(p: string, s: string): string {
  const re = compileRegex(p);
  if (re == null) return "invalid";
  return arr(regexSplit(re, s, p.length == 0));
}
export function reReplace(p: string, s: string, r: string): string {
  const re = compileRegex(p);
  if (re == null) return "invalid";
  return regexReplaceAll(re, s, r);
}

import { goSprintf, FmtArg, numberArg } from "../../../runtime/lib/gofmt";
import { formatFloat } from "../../../runtime/lib/ftoa";

/** kinds: one letter per argument (n = number literal text, s = string, f = float text); vals joined by U+0001 */
export function sprintfTest(format: string, kinds: string, vals: string): string {
  const parts = vals.length == 0 && kinds.length == 0 ? new Array<string>() : vals.split("\u0001");
  const args = new Array<FmtArg>();
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds.charCodeAt(i);
    if (k == 0x6e) args.push(numberArg(parts[i], parseFloat(parts[i])));
    else if (k == 0x66) args.push(FmtArg.ofFloat(parseFloat(parts[i])));
    else args.push(FmtArg.ofString(parts[i]));
  }
  return goSprintf(format, args);
}
export function formatFloatTest(v: f64, fmt: i32, prec: i32): string {
  return formatFloat(v, fmt, prec);
}
