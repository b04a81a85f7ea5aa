// time.* with the semantics of OPA's evaluator (topdown/time.go over Go's time package):
// time.parse_ns, parse_rfc3339_ns, parse_duration_ns (with OPA's d/w/y units), date, clock,
// weekday, add_date, diff, format. Time zones: "" and "UTC" (and "Local", which is UTC in a
// Gatekeeper pod) here; any other zone's offset and abbreviation at an instant come from the
// host (`gpc.time.zone`, runtime/builtins/host.ts: Intl's IANA database); an unknown zone is a
// builtin error (undefined), as Go's LoadLocation error is. time.now_ns is a host builtin.
// Nanosecond timestamps are i64 and printed exactly (numbers keep their integer text).
import {
  Value, V, P, T_ARRAY, T_NUMBER, T_STRING, ArrayValue, NumberValue, StringValue,
  newString, newInt, newNumberText, arrayOf,
} from "../value";
import { hostCall, HOST_TZ_ID } from "./host";

const NS_PER_SEC: i64 = 1000000000;
const NS_PER_DAY: i64 = 86400 * NS_PER_SEC;
let fail = false;

// ─── operands ─────────────────────────────────────────────────────────────────────────────────

/** An integral number as i64 (exact from its literal text when it has one); sets `fail` otherwise. */
function nsOf(v: Value): i64 {
  if (v.tag != T_NUMBER) { fail = true; return 0; }
  let nv = changetype<NumberValue>(v);
  let t = nv.text;
  if (t !== null) {
    let s: string = t;
    let ok = s.length > 0 && s.length <= 20;
    let neg = false, i = 0;
    if (ok && s.charCodeAt(0) == 0x2D) { neg = true; i = 1; }
    let acc: u64 = 0;
    if (i >= s.length) ok = false;
    for (let k = i; ok && k < s.length; k++) {
      let c = <i32>s.charCodeAt(k);
      if (c < 0x30 || c > 0x39) { ok = false; break; }
      let next = acc * 10 + <u64>(c - 0x30);
      if (next / 10 != acc) { fail = true; return 0; }
      acc = next;
    }
    if (ok) {
      if (neg) { if (acc > <u64>i64.MAX_VALUE + 1) { fail = true; return 0; } return -<i64>acc; }
      if (acc > <u64>i64.MAX_VALUE) { fail = true; return 0; }
      return <i64>acc;
    }
  }
  let f = nv.n;
  if (f != Math.floor(f) || !(f >= -9.223372036854775808e18 && f < 9.223372036854775808e18)) { fail = true; return 0; }
  return <i64>f;
}

function nsValue(ns: i64): usize { return P(newNumberText(<f64>ns, ns.toString())); }

// The zone of the last tzTime ("" = UTC) and its offset (seconds east of UTC) and abbreviation
// at the instant looked up last.
let zoneName = "";
let zoneOff: i64 = 0;
let zoneAbbr = "UTC";

// @ts-ignore: decorator
@inline const CACHED: i32 = 0x40000000;

/** Offset and abbreviation of `zoneName` at `ns` (host call); false for an unknown zone. */
function lookupZone(ns: i64): bool {
  if (zoneName == "") { zoneOff = 0; zoneAbbr = "UTC"; return true; }
  let args = new Array<Value>(2);
  unchecked(args[0] = newNumberText(<f64>ns, ns.toString()));
  unchecked(args[1] = newString(zoneName));
  let r = hostCall(HOST_TZ_ID | CACHED, args);
  if (r == 0 || V(r).tag != T_ARRAY) return false;
  let items = changetype<ArrayValue>(V(r)).items;
  if (items.length != 2 || unchecked(items[0]).tag != T_NUMBER || unchecked(items[1]).tag != T_STRING) return false;
  zoneOff = <i64>changetype<NumberValue>(unchecked(items[0])).n;
  zoneAbbr = changetype<StringValue>(unchecked(items[1])).s;
  return true;
}

/** The civil time of `ns` in the current zone (zoneOff must be the offset at `ns`). */
function localCivil(ns: i64): Civil { return civil(ns + zoneOff * NS_PER_SEC); }

/** Go's Time.Date in the current zone: local wall-clock nanoseconds → the instant. */
function fromLocal(local: i64): i64 {
  if (zoneName == "") return local;
  if (!lookupZone(local)) { fail = true; return 0; }
  let off = zoneOff;
  let utc = local - off * NS_PER_SEC;
  if (!lookupZone(utc)) { fail = true; return 0; }
  if (zoneOff != off) utc = local - zoneOff * NS_PER_SEC;
  if (!lookupZone(utc)) { fail = true; return 0; }
  return utc;
}

