/**
 * Host builtins over node:crypto that need no keys: hashes, HMACs, UUIDs, randomness, the clock.
 * Semantics and errors of OPA's topdown (crypto.go, uuid.go, numbers.go, time.go).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { BuiltinError, intArg, stringArg, type HostImpl } from "./util.js";
import { intValue, RawNumber, type Json, type JsonObject } from "./json.js";

const hash = (alg: string): HostImpl => (args) =>
  createHash(alg).update(Buffer.from(stringArg(args, 0), "utf8")).digest("hex");

const hmac = (alg: string): HostImpl => (args) =>
  createHmac(alg, Buffer.from(stringArg(args, 1), "utf8")).update(Buffer.from(stringArg(args, 0), "utf8")).digest("hex");

/** Go's `hmac.Equal` of the two strings' bytes. */
const hmacEqual: HostImpl = (args) => {
  const a = Buffer.from(stringArg(args, 0), "utf8");
  const b = Buffer.from(stringArg(args, 1), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
};

/** A random (version 4) UUID; the runtime caches it per evaluation and argument. */
const uuidRfc4122: HostImpl = () => {
  const b = randomBytes(16);
  b[8] = (b[8]! & 0x3f) | 0x80;
  b[6] = (b[6]! & 0x0f) | 0x40;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** google/uuid's Parse: 36 (dashed), 38 ({…}), 45 (urn:uuid:…) or 32 (hex) characters. */
function parseUuidBytes(s: string): Buffer | undefined {
  let t = s;
  if (t.length === 45) {
    if (t.slice(0, 9).toLowerCase() !== "urn:uuid:") return undefined;
    t = t.slice(9);
  } else if (t.length === 38) {
    if (t[0] !== "{" || t[37] !== "}") return undefined;
    t = t.slice(1, 37);
  } else if (t.length === 32) {
    return /^[0-9a-fA-F]{32}$/.test(t) ? Buffer.from(t, "hex") : undefined;
  }
  if (t.length !== 36 || t[8] !== "-" || t[13] !== "-" || t[18] !== "-" || t[23] !== "-") return undefined;
  const hex = t.slice(0, 8) + t.slice(9, 13) + t.slice(14, 18) + t.slice(19, 23) + t.slice(24);
  return /^[0-9a-fA-F]{32}$/.test(hex) ? Buffer.from(hex, "hex") : undefined;
}

const G1582NS100 = 122192928000000000n; // 100 ns intervals from 1582-10-15 to 1970-01-01

/** `uuid.parse`: version and variant; for versions 1 and 2 also time, node, clock sequence (and domain, id). */
const uuidParse: HostImpl = (args) => {
  const u = parseUuidBytes(stringArg(args, 0));
  if (!u) return undefined; // OPA: undefined, not an error
  const version = u[6]! >> 4;
  const b8 = u[8]!;
  const variant = (b8 & 0xc0) === 0x80 ? "RFC4122" : (b8 & 0xe0) === 0xc0 ? "Microsoft" : (b8 & 0xe0) === 0xe0 ? "Future" : "Reserved";
  const out: JsonObject = Object.create(null) as JsonObject;
  out["version"] = new RawNumber(String(version));
  out["variant"] = variant;
  if (version === 1 || version === 2) {
    const low = BigInt(u.readUInt32BE(0));
    const mid = BigInt(u.readUInt16BE(4));
    const hi = BigInt(u.readUInt16BE(6) & 0x0fff);
    const t = low | (mid << 32n) | (hi << 48n); // google/uuid reads the same bits for v2
    const d = t - G1582NS100;
    // Go: sec = d / 1e7, nsec = (d % 1e7) * 100 (truncated division), then sec*1e9 + nsec
    const ns = (d / 10000000n) * 1000000000n + (d % 10000000n) * 100n;
    out["time"] = new RawNumber(BigInt.asIntN(64, ns).toString());
    out["nodeid"] = [...u.subarray(10, 16)].map((x) => x.toString(16).padStart(2, "0")).join("-");
    const n0 = u[10]!;
    out["macvariables"] = (n0 & 3) === 3 ? "local:multicast" : (n0 & 1) === 1 ? "global:multicast" : (n0 & 2) === 2 ? "local:unicast" : "global:unicast";
    out["clocksequence"] = new RawNumber(String(u.readUInt16BE(8) & 0x3fff));
    if (version === 2) {
      out["id"] = new RawNumber(String(u.readUInt32BE(0)));
      const dom = u[9]!;
      out["domain"] = dom === 0 ? "Person" : dom === 1 ? "Group" : dom === 2 ? "Org" : `Domain${dom}`;
    }
  }
  return out;
};

/** `rand.intn(str, n)`: a random integer in [0, |n|); 0 for n = 0. The runtime caches it per evaluation. */
const randIntn: HostImpl = (args) => {
  stringArg(args, 0);
  let n = intArg(args, 1);
  if (n === 0n) return new RawNumber("0");
  if (n < 0n) n = -n;
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
    // beyond randomInt's range: 64 random bits reduced (bias below 2^-11 for n < 2^63)
    const r = randomBytes(8).readBigUInt64BE(0) % n;
    return new RawNumber(r.toString());
  }
  return new RawNumber(String(randomInt(Number(n))));
};

/** `time.now_ns()`: the host clock in nanoseconds; the runtime reads it once per evaluation. */
const nowNs: HostImpl = () => {
  const us = Math.round((performance.timeOrigin + performance.now()) * 1000); // microseconds
  return new RawNumber((BigInt(us) * 1000n).toString());
};

/** Go's abbreviation style for a zone Intl names only by offset: "+04", "-0330". */
function goAbbreviation(intlShort: string, offset: number): string {
  if (/^[A-Z]{2,5}$/.test(intlShort)) return intlShort;
  if (offset === 0) return "GMT";
  const a = Math.abs(offset);
  const h = String(Math.floor(a / 3600)).padStart(2, "0");
  const m = Math.floor(a / 60) % 60;
  return `${offset < 0 ? "-" : "+"}${h}${m ? String(m).padStart(2, "0") : ""}`;
}

/**
 * `time.zone` (internal, called by the runtime's time builtins): [ns, IANA zone] → [offset
 * seconds east of UTC, abbreviation] at that instant, from Intl's time-zone database; an unknown
 * zone is an error (OPA: time.LoadLocation fails).
 */
const timeZone: HostImpl = (args) => {
  const name = stringArg(args, 1);
  const ns = intValue(args[0]);
  if (ns === undefined || !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) throw new BuiltinError(`unknown time zone ${name}`);
  let ms = ns / 1000000n;
  if (ns < 0n && ms * 1000000n !== ns) ms -= 1n;
  const at = new Date(Number(ms));
  let offsetText: string, short: string;
  try {
    offsetText = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
    short = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    throw new BuiltinError(`unknown time zone ${name}`);
  }
  const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(offsetText);
  if (!m) throw new BuiltinError(`unknown time zone ${name}`);
  const offset = m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) : 0;
  return [new RawNumber(String(offset)), goAbbreviation(short, offset)];
};

export const CRYPTO_BUILTINS: ReadonlyMap<string, HostImpl> = new Map<string, HostImpl>([
  ["crypto.md5", hash("md5")],
  ["crypto.sha1", hash("sha1")],
  ["crypto.sha256", hash("sha256")],
  ["crypto.hmac.md5", hmac("md5")],
  ["crypto.hmac.sha1", hmac("sha1")],
  ["crypto.hmac.sha256", hmac("sha256")],
  ["crypto.hmac.sha512", hmac("sha512")],
  ["crypto.hmac.equal", hmacEqual],
  ["uuid.rfc4122", uuidRfc4122],
  ["uuid.parse", uuidParse],
  ["rand.intn", randIntn],
  ["time.now_ns", nowNs],
  ["time.zone", timeZone],
]);

export { BuiltinError };
export type { Json };
