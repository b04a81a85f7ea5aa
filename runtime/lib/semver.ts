// semver.is_valid / semver.compare with the semantics of OPA's internal/semver (a fork of
// coreos/go-semver): "MAJOR.MINOR.PATCH[-PRERELEASE][+METADATA]", numbers parsed by Go's
// strconv.ParseInt (so "01" and "+1" are accepted, as in OPA), identifiers [0-9A-Za-z-] joined
// by dots; pre-release precedence per SemVer 2.0 (numeric < alphanumeric, longer wins on ties).

export class SemVer {
  major: i64 = 0;
  minor: i64 = 0;
  patch: i64 = 0;
  pre: string = "";
  meta: string = "";
}

/** Go strconv.ParseInt(s, 10, 64) success and value. */
function parseInt64(s: string, out: Array<i64>): bool {
  const n = s.length;
  if (n == 0) return false;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 == 0x2b || c0 == 0x2d) {
    neg = c0 == 0x2d;
    i = 1;
    if (n == 1) return false;
  }
  let v: u64 = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
    if (v > 922337203685477580) return false;
    v = v * 10 + <u64>(c - 0x30);
    if (v > (neg ? <u64>9223372036854775808 : <u64>9223372036854775807)) return false;
  }
  out[0] = neg ? -<i64>v : <i64>v;
  return true;
}

function validIdentifier(id: string): bool {
  if (id.length == 0) return true;
  let segLen = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c == 0x2e) {
      if (segLen == 0) return false;
      segLen = 0;
      continue;
    }
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d;
    if (!ok) return false;
    segLen++;
  }
  return segLen > 0;
}

export function parseSemVer(s: string): SemVer | null {
  let version = s;
  let meta = "";
  let k = version.indexOf("+");
  if (k >= 0) {
    meta = version.substring(k + 1);
    version = version.substring(0, k);
  }
  let pre = "";
  k = version.indexOf("-");
  if (k >= 0) {
    pre = version.substring(k + 1);
    version = version.substring(0, k);
  }
  // SplitN(version, ".", 3)
  const d1 = version.indexOf(".");
  if (d1 < 0) return null;
  const d2 = version.indexOf(".", d1 + 1);
  if (d2 < 0) return null;
  if (!validIdentifier(pre) || !validIdentifier(meta)) return null;
  const out = new Array<i64>(1);
  const v = new SemVer();
  if (!parseInt64(version.substring(0, d1), out)) return null;
  v.major = out[0];
  if (!parseInt64(version.substring(d1 + 1, d2), out)) return null;
  v.minor = out[0];
  if (!parseInt64(version.substring(d2 + 1), out)) return null;
  v.patch = out[0];
  v.pre = pre;
  v.meta = meta;
  return v;
}

/** Go strconv.Atoi success (for pre-release identifiers). */
function atoi(s: string, out: Array<i64>): bool {
  return parseInt64(s, out);
}

function cmpStr(a: string, b: string): i32 {
  // byte order of ASCII identifiers
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSemVer(a: SemVer, b: SemVer): i32 {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  const pa = a.pre, pb = b.pre;
  if (pa.length == 0 && pb.length > 0) return 1;
  if (pb.length == 0 && pa.length > 0) return -1;
  const xa = pa.length == 0 ? new Array<string>() : pa.split(".");
  const xb = pb.length == 0 ? new Array<string>() : pb.split(".");
  const ia = new Array<i64>(1), ib = new Array<i64>(1);
  for (let i = 0; ; i++) {
    if (i >= xa.length) return i < xb.length ? -1 : 0;
    if (i >= xb.length) return 1;
    const sa = xa[i], sb = xb[i];
    const aInt = atoi(sa, ia), bInt = atoi(sb, ib);
    if (aInt && !bInt) return -1;
    if (!aInt && bInt) return 1;
    if (aInt && bInt) {
      if (ia[0] > ib[0]) return 1;
      if (ia[0] < ib[0]) return -1;
    }
    const c = cmpStr(sa, sb);
    if (c != 0) return c;
  }
  return 0;
}