/** OPA's tzTime: a number (ns), or [ns, tz] / [ns, tz, layout]. Returns ns; `layoutOut[0]` the layout. */
function tzTime(p: usize, layoutOut: Array<string>): i64 {
  fail = false;
  zoneName = ""; zoneOff = 0; zoneAbbr = "UTC";
  if (p == 0) { fail = true; return 0; }
  let v = V(p);
  if (v.tag == T_NUMBER) return nsOf(v);
  if (v.tag != T_ARRAY) { fail = true; return 0; }
  let items = changetype<ArrayValue>(v).items;
  if (items.length == 0) { fail = true; return 0; }
  let ns = nsOf(unchecked(items[0]));
  if (items.length > 1) {
    let tz = unchecked(items[1]);
    if (tz.tag != T_STRING) { fail = true; return 0; }
    let name = changetype<StringValue>(tz).s;
    if (name != "" && name != "UTC" && name != "Local") {
      zoneName = name;
      if (!lookupZone(ns)) { fail = true; return 0; }
    }
  }
  if (items.length > 2) {
    let l = unchecked(items[2]);
    if (l.tag != T_STRING) { fail = true; return 0; }
    layoutOut.push(changetype<StringValue>(l).s);
  }
  return ns;
}

// ─── civil time (UTC) ─────────────────────────────────────────────────────────────────────────

class Civil {
  year: i64 = 0; month: i32 = 1; day: i32 = 1;
  hour: i32 = 0; minute: i32 = 0; second: i32 = 0; nsec: i32 = 0;
  weekday: i32 = 0; // 0 = Sunday
  yday: i32 = 1;
}

function floorDiv(a: i64, b: i64): i64 { let q = a / b; if ((a % b != 0) && ((a < 0) != (b < 0))) q--; return q; }

/** Days since 1970-01-01 → (y, m, d) (Howard Hinnant's civil_from_days). */
function civilFromDays(z0: i64, c: Civil): void {
  let z = z0 + 719468;
  let era = floorDiv(z, 146097);
  let doe = z - era * 146097;
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  let y = yoe + era * 400;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  let d = doy - (153 * mp + 2) / 5 + 1;
  let m = mp < 10 ? mp + 3 : mp - 9;
  c.year = m <= 2 ? y + 1 : y;
  c.month = <i32>m;
  c.day = <i32>d;
}

