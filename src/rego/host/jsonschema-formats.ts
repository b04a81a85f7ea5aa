/**
 * The `format` checks of gojsonschema (OPA's internal fork), each as the Go function it calls:
 * `time.Parse` layouts for date, time and date-time, `net.ParseIP` for ipv4/ipv6,
 * `net/mail.ParseAddress` for email, `net/url.Parse` for the URI formats, Go's `regexp` for regex.
 * An unknown format, or a value that is not a string, passes.
 */
import { goRegexValid } from "./goregex.js";
import { goUrlParse } from "./misc.js";

// ─── time.Parse over the layout elements gojsonschema uses ──────────────────────────────────

/** Layout elements: 2006 01 02 15 04 05 Z07:00, a literal character. Fractions are implicit. */
type Element = "2006" | "01" | "02" | "15" | "04" | "05" | "Z07:00" | { lit: string };

function layout(s: string): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < s.length;) {
    const tok = (["2006", "Z07:00", "01", "02", "15", "04", "05"] as const).find((t) => s.startsWith(t, i));
    if (tok) { out.push(tok); i += tok.length; } else out.push({ lit: s[i++]! });
  }
  return out;
}

const LAYOUTS = {
  time: layout("15:04:05"),
  timeZ: layout("15:04:05Z07:00"),
  date: layout("2006-01-02"),
  rfc3339: layout("2006-01-02T15:04:05Z07:00"),
};

const daysIn = (month: number, year: number): number =>
  month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Whether Go's `time.Parse(layout, value)` succeeds. */
function goTimeParses(elements: Element[], value: string): boolean {
  let v = value;
  let year = 2000, month = 1, day = 1;
  let hasDate = false;
  const num = (fixed: boolean): number | undefined => {
    const m = (fixed ? /^[0-9]{2}/ : /^[0-9]{1,2}/).exec(v);
    if (!m) return undefined;
    v = v.slice(m[0].length);
    return Number(m[0]);
  };
  for (const el of elements) {
    if (typeof el === "object") {
      if (!v.startsWith(el.lit)) return false;
      v = v.slice(el.lit.length);
      continue;
    }
    switch (el) {
      case "2006": {
        if (!/^[0-9]{4}/.test(v)) return false;
        year = Number(v.slice(0, 4));
        v = v.slice(4);
        hasDate = true;
        break;
      }
      case "01": { const n = num(true); if (n === undefined || n < 1 || n > 12) return false; month = n; break; }
      case "02": { const n = num(true); if (n === undefined || n < 1 || n > 31) return false; day = n; break; }
      case "15": { const n = num(false); if (n === undefined || n > 23) return false; break; }
      case "04": { const n = num(true); if (n === undefined || n > 59) return false; break; }
      case "05": {
        const n = num(true);
        if (n === undefined || n > 59) return false;
        // Go reads a fraction after the seconds although the layout has none.
        const f = /^[.,][0-9]+/.exec(v);
        if (f) v = v.slice(f[0].length);
        break;
      }
      case "Z07:00": {
        if (v.startsWith("Z")) { v = v.slice(1); break; }
        const m = /^[+-]([0-9]{2}):([0-9]{2})/.exec(v);
        if (!m || Number(m[1]) > 24 || Number(m[2]) > 60) return false;
        v = v.slice(m[0].length);
        break;
      }
    }
  }
  if (v !== "") return false;
  return !hasDate || day <= daysIn(month, year);
}

// ─── net.ParseIP ────────────────────────────────────────────────────────────────────────────

function parseIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function parseIPv6(s: string): boolean {
  if (s.includes("%")) return false;
  const dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return false;
  const groups = (part: string): number | undefined => {
    if (part === "") return 0;
    const gs = part.split(":");
    let n = 0;
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!;
      if (i === gs.length - 1 && g.includes(".")) { if (!parseIPv4(g)) return undefined; n += 2; continue; }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      n++;
    }
    return n;
  };
  if (dbl < 0) return groups(s) === 8;
  const head = s.slice(0, dbl), tail = s.slice(dbl + 2);
  if (head.includes(".")) return false;
  const a = groups(head), b = groups(tail);
  return a !== undefined && b !== undefined && a + b < 8;
}

