// glob.match with the semantics of github.com/gobwas/glob as OPA uses it: the pattern is
// translated to an anchored regular expression and run on the linear-time engine in regex.ts.
//   *      any sequence of non-separator characters      **   any sequence
//   ?      one non-separator character                    [abc] [!abc] [a-z] [!a-z]  one character
//   {a,b}  alternatives (nestable)                        \x   literal x
// Character lists and ranges ignore separators, as in gobwas. `[a-z0-9]` (a range followed by
// more characters) is a syntax error in gobwas and here.

import { compileRegex, Regex } from "./regex";
import { CodePoints } from "./text";

function lit(c: i32): string {
  return "\\x{" + c.toString(16) + "}";
}

const ANY_SEQ = "[\\x{0}-\\x{10ffff}]*";

/** Regex source for a gobwas glob, or null when the glob is invalid. */
export function globToRegexSource(pattern: string, seps: Array<i32>): string | null {
  const cp = new CodePoints(pattern);
  const p = cp.cps;
  const n = p.length;
  let notSep: string;
  if (seps.length == 0) notSep = "[\\x{0}-\\x{10ffff}]";
  else {
    notSep = "[^";
    for (let i = 0; i < seps.length; i++) notSep += lit(seps[i]);
    notSep += "]";
  }
  let out = "\\A(?:";
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = p[i];
    if (c == 0x2a) {
      if (i + 1 < n && p[i + 1] == 0x2a) {
        out += ANY_SEQ;
        i += 2;
      } else {
        out += notSep + "*";
        i++;
      }
    } else if (c == 0x3f) {
      out += notSep;
      i++;
    } else if (c == 0x7b) {
      out += "(?:";
      depth++;
      i++;
    } else if (c == 0x7d && depth > 0) {
      out += ")";
      depth--;
      i++;
    } else if (c == 0x2c && depth > 0) {
      out += "|";
      i++;
    } else if (c == 0x5c) {
      if (i + 1 >= n) return null;
      out += lit(p[i + 1]);
      i += 2;
    } else if (c == 0x5b) {
      i++;
      let not = false;
      if (i < n && p[i] == 0x21) {
        not = true;
        i++;
      }
      if (i >= n) return null;
      if (i + 1 < n && p[i + 1] == 0x2d) {
        // range lo-hi]
        if (i + 2 >= n) return null;
        const lo = p[i], hi = p[i + 2];
        i += 3;
        if (i >= n || p[i] != 0x5d) return null;
        i++;
        if (lo <= hi) out += (not ? "[^" : "[") + lit(lo) + "-" + lit(hi) + "]";
        else out += not ? "[\\x{0}-\\x{10ffff}]" : "[^\\x{0}-\\x{10ffff}]";
      } else {
        // list of characters up to ], with \ escapes
        let chars = "";
        let count = 0;
        while (i < n && p[i] != 0x5d) {
          let ch = p[i];
          if (ch == 0x5c) {
            i++;
            if (i >= n) return null;
            ch = p[i];
          }
          chars += lit(ch);
          count++;
          i++;
        }
        if (i >= n) return null;
        i++; // ]
        if (count == 0) out += not ? "[\\x{0}-\\x{10ffff}]" : "[^\\x{0}-\\x{10ffff}]";
        else out += (not ? "[^" : "[") + chars + "]";
      }
    } else {
      out += lit(c);
      i++;
    }
  }
  if (depth > 0) return null;
  return out + ")\\z";
}

/** Compiled glob (null when invalid). */
export function compileGlob(pattern: string, seps: Array<i32>): Regex | null {
  const src = globToRegexSource(pattern, seps);
  if (src == null) return null;
  return compileRegex(src);
}

/** gobwas glob.QuoteMeta: backslash before * ? [ ] { } , and \ */
export function globQuoteMeta(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x2a || c == 0x3f || c == 0x5b || c == 0x5d || c == 0x7b || c == 0x7d || c == 0x2c || c == 0x5c) out += "\\";
    out += String.fromCharCode(c);
  }
  return out;
}