function daysFromCivil(y0: i64, m: i64, d: i64): i64 {
  let y = m <= 2 ? y0 - 1 : y0;
  let era = floorDiv(y, 400);
  let yoe = y - era * 400;
  let mm = m > 2 ? m - 3 : m + 9;
  let doy = (153 * mm + 2) / 5 + d - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: i64): bool { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

function civil(ns: i64): Civil {
  let c = new Civil();
  let days = floorDiv(ns, NS_PER_DAY);
  let rem = ns - days * NS_PER_DAY;
  civilFromDays(days, c);
  let secs = <i32>(rem / NS_PER_SEC);
  c.nsec = <i32>(rem % NS_PER_SEC);
  c.hour = secs / 3600;
  c.minute = (secs / 60) % 60;
  c.second = secs % 60;
  let wd = (days + 4) % 7; // 1970-01-01 was a Thursday
  c.weekday = <i32>(wd < 0 ? wd + 7 : wd);
  c.yday = <i32>(days - daysFromCivil(c.year, 1, 1) + 1);
  return c;
}

/** Go's time.Date normalisation, as ns; sets `fail` outside the int64 range. */
function toNs(year: i64, month: i64, day: i64, hour: i64, minute: i64, sec: i64, nsec: i64): i64 {
  // normalise month into [1, 12]
  let m0 = month - 1;
  let yAdj = floorDiv(m0, 12);
  year += yAdj;
  m0 -= yAdj * 12;
  let days = daysFromCivil(year, m0 + 1, 1) + day - 1;
  // seconds since epoch as f64 guard against overflow
  let total = <f64>days * 86400.0 + <f64>hour * 3600.0 + <f64>minute * 60.0 + <f64>sec + <f64>nsec / 1e9;
  if (!(total >= -9223372036.854775808 && total <= 9223372036.854775807)) { fail = true; return 0; }
  let s = days * 86400 + hour * 3600 + minute * 60 + sec + floorDiv(nsec, NS_PER_SEC);
  let frac = nsec - floorDiv(nsec, NS_PER_SEC) * NS_PER_SEC;
  // the int64 nanosecond range: -9223372036.854775808 s … 9223372036.854775807 s
  if (s < -9223372037 || s > 9223372036) { fail = true; return 0; }
  if (s == -9223372037 && frac < 145224192) { fail = true; return 0; }
  if (s == 9223372036 && frac > 854775807) { fail = true; return 0; }
  if (s < 0) return (s + 1) * NS_PER_SEC + (frac - NS_PER_SEC);
  return s * NS_PER_SEC + frac;
}

const WEEKDAYS: string[] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS: string[] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// ─── builtins over timestamps ─────────────────────────────────────────────────────────────────

/** time.date(x) → [year, month, day] */
export function bi_time$date(a: usize): usize {
  let ns = tzTime(a, new Array<string>(0));
  if (fail) return 0;
  let c = localCivil(ns);
  return P(arrayOf([newInt(c.year), newInt(c.month), newInt(c.day)]));
}

/** time.clock(x) → [hour, minute, second] */
export function bi_time$clock(a: usize): usize {
  let ns = tzTime(a, new Array<string>(0));
  if (fail) return 0;
  let c = localCivil(ns);
  return P(arrayOf([newInt(c.hour), newInt(c.minute), newInt(c.second)]));
}

/** time.weekday(x) → "Monday" … */
export function bi_time$weekday(a: usize): usize {
  let ns = tzTime(a, new Array<string>(0));
  if (fail) return 0;
  return P(newString(WEEKDAYS[localCivil(ns).weekday]));
}

function intArg(p: usize): i64 {
  if (p == 0) { fail = true; return 0; }
  let v = V(p);
  if (v.tag != T_NUMBER) { fail = true; return 0; }
  let f = changetype<NumberValue>(v).n;
  if (f != Math.floor(f) || Math.abs(f) > 9.0e15) { fail = true; return 0; }
  return <i64>f;
}

/** time.add_date(ns, years, months, days): Go's Time.AddDate (normalising, 31 Jan + 1 month = 3 Mar). */
export function bi_time$add_date(a: usize, y: usize, m: usize, d: usize): usize {
  let ns = tzTime(a, new Array<string>(0));
  if (fail) return 0;
  let years = intArg(y), months = intArg(m), days = intArg(d);
  if (fail) return 0;
  let c = localCivil(ns);
  let r = toNs(c.year + years, <i64>c.month + months, <i64>c.day + days, c.hour, c.minute, c.second, c.nsec);
  if (fail) return 0;
  r = fromLocal(r);
  if (fail) return 0;
  return nsValue(r);
}

/** time.diff(a, b) → [years, months, days, hours, minutes, seconds] between the two instants. */
export function bi_time$diff(a: usize, b: usize): usize {
  let t2 = tzTime(b, new Array<string>(0));
  if (fail) return 0;
  let t1 = tzTime(a, new Array<string>(0)); // both in t1's zone, as OPA does
  if (fail) return 0;
  if (t1 > t2) { let t = t1; t1 = t2; t2 = t; }
  if (!lookupZone(t1)) return 0;
  let c1 = localCivil(t1);
  if (!lookupZone(t2)) return 0;
  let c2 = localCivil(t2);
  let year = c2.year - c1.year;
  let month: i64 = c2.month - c1.month;
  let day: i64 = c2.day - c1.day;
  let hour: i64 = c2.hour - c1.hour;
  let min: i64 = c2.minute - c1.minute;
  let sec: i64 = c2.second - c1.second;
  if (sec < 0) { sec += 60; min--; }
  if (min < 0) { min += 60; hour--; }
  if (hour < 0) { hour += 24; day--; }
  if (day < 0) {
    // days in c1's month: time.Date(y1, M1, 32) normalised
    let dim = daysFromCivil(c1.year, c1.month + 1 > 12 ? 1 : c1.month + 1, 1) - daysFromCivil(c1.year, c1.month, 1);
    if (c1.month == 12) dim = 31;
    day += dim;
    month--;
  }
  if (month < 0) { month += 12; year--; }
  return P(arrayOf([newInt(year), newInt(month), newInt(day), newInt(hour), newInt(min), newInt(sec)]));
}

// ─── durations ────────────────────────────────────────────────────────────────────────────────

/** Go's time.ParseDuration with OPA's extra units d (24h), w (168h), y (8760h); fails on overflow. */
function parseDuration(s: string): i64 {
  fail = false;
  let n = s.length;
  if (n == 0) { fail = true; return 0; }
  let i = 0;
  let neg = false;
  let c0 = s.charCodeAt(0);
  if (c0 == 0x2D || c0 == 0x2B) { neg = c0 == 0x2D; i++; }
  if (i == n - 1 && s.charCodeAt(i) == 0x30) return 0;
  if (i == n) { fail = true; return 0; }
  if (s.substring(i) == "0") return 0;
  let total: f64 = 0; // in ns, as float for overflow detection
  let exact: u64 = 0;
  while (i < n) {
    // digits [. digits]
    let start = i;
    let whole: u64 = 0;
    let overflow = false;
    while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) {
      let nw = whole * 10 + <u64>(s.charCodeAt(i) - 0x30);
      if (nw / 10 != whole) overflow = true;
      whole = nw;
      i++;
    }
    let pre = i > start;
    let frac: f64 = 0, scale: f64 = 1;
    let post = false;
    if (i < n && s.charCodeAt(i) == 0x2E) {
      i++;
      let fs = i;
      while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) {
        if (scale < 1e18) { frac = frac * 10 + <f64>(s.charCodeAt(i) - 0x30); scale *= 10; }
        i++;
      }
      post = i > fs;
    }
    if (!pre && !post) { fail = true; return 0; }
    let us = i;
    while (i < n) {
      let c = s.charCodeAt(i);
      if (c == 0x2E || (c >= 0x30 && c <= 0x39)) break;
      i++;
    }
    if (us == i) { fail = true; return 0; }
    let unitName = s.substring(us, i);
    let unit: u64 = 0;
    if (unitName == "ns") unit = 1;
    else if (unitName == "us" || unitName == "\u00b5s" || unitName == "\u03bcs") unit = 1000;
    else if (unitName == "ms") unit = 1000000;
    else if (unitName == "s") unit = 1000000000;
    else if (unitName == "m") unit = 60000000000;
    else if (unitName == "h") unit = 3600000000000;
    else if (unitName == "d") unit = 24 * 3600000000000;
    else if (unitName == "w") unit = 168 * 3600000000000;
    else if (unitName == "y") unit = 8760 * 3600000000000;
    else { fail = true; return 0; }
    if (overflow) { fail = true; return 0; }
    total += <f64>whole * <f64>unit + frac * <f64>unit / scale;
    if (total > 9.223372036854775807e18) { fail = true; return 0; }
    exact += whole * unit + <u64>(frac * <f64>unit / scale);
  }
  if (exact > <u64>i64.MAX_VALUE + (neg ? 1 : 0)) { fail = true; return 0; }
  return neg ? -<i64>exact : <i64>exact;
}