const goParseIP = (s: string): boolean => parseIPv4(s) || (s.includes(":") && parseIPv6(s));

// ─── net/mail.ParseAddress ──────────────────────────────────────────────────────────────────

const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\uffff]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const QUOTED = `"(?:[^"\\\\\\r\\n]|\\\\.)*"`;
const ADDR_SPEC = `(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
// obs-phrase: the words of a display name may contain dots ("J. Doe").
const WORD = `(?:(?:${ATEXT}|\\.)+|${QUOTED})`;
const PHRASE = `${WORD}(?:[ \\t]+${WORD})*`;
const EMAIL = new RegExp(`^[ \\t]*(?:${ADDR_SPEC}|(?:${PHRASE})?[ \\t]*<${ADDR_SPEC}>)[ \\t]*$`, "u");

// ─── the checkers ───────────────────────────────────────────────────────────────────────────

function urlParses(s: string): boolean {
  try { goUrlParse(s); return true; } catch { return false; }
}

const HOSTNAME = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;
/** `^([^{]*({[^}]*})?)*$`: every `{` is closed by a later `}` (scanned, not backtracked). */
function uriTemplatePath(p: string): boolean {
  for (let i = p.indexOf("{"); i >= 0; i = p.indexOf("{", i)) {
    const close = p.indexOf("}", i + 1);
    if (close < 0) return false;
    i = close + 1;
  }
  return true;
}
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/i;
const JSON_POINTER = /^(?:\/(?:[^~/]|~0|~1)*)*$/u;
const REL_JSON_POINTER = /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/u;

const CHECKERS: ReadonlyMap<string, (s: string) => boolean> = new Map<string, (s: string) => boolean>([
  ["date", (s) => goTimeParses(LAYOUTS.date, s)],
  ["time", (s) => goTimeParses(LAYOUTS.timeZ, s) || goTimeParses(LAYOUTS.time, s)],
  ["date-time", (s) => [LAYOUTS.time, LAYOUTS.timeZ, LAYOUTS.date, LAYOUTS.rfc3339].some((l) => goTimeParses(l, s))],
  ["hostname", (s) => HOSTNAME.test(s) && Buffer.byteLength(s) < 256],
  ["email", (s) => EMAIL.test(s)],
  ["idn-email", (s) => EMAIL.test(s)],
  ["ipv4", (s) => goParseIP(s) && s.includes(".")],
  ["ipv6", (s) => goParseIP(s) && s.includes(":")],
  ["uri", (s) => { try { return goUrlParse(s).scheme !== "" && !s.includes("\\"); } catch { return false; } }],
  ["uri-reference", (s) => urlParses(s) && !s.includes("\\")],
  ["iri", (s) => { try { return goUrlParse(s).scheme !== "" && !s.includes("\\"); } catch { return false; } }],
  ["iri-reference", (s) => urlParses(s) && !s.includes("\\")],
  ["uri-template", (s) => {
    if (s.includes("\\")) return false;
    try { return uriTemplatePath(goUrlParse(s).path); } catch { return false; }
  }],
  ["uuid", (s) => UUID.test(s)],
  ["regex", (s) => s === "" || goRegexValid(s)],
  ["json-pointer", (s) => JSON_POINTER.test(s)],
  ["relative-json-pointer", (s) => REL_JSON_POINTER.test(s)],
]);

/** gojsonschema's `FormatCheckers.IsFormat(format, value)`. */
export function isFormat(format: string, value: unknown): boolean {
  const check = CHECKERS.get(format);
  if (!check || typeof value !== "string") return true;
  return check(value);
}