/** time.parse_duration_ns("1h30m") */
export function bi_time$parse_duration_ns(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  let ns = parseDuration(changetype<StringValue>(V(a)).s);
  if (fail) return 0;
  return nsValue(ns);
}

// ─── layouts (Go's reference time: Mon Jan 2 15:04:05 MST 2006) ──────────────────────────────

const L_NONE = 0, L_LONGMONTH = 1, L_MONTH = 2, L_NUMMONTH = 3, L_ZEROMONTH = 4, L_LONGWEEKDAY = 5, L_WEEKDAY = 6,
  L_DAY = 7, L_UNDERDAY = 8, L_ZERODAY = 9, L_UNDERYEARDAY = 10, L_ZEROYEARDAY = 11, L_HOUR = 12, L_HOUR12 = 13,
  L_ZEROHOUR12 = 14, L_MINUTE = 15, L_ZEROMINUTE = 16, L_SECOND = 17, L_ZEROSECOND = 18, L_LONGYEAR = 19, L_YEAR = 20,
  L_PM = 21, L_pm = 22, L_TZ = 23, L_ISO8601TZ = 24, L_ISO8601SECONDSTZ = 25, L_ISO8601SHORTTZ = 26,
  L_ISO8601COLONTZ = 27, L_ISO8601COLONSECONDSTZ = 28, L_NUMTZ = 29, L_NUMSECONDSTZ = 30, L_NUMSHORTTZ = 31,
  L_NUMCOLONTZ = 32, L_NUMCOLONSECONDSTZ = 33, L_FRACZERO = 34, L_FRACNINE = 35;

/** One layout chunk: the literal before it, its kind, and (fractions) the digit count. */
class Chunk { prefix: string = ""; kind: i32 = L_NONE; digits: i32 = 0; }

function startsAt(s: string, i: i32, w: string): bool { return s.substr(i, w.length) == w; }
function isDigitAt(s: string, i: i32): bool { if (i >= s.length) return false; let c = s.charCodeAt(i); return c >= 0x30 && c <= 0x39; }

/** Go's nextStdChunk, applied to the whole layout. */
function chunks(layout: string): Array<Chunk> {
  let out = new Array<Chunk>(0);
  let lit = "";
  let i = 0, n = layout.length;
  while (i < n) {
    let kind = L_NONE, w = 0, digits = 0;
    let c = layout.charCodeAt(i);
    if (c == 0x4A) { // J
      if (startsAt(layout, i, "January")) { kind = L_LONGMONTH; w = 7; }
      else if (startsAt(layout, i, "Jan")) { kind = L_MONTH; w = 3; }
    } else if (c == 0x4D) { // M
      if (startsAt(layout, i, "Monday")) { kind = L_LONGWEEKDAY; w = 6; }
      else if (startsAt(layout, i, "Mon")) { kind = L_WEEKDAY; w = 3; }
      else if (startsAt(layout, i, "MST")) { kind = L_TZ; w = 3; }
    } else if (c == 0x30) { // 0
      if (i + 1 < n) {
        let d = layout.charCodeAt(i + 1);
        if (d >= 0x31 && d <= 0x36) { kind = [L_ZEROMONTH, L_ZERODAY, L_ZEROHOUR12, L_ZEROMINUTE, L_ZEROSECOND, L_YEAR][d - 0x31]; w = 2; }
        else if (d == 0x30 && startsAt(layout, i, "002")) { kind = L_ZEROYEARDAY; w = 3; }
      }
    } else if (c == 0x31) { // 1
      if (startsAt(layout, i, "15")) { kind = L_HOUR; w = 2; }
      else { kind = L_NUMMONTH; w = 1; }
    } else if (c == 0x32) { // 2
      if (startsAt(layout, i, "2006")) { kind = L_LONGYEAR; w = 4; }
      else { kind = L_DAY; w = 1; }
    } else if (c == 0x5F) { // _
      if (startsAt(layout, i, "_2")) {
        if (startsAt(layout, i, "_2006")) { lit += "_"; i++; continue; }
        kind = L_UNDERDAY; w = 2;
      }
      if (startsAt(layout, i, "__2")) { kind = L_UNDERYEARDAY; w = 3; }
    } else if (c == 0x33 || c == 0x34 || c == 0x35) {
      kind = c == 0x33 ? L_HOUR12 : c == 0x34 ? L_MINUTE : L_SECOND; w = 1;
    } else if (c == 0x50) { // P
      if (startsAt(layout, i, "PM")) { kind = L_PM; w = 2; }
    } else if (c == 0x70) { // p
      if (startsAt(layout, i, "pm")) { kind = L_pm; w = 2; }
    } else if (c == 0x2D) { // -
      if (startsAt(layout, i, "-070000")) { kind = L_NUMSECONDSTZ; w = 7; }
      else if (startsAt(layout, i, "-07:00:00")) { kind = L_NUMCOLONSECONDSTZ; w = 9; }
      else if (startsAt(layout, i, "-0700")) { kind = L_NUMTZ; w = 5; }
      else if (startsAt(layout, i, "-07:00")) { kind = L_NUMCOLONTZ; w = 6; }
      else if (startsAt(layout, i, "-07")) { kind = L_NUMSHORTTZ; w = 3; }
    } else if (c == 0x5A) { // Z
      if (startsAt(layout, i, "Z070000")) { kind = L_ISO8601SECONDSTZ; w = 7; }
      else if (startsAt(layout, i, "Z07:00:00")) { kind = L_ISO8601COLONSECONDSTZ; w = 9; }
      else if (startsAt(layout, i, "Z0700")) { kind = L_ISO8601TZ; w = 5; }
      else if (startsAt(layout, i, "Z07:00")) { kind = L_ISO8601COLONTZ; w = 6; }
      else if (startsAt(layout, i, "Z07")) { kind = L_ISO8601SHORTTZ; w = 3; }
    } else if ((c == 0x2E || c == 0x2C) && i + 1 < n) { // . or , then 0s or 9s
      let d = layout.charCodeAt(i + 1);
      if (d == 0x30 || d == 0x39) {
        let j = i + 1;
        while (j < n && layout.charCodeAt(j) == d) j++;
        if (!isDigitAt(layout, j)) { kind = d == 0x30 ? L_FRACZERO : L_FRACNINE; w = j - i; digits = j - i - 1; }
      }
    }
    if (kind == L_NONE) { lit += String.fromCharCode(c); i++; continue; }
    let ch = new Chunk();
    ch.prefix = lit; ch.kind = kind; ch.digits = digits;
    out.push(ch);
    lit = "";
    i += w;
  }
  let tail = new Chunk();
  tail.prefix = lit;
  out.push(tail);
  return out;
}

function pad(n: i64, width: i32, ch: string = "0"): string {
  let neg = n < 0;
  let s = (neg ? -n : n).toString();
  while (s.length < width) s = ch + s;
  return neg ? "-" + s : s;
}

/** Go's zone offset texts: `sep` between hours and minutes, seconds when `secs` (or when non-zero and `secsIfAny`). */
function offsetText(off: i64, sep: string, withMinutes: bool, secs: bool): string {
  let a = off < 0 ? -off : off;
  let out = (off < 0 ? "-" : "+") + pad(a / 3600, 2);
  if (withMinutes) out += sep + pad((a / 60) % 60, 2);
  if (secs) out += sep + pad(a % 60, 2);
  return out;
}

/** Go's Time.Format in the current zone (zoneOff/zoneAbbr at `ns`). */
function format(ns: i64, layout: string): string {
  let c = localCivil(ns);
  let off = zoneOff;
  let cs = chunks(layout);
  let out = "";
  for (let k = 0; k < cs.length; k++) {
    let ch = unchecked(cs[k]);
    out += ch.prefix;
    switch (ch.kind) {
      case L_NONE: break;
      case L_YEAR: out += pad((c.year % 100 + 100) % 100, 2); break;
      case L_LONGYEAR: out += pad(c.year, 4); break;
      case L_MONTH: out += MONTHS[c.month - 1].substring(0, 3); break;
      case L_LONGMONTH: out += MONTHS[c.month - 1]; break;
      case L_NUMMONTH: out += c.month.toString(); break;
      case L_ZEROMONTH: out += pad(c.month, 2); break;
      case L_WEEKDAY: out += WEEKDAYS[c.weekday].substring(0, 3); break;
      case L_LONGWEEKDAY: out += WEEKDAYS[c.weekday]; break;
      case L_DAY: out += c.day.toString(); break;
      case L_UNDERDAY: out += pad(c.day, 2, " "); break;
      case L_ZERODAY: out += pad(c.day, 2); break;
      case L_UNDERYEARDAY: out += pad(c.yday, 3, " "); break;
      case L_ZEROYEARDAY: out += pad(c.yday, 3); break;
      case L_HOUR: out += pad(c.hour, 2); break;
      case L_HOUR12: { let h = c.hour % 12; out += (h == 0 ? 12 : h).toString(); break; }
      case L_ZEROHOUR12: { let h = c.hour % 12; out += pad(h == 0 ? 12 : h, 2); break; }
      case L_MINUTE: out += c.minute.toString(); break;
      case L_ZEROMINUTE: out += pad(c.minute, 2); break;
      case L_SECOND: out += c.second.toString(); break;
      case L_ZEROSECOND: out += pad(c.second, 2); break;
      case L_PM: out += c.hour >= 12 ? "PM" : "AM"; break;
      case L_pm: out += c.hour >= 12 ? "pm" : "am"; break;
      case L_ISO8601TZ: out += off == 0 ? "Z" : offsetText(off, "", true, false); break;
      case L_ISO8601COLONTZ: out += off == 0 ? "Z" : offsetText(off, ":", true, false); break;
      case L_ISO8601SECONDSTZ: out += off == 0 ? "Z" : offsetText(off, "", true, true); break;
      case L_ISO8601SHORTTZ: out += off == 0 ? "Z" : offsetText(off, "", false, false); break;
      case L_ISO8601COLONSECONDSTZ: out += off == 0 ? "Z" : offsetText(off, ":", true, true); break;
      case L_NUMTZ: out += offsetText(off, "", true, false); break;
      case L_NUMCOLONTZ: out += offsetText(off, ":", true, false); break;
      case L_NUMSHORTTZ: out += offsetText(off, "", false, false); break;
      case L_NUMSECONDSTZ: out += offsetText(off, "", true, true); break;
      case L_NUMCOLONSECONDSTZ: out += offsetText(off, ":", true, true); break;
      case L_TZ: out += zoneAbbr.length > 0 ? zoneAbbr : offsetText(off, "", true, false); break;
      case L_FRACZERO: case L_FRACNINE: {
        let frac = pad(c.nsec, 9).substring(0, ch.digits);
        if (ch.kind == L_FRACNINE) {
          let e = frac.length;
          while (e > 0 && frac.charCodeAt(e - 1) == 0x30) e--;
          frac = frac.substring(0, e);
          if (frac.length > 0) out += "." + frac;
        } else out += layout.charAt(0) == "," ? "," + frac : "." + frac;
        break;
      }
    }
  }
  return out;
}

const NAMED_LAYOUTS: string[] = [
  "ANSIC", "Mon Jan _2 15:04:05 2006",
  "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
  "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
  "RFC822", "02 Jan 06 15:04 MST",
  "RFC822Z", "02 Jan 06 15:04 -0700",
  "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
  "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
  "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
  "RFC3339", "2006-01-02T15:04:05Z07:00",
  "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00",
];

function namedLayout(l: string): string {
  for (let i = 0; i < NAMED_LAYOUTS.length; i += 2) if (NAMED_LAYOUTS[i] == l) return NAMED_LAYOUTS[i + 1];
  return l;
}

/** time.format(x): RFC3339Nano unless [ns, tz, layout] names a layout (or a constant such as "RFC1123Z"). */
export function bi_time$format(a: usize): usize {
  let lay = new Array<string>(0);
  let ns = tzTime(a, lay);
  if (fail) return 0;
  let layout = lay.length > 0 && lay[0] != "" ? namedLayout(lay[0]) : "2006-01-02T15:04:05.999999999Z07:00";
  return P(newString(format(ns, layout)));
}

// ─── parsing ──────────────────────────────────────────────────────────────────────────────────

/** Read up to `max` digits (at least `min`) at `pos[0]`; -1 when absent. */
function digitsAt(s: string, pos: Array<i32>, minN: i32, maxN: i32): i64 {
  let i = pos[0];
  let v: i64 = 0, k = 0;
  while (k < maxN && isDigitAt(s, i + k)) { v = v * 10 + <i64>(s.charCodeAt(i + k) - 0x30); k++; }
  if (k < minN) return -1;
  pos[0] = i + k;
  return v;
}

function lookupName(s: string, pos: Array<i32>, names: string[], short: bool): i32 {
  for (let i = 0; i < names.length; i++) {
    let nm = short ? names[i].substring(0, 3) : names[i];
    if (s.substr(pos[0], nm.length).toLowerCase() == nm.toLowerCase()) { pos[0] += nm.length; return i; }
  }
  return -1;
}

/** Go's time.Parse (zone offsets applied; zone abbreviations other than UTC/GMT count as offset 0). */
function parseTime(layout: string, s: string): i64 {
  fail = false;
  let cs = chunks(layout);
  let pos = [0];
  let year: i64 = 0, month: i64 = 1, day: i64 = 1, hour: i64 = 0, minute: i64 = 0, sec: i64 = 0, nsec: i64 = 0;
  let pm = false, pmSet = false, offset: i64 = 0, yday: i64 = -1;
  for (let k = 0; k < cs.length; k++) {
    let ch = unchecked(cs[k]);
    if (s.substr(pos[0], ch.prefix.length) != ch.prefix) { fail = true; return 0; }
    pos[0] += ch.prefix.length;
    let v: i64 = 0;
    switch (ch.kind) {
      case L_NONE: break;
      case L_YEAR: v = digitsAt(s, pos, 2, 2); if (v < 0) { fail = true; return 0; } year = v >= 69 ? 1900 + v : 2000 + v; break;
      case L_LONGYEAR: v = digitsAt(s, pos, 4, 4); if (v < 0) { fail = true; return 0; } year = v; break;
      case L_MONTH: case L_LONGMONTH: { let m = lookupName(s, pos, MONTHS, ch.kind == L_MONTH); if (m < 0) { fail = true; return 0; } month = m + 1; break; }
      case L_NUMMONTH: case L_ZEROMONTH: v = digitsAt(s, pos, ch.kind == L_ZEROMONTH ? 2 : 1, 2); if (v < 1 || v > 12) { fail = true; return 0; } month = v; break;
      case L_WEEKDAY: case L_LONGWEEKDAY: if (lookupName(s, pos, WEEKDAYS, ch.kind == L_WEEKDAY) < 0) { fail = true; return 0; } break;
      case L_DAY: case L_UNDERDAY: case L_ZERODAY:
        if (ch.kind == L_UNDERDAY && s.charCodeAt(pos[0]) == 0x20) pos[0]++;
        v = digitsAt(s, pos, ch.kind == L_ZERODAY ? 2 : 1, 2); if (v < 1 || v > 31) { fail = true; return 0; } day = v; break;
      case L_UNDERYEARDAY: case L_ZEROYEARDAY:
        while (ch.kind == L_UNDERYEARDAY && s.charCodeAt(pos[0]) == 0x20) pos[0]++;
        v = digitsAt(s, pos, ch.kind == L_ZEROYEARDAY ? 3 : 1, 3); if (v < 1 || v > 366) { fail = true; return 0; } yday = v; break;
      case L_HOUR: v = digitsAt(s, pos, 2, 2); if (v < 0 || v > 23) { fail = true; return 0; } hour = v; break;
      case L_HOUR12: case L_ZEROHOUR12: v = digitsAt(s, pos, ch.kind == L_ZEROHOUR12 ? 2 : 1, 2); if (v < 0 || v > 12) { fail = true; return 0; } hour = v; break;
      case L_MINUTE: case L_ZEROMINUTE: v = digitsAt(s, pos, ch.kind == L_ZEROMINUTE ? 2 : 1, 2); if (v < 0 || v > 59) { fail = true; return 0; } minute = v; break;
      case L_SECOND: case L_ZEROSECOND: {
        v = digitsAt(s, pos, ch.kind == L_ZEROSECOND ? 2 : 1, 2); if (v < 0 || v > 59) { fail = true; return 0; } sec = v;
        // Go accepts a fractional second after the seconds field even when the layout has none.
        let next = k + 1 < cs.length ? unchecked(cs[k + 1]) : null;
        let layoutHasFrac = next !== null && next.prefix.length == 0 && (next.kind == L_FRACZERO || next.kind == L_FRACNINE);
        if (!layoutHasFrac && pos[0] + 1 < s.length && (s.charCodeAt(pos[0]) == 0x2E || s.charCodeAt(pos[0]) == 0x2C) && isDigitAt(s, pos[0] + 1)) {
          pos[0]++;
          nsec = fracNs(s, pos);
        }
        break;
      }
      case L_PM: case L_pm: {
        let t = s.substr(pos[0], 2).toUpperCase();
        if (t != "AM" && t != "PM") { fail = true; return 0; }
        pm = t == "PM"; pmSet = true; pos[0] += 2; break;
      }
      case L_FRACZERO: case L_FRACNINE: {
        let c = s.charCodeAt(pos[0]);
        if (c != 0x2E && c != 0x2C) { if (ch.kind == L_FRACNINE) break; fail = true; return 0; }
        pos[0]++;
        if (ch.kind == L_FRACZERO) {
          let start = pos[0];
          nsec = fracNs(s, pos);
          if (pos[0] - start != ch.digits) { fail = true; return 0; }
        } else nsec = fracNs(s, pos);
        break;
      }
      case L_TZ: {
        if (startsAt(s, pos[0], "UTC")) { pos[0] += 3; break; }
        let j = pos[0];
        while (j < s.length && s.charCodeAt(j) >= 0x41 && s.charCodeAt(j) <= 0x5A) j++;
        if (j - pos[0] < 3) { fail = true; return 0; }
        pos[0] = j;
        break;
      }
      default: {
        // numeric and ISO 8601 zones
        let iso = ch.kind >= L_ISO8601TZ && ch.kind <= L_ISO8601COLONSECONDSTZ;
        if (iso && s.charCodeAt(pos[0]) == 0x5A) { pos[0]++; offset = 0; break; }
        let sign = s.charCodeAt(pos[0]);
        if (sign != 0x2B && sign != 0x2D) { fail = true; return 0; }
        pos[0]++;
        let colon = ch.kind == L_ISO8601COLONTZ || ch.kind == L_NUMCOLONTZ || ch.kind == L_ISO8601COLONSECONDSTZ || ch.kind == L_NUMCOLONSECONDSTZ;
        let short = ch.kind == L_ISO8601SHORTTZ || ch.kind == L_NUMSHORTTZ;
        let withSec = ch.kind == L_ISO8601SECONDSTZ || ch.kind == L_NUMSECONDSTZ || ch.kind == L_ISO8601COLONSECONDSTZ || ch.kind == L_NUMCOLONSECONDSTZ;
        let hh = digitsAt(s, pos, 2, 2);
        if (hh < 0) { fail = true; return 0; }
        let mm: i64 = 0, ss: i64 = 0;
        if (!short) {
          if (colon) { if (s.charCodeAt(pos[0]) != 0x3A) { fail = true; return 0; } pos[0]++; }
          mm = digitsAt(s, pos, 2, 2);
          if (mm < 0) { fail = true; return 0; }
          if (withSec) {
            if (colon) { if (s.charCodeAt(pos[0]) != 0x3A) { fail = true; return 0; } pos[0]++; }
            ss = digitsAt(s, pos, 2, 2);
            if (ss < 0) { fail = true; return 0; }
          }
        }
        offset = (hh * 3600 + mm * 60 + ss) * (sign == 0x2D ? -1 : 1);
        break;
      }
    }
  }
  if (pos[0] != s.length) { fail = true; return 0; }
  if (pmSet) { if (hour > 12) { fail = true; return 0; } if (pm && hour < 12) hour += 12; else if (!pm && hour == 12) hour = 0; }
  if (yday >= 0) {
    let d0 = daysFromCivil(year, 1, 1) + yday - 1;
    let c = new Civil();
    civilFromDays(d0, c);
    month = c.month; day = c.day;
  }
  // day must exist in the month
  let dim = month == 2 ? (isLeap(year) ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
  if (day > dim) { fail = true; return 0; }
  let ns = toNs(year, month, day, hour, minute, sec - offset, nsec);
  return ns;
}

function fracNs(s: string, pos: Array<i32>): i64 {
  let v: i64 = 0, k = 0;
  let i = pos[0];
  while (isDigitAt(s, i)) {
    if (k < 9) { v = v * 10 + <i64>(s.charCodeAt(i) - 0x30); k++; }
    i++;
  }
  while (k < 9) { v *= 10; k++; }
  pos[0] = i;
  return v;
}

/** time.parse_ns(layout, value) */
export function bi_time$parse_ns(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || load<i32>(a) != T_STRING || load<i32>(b) != T_STRING) return 0;
  let ns = parseTime(namedLayout(changetype<StringValue>(V(a)).s), changetype<StringValue>(V(b)).s);
  if (fail) return 0;
  return nsValue(ns);
}

/** time.parse_rfc3339_ns(value) */
export function bi_time$parse_rfc3339_ns(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  let ns = parseTime("2006-01-02T15:04:05Z07:00", changetype<StringValue>(V(a)).s);
  if (fail) return 0;
  return nsValue(ns);
}
