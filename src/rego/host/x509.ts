/**
 * `crypto.x509.*` and `crypto.parse_private_keys`: certificates, requests and keys as OPA returns
 * them — the JSON of Go's `x509.Certificate` / `x509.CertificateRequest` / `tls.Certificate` and of
 * Go's private key types, or a JWK for `parse_rsa_private_key`. The DER is read here (a small
 * reader below); node:crypto checks keys, signatures and chains.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { BuiltinError, objectArg, stringArg, type HostImpl } from "./util.js";
import { intValue, RawNumber, type Json, type JsonObject } from "./json.js";
import { base64StdDecode, pemBlocks, pemDecode } from "./keys.js";

// ─── DER ────────────────────────────────────────────────────────────────────────────────────

interface Der { tag: number; cls: number; constructed: boolean; body: Buffer; raw: Buffer }

class DerError extends BuiltinError {}

function readDer(b: Buffer, at = 0): { node: Der; end: number } {
  if (at + 2 > b.length) throw new DerError("x509: malformed certificate");
  const id = b[at]!;
  let tag = id & 0x1f;
  let p = at + 1;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) { const c = b[p++]; if (c === undefined) throw new DerError("x509: malformed certificate"); tag = tag * 128 + (c & 0x7f); if (!(c & 0x80)) break; }
  }
  let len = b[p++];
  if (len === undefined) throw new DerError("x509: malformed certificate");
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError("x509: malformed certificate");
    len = 0;
    for (let i = 0; i < n; i++) { const c = b[p++]; if (c === undefined) throw new DerError("x509: malformed certificate"); len = len * 256 + c; }
  }
  const end = p + len;
  if (end > b.length) throw new DerError("x509: malformed certificate");
  return { node: { tag, cls: id >> 6, constructed: (id & 0x20) !== 0, body: b.subarray(p, end), raw: b.subarray(at, end) }, end };
}

function children(n: Der): Der[] {
  const out: Der[] = [];
  for (let at = 0; at < n.body.length;) { const r = readDer(n.body, at); out.push(r.node); at = r.end; }
  return out;
}

function oidParts(n: Der): number[] {
  const b = n.body;
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (out.length === 0) { const f = v < 80 ? Math.floor(v / 40) : 2; out.push(f, v - f * 40); } else out.push(v);
      v = 0;
    }
  }
  return out;
}
const oidText = (n: Der): string => oidParts(n).join(".");
const oidJson = (n: Der): Json => oidParts(n).map((x) => new RawNumber(String(x)));

function bigOf(b: Buffer, signed = true): bigint {
  if (b.length === 0) return 0n;
  let v = BigInt(`0x${b.toString("hex")}`);
  if (signed && b[0]! & 0x80) v -= 1n << BigInt(b.length * 8);
  return v;
}
const big = (b: Buffer, signed = true): RawNumber => new RawNumber(bigOf(b, signed).toString());
const num = (n: number): RawNumber => new RawNumber(String(n));
const b64 = (b: Buffer): string => b.toString("base64");

function derString(n: Der): Json {
  switch (n.tag) {
    case 12: case 19: case 22: case 20: case 26: case 27: case 28: return n.body.toString(n.tag === 12 ? "utf8" : "latin1");
    case 30: return Buffer.from(n.body).swap16().toString("utf16le");
    default: return b64(n.raw);
  }
}

// ─── pkix.Name ──────────────────────────────────────────────────────────────────────────────

function pkixName(n: Der): JsonObject {
  const lists: Record<string, string[]> = {};
  const names: Json[] = [];
  let cn = "", serial = "";
  const FIELDS: Record<string, string> = { "2.5.4.6": "Country", "2.5.4.10": "Organization", "2.5.4.11": "OrganizationalUnit", "2.5.4.7": "Locality", "2.5.4.8": "Province", "2.5.4.9": "StreetAddress", "2.5.4.17": "PostalCode" };
  for (const rdn of children(n)) {
    for (const atv of children(rdn)) {
      const [t, v] = children(atv);
      if (!t || !v) throw new DerError("x509: invalid RDNSequence");
      const value = derString(v);
      names.push({ Type: oidJson(t), Value: value });
      const oid = oidText(t);
      if (typeof value !== "string") continue;
      if (oid === "2.5.4.3") cn = value;
      else if (oid === "2.5.4.5") serial = value;
      else if (FIELDS[oid]) (lists[FIELDS[oid]] ??= []).push(value);
    }
  }
  const list = (k: string): Json => lists[k] ?? null;
  return {
    Country: list("Country"), Organization: list("Organization"), OrganizationalUnit: list("OrganizationalUnit"),
    Locality: list("Locality"), Province: list("Province"), StreetAddress: list("StreetAddress"), PostalCode: list("PostalCode"),
    SerialNumber: serial, CommonName: cn, Names: names, ExtraNames: null,
  };
}

// ─── algorithms and keys ────────────────────────────────────────────────────────────────────

const SIG_ALGS: Record<string, number> = {
  "1.2.840.113549.1.1.2": 1, "1.2.840.113549.1.1.4": 2, "1.2.840.113549.1.1.5": 3, "1.2.840.113549.1.1.11": 4,
  "1.2.840.113549.1.1.12": 5, "1.2.840.113549.1.1.13": 6, "1.2.840.10040.4.3": 7, "2.16.840.1.101.3.4.3.2": 8,
  "1.2.840.10045.4.1": 9, "1.2.840.10045.4.3.2": 10, "1.2.840.10045.4.3.3": 11, "1.2.840.10045.4.3.4": 12, "1.3.101.112": 16,
};

function signatureAlgorithm(alg: Der): number {
  const [oid, params] = children(alg);
  const o = oid ? oidText(oid) : "";
  if (o === "1.2.840.113549.1.1.10" && params) { // RSASSA-PSS: the hash decides
    const h = children(params).find((c) => c.cls === 2 && c.tag === 0);
    const hashOid = h ? oidText(children(children(h)[0]!)[0]!) : "1.3.14.3.2.26";
    return { "2.16.840.1.101.3.4.2.1": 13, "2.16.840.1.101.3.4.2.2": 14, "2.16.840.1.101.3.4.2.3": 15 }[hashOid] ?? 0;
  }
  return SIG_ALGS[o] ?? 0;
}

const jwkBig = (s: unknown): RawNumber => new RawNumber(BigInt(`0x${Buffer.from(String(s), "base64url").toString("hex") || "0"}`).toString());

/** Go's JSON of a public key: RSA {N, E}, ECDSA {Curve: {}, X, Y}, Ed25519 base64, DSA {Parameters, Y}. */
function publicKeyJson(spki: Buffer): { alg: number; key: Json } {
  const [algId] = children(readDer(spki).node);
  const oid = algId ? oidText(children(algId)[0]!) : "";
  const alg = { "1.2.840.113549.1.1.1": 1, "1.2.840.10040.4.1": 2, "1.2.840.10045.2.1": 3, "1.3.101.112": 4 }[oid] ?? 0;
  if (alg === 0) return { alg, key: null };
  let k: KeyObject;
  try { k = createPublicKey({ key: spki, format: "der", type: "spki" }); } catch (e) { throw new DerError(`x509: ${(e as Error).message}`); }
  if (alg === 2) return { alg, key: null }; // DSA: Go's {Parameters, Y} is not rebuilt here
  const j = k.export({ format: "jwk" }) as Record<string, unknown>;
  if (alg === 1) return { alg, key: { N: jwkBig(j["n"]), E: jwkBig(j["e"]) } };
  if (alg === 3) return { alg, key: { Curve: {}, X: jwkBig(j["x"]), Y: jwkBig(j["y"]) } };
  return { alg, key: Buffer.from(String(j["x"]), "base64url").toString("base64") };
}

// ─── certificates ───────────────────────────────────────────────────────────────────────────

function derTime(n: Der): string {
  const s = n.body.toString("latin1");
  let m: RegExpExecArray | null;
  let year: number, rest: string;
  if (n.tag === 23 && (m = /^(\d{2})(\d{10})Z$/.exec(s))) { const yy = Number(m[1]); year = yy < 50 ? 2000 + yy : 1900 + yy; rest = m[2]!; }
  else if (n.tag === 24 && (m = /^(\d{4})(\d{10})Z$/.exec(s))) { year = Number(m[1]); rest = m[2]!; }
  else throw new DerError("x509: malformed time");
  const [mo, d, h, mi, se] = [0, 2, 4, 6, 8].map((i) => rest.slice(i, i + 2));
  return `${String(year).padStart(4, "0")}-${mo}-${d}T${h}:${mi}:${se}Z`;
}

function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join(".");
  if (b.length !== 16) return `?${b.toString("hex")}`;
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return [...b.subarray(12)].join(".");
  const groups = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2));
  // the longest run of two or more zero groups becomes "::"
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

function urlJson(s: string): Json {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(s);
  return {
    Scheme: m?.[1]?.toLowerCase() ?? "", Opaque: m && m[2] === undefined ? m[3]! : "", User: null, Host: m?.[2] ?? "",
    Path: m && m[2] !== undefined ? decodeURIComponentSafe(m[3]!) : "", RawPath: "", OmitHost: false, ForceQuery: false,
    RawQuery: m?.[4] ?? "", Fragment: m?.[5] ?? "", RawFragment: "",
  };
}
function decodeURIComponentSafe(s: string): string { try { return decodeURIComponent(s); } catch { return s; } }

interface GeneralNames { dns: string[]; email: string[]; ip: string[]; uri: string[] }

function generalNames(seq: Der, into: GeneralNames): void {
  for (const g of children(seq)) {
    if (g.cls !== 2) continue;
    if (g.tag === 1) into.email.push(g.body.toString("latin1"));
    else if (g.tag === 2) into.dns.push(g.body.toString("latin1"));
    else if (g.tag === 6) into.uri.push(g.body.toString("latin1"));
    else if (g.tag === 7) into.ip.push(ipText(g.body));
  }
}

const EXT_KEY_USAGE: Record<string, number> = {
  "2.5.29.37.0": 0, "1.3.6.1.5.5.7.3.1": 1, "1.3.6.1.5.5.7.3.2": 2, "1.3.6.1.5.5.7.3.3": 3, "1.3.6.1.5.5.7.3.4": 4,
  "1.3.6.1.5.5.7.3.5": 5, "1.3.6.1.5.5.7.3.6": 6, "1.3.6.1.5.5.7.3.7": 7, "1.3.6.1.5.5.7.3.8": 8, "1.3.6.1.5.5.7.3.9": 9,
  "1.3.6.1.4.1.311.10.3.3": 10, "2.16.840.1.113730.4.1": 11, "1.3.6.1.4.1.311.2.1.22": 12, "1.3.6.1.4.1.311.61.1.1": 13,
};
const HANDLED = new Set(["2.5.29.15", "2.5.29.19", "2.5.29.17", "2.5.29.30", "2.5.29.31", "2.5.29.35", "2.5.29.37", "2.5.29.14", "2.5.29.32", "2.5.29.54", "2.5.29.36", "2.5.29.33"]);

/** The extension fields of a certificate (or request). */
function extensionFields(exts: Der[] | undefined): JsonObject {
  const names: GeneralNames = { dns: [], email: [], ip: [], uri: [] };
  const f: JsonObject = Object.create(null) as JsonObject;
  const extJson: Json[] = [];
  const unhandled: Json[] = [];
  let keyUsage = 0, bcValid = false, isCA = false, maxPathLen = 0, maxPathLenZero = false;
  let skid: Json = null, akid: Json = null;
  let eku: Json[] | null = null, unknownEku: Json[] | null = null;
  let ocsp: Json[] | null = null, issuing: Json[] | null = null, crl: Json[] | null = null;
  let policyIds: Json[] | null = null, policies: Json[] | null = null;
  for (const e of exts ?? []) {
    const parts = children(e);
    const oid = oidText(parts[0]!);
    const critical = parts.length === 3 && parts[1]!.tag === 1 && parts[1]!.body[0] !== 0;
    const value = parts[parts.length - 1]!.body;
    extJson.push({ Id: oidJson(parts[0]!), Critical: critical, Value: b64(value) });
    const v = readDer(value).node;
    switch (oid) {
      case "2.5.29.15": {
        const bits = v.body.subarray(1);
        for (let i = 0; i < 9; i++) if ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) keyUsage |= 1 << i;
        break;
      }
      case "2.5.29.19": {
        bcValid = true;
        maxPathLen = -1;
        for (const c of children(v)) {
          if (c.tag === 1) isCA = c.body[0] !== 0;
          else if (c.tag === 2) { maxPathLen = Number(bigOf(c.body)); maxPathLenZero = maxPathLen === 0; }
        }
        break;
      }
      case "2.5.29.17": generalNames(v, names); break;
      case "2.5.29.14": skid = b64(v.body); break;
      case "2.5.29.35": { const k = children(v).find((c) => c.cls === 2 && c.tag === 0); if (k) akid = b64(k.body); break; }
      case "2.5.29.37":
        for (const c of children(v)) {
          const o = oidText(c);
          if (EXT_KEY_USAGE[o] !== undefined) (eku ??= []).push(num(EXT_KEY_USAGE[o]!));
          else (unknownEku ??= []).push(oidJson(c));
        }
        break;
      case "2.5.29.31":
        for (const dp of children(v)) {
          const name = children(dp).find((c) => c.cls === 2 && c.tag === 0);
          const full = name && children(name).find((c) => c.cls === 2 && c.tag === 0);
          if (full) for (const g of children(full)) if (g.cls === 2 && g.tag === 6) (crl ??= []).push(g.body.toString("latin1"));
        }
        break;
      case "2.5.29.32":
        for (const pi of children(v)) {
          const o = children(pi)[0]!;
          (policyIds ??= []).push(oidJson(o));
          (policies ??= []).push(oidText(o));
        }
        break;
      case "1.3.6.1.5.5.7.1.1":
        for (const ad of children(v)) {
          const [m, loc] = children(ad);
          if (!m || !loc || loc.cls !== 2 || loc.tag !== 6) continue;
          const method = oidText(m);
          if (method === "1.3.6.1.5.5.7.48.1") (ocsp ??= []).push(loc.body.toString("latin1"));
          else if (method === "1.3.6.1.5.5.7.48.2") (issuing ??= []).push(loc.body.toString("latin1"));
        }
        break;
      default:
        if (critical && !HANDLED.has(oid)) unhandled.push(oidJson(parts[0]!));
    }
  }
  const orNull = (xs: string[]): Json => (xs.length ? xs : null);
  Object.assign(f, {
    KeyUsage: num(keyUsage), Extensions: exts ? extJson : null, ExtraExtensions: null,
    UnhandledCriticalExtensions: unhandled.length ? unhandled : null, ExtKeyUsage: eku, UnknownExtKeyUsage: unknownEku,
    BasicConstraintsValid: bcValid, IsCA: isCA, MaxPathLen: num(maxPathLen), MaxPathLenZero: maxPathLenZero,
    SubjectKeyId: skid, AuthorityKeyId: akid, OCSPServer: ocsp, IssuingCertificateURL: issuing,
    DNSNames: orNull(names.dns), EmailAddresses: orNull(names.email), IPAddresses: orNull(names.ip),
    URIs: names.uri.length ? names.uri.map(urlJson) : null,
    PermittedDNSDomainsCritical: false, PermittedDNSDomains: null, ExcludedDNSDomains: null,
    PermittedIPRanges: null, ExcludedIPRanges: null, PermittedEmailAddresses: null, ExcludedEmailAddresses: null,
    PermittedURIDomains: null, ExcludedURIDomains: null, CRLDistributionPoints: crl,
    PolicyIdentifiers: policyIds, Policies: policies,
    InhibitAnyPolicy: num(0), InhibitAnyPolicyZero: false, InhibitPolicyMapping: num(0), InhibitPolicyMappingZero: false,
    RequireExplicitPolicy: num(0), RequireExplicitPolicyZero: false, PolicyMappings: null,
  });
  (f as Record<string, unknown>)["__uris"] = names.uri;
  return f;
}

/** Go's JSON of one `x509.Certificate`, with OPA's `URIStrings`. */
function certificateJson(der: Buffer): JsonObject {
  const [tbs, sigAlg, sig] = children(readDer(der).node);
  if (!tbs || !sigAlg || !sig || sig.tag !== 3) throw new DerError("x509: malformed certificate");
  const t = children(tbs);
  let i = 0;
  let version = 0;
  if (t[0]?.cls === 2 && t[0].tag === 0) { version = Number(bigOf(children(t[0])[0]!.body)); i++; }
  const [serial, , issuer, validity, subject, spki] = t.slice(i, i + 6);
  if (!serial || !issuer || !validity || !subject || !spki) throw new DerError("x509: malformed tbs certificate");
  const extWrap = t.slice(i + 6).find((c) => c.cls === 2 && c.tag === 3);
  const exts = extWrap ? children(children(extWrap)[0]!) : undefined;
  const [notBefore, notAfter] = children(validity);
  const pk = publicKeyJson(spki.raw);
  const ext = extensionFields(exts);
  const uris = (ext as Record<string, unknown>)["__uris"] as string[];
  delete (ext as Record<string, unknown>)["__uris"];
  const out: JsonObject = {
    Raw: b64(der), RawTBSCertificate: b64(tbs.raw), RawSubjectPublicKeyInfo: b64(spki.raw),
    RawSubject: b64(subject.raw), RawIssuer: b64(issuer.raw), Signature: b64(sig.body.subarray(1)),
    SignatureAlgorithm: num(signatureAlgorithm(sigAlg)), PublicKeyAlgorithm: num(pk.alg), PublicKey: pk.key,
    Version: num(version + 1), SerialNumber: big(serial.body), Issuer: pkixName(issuer), Subject: pkixName(subject),
    NotBefore: derTime(notBefore!), NotAfter: derTime(notAfter!),
    ...ext,
    URIStrings: uris.length ? uris : null,
  };
  return out;
}

/** `x509.ParseCertificates`: concatenated DER certificates. */
function parseCertificatesDer(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < b.length;) {
    const r = readDer(b, at);
    out.push(Buffer.from(r.node.raw));
    at = r.end;
  }
  return out;
}

/** OPA's getX509CertsFromString: PEM text, base64 of PEM, or base64 of DER. */
function certsFromString(s: string): Buffer[] {
  const fromPem = (text: string): Buffer[] => {
    const ders: Buffer[] = [];
    for (const blk of pemBlocks(text)) {
      if (blk.type !== "CERTIFICATE") throw new BuiltinError(`PEM block type is '${blk.type}', expected CERTIFICATE`);
      ders.push(blk.bytes);
    }
    return parseCertificatesDer(Buffer.concat(ders));
  };
  if (s.startsWith("-----BEGIN")) return fromPem(s);
  const raw = base64StdDecode(s);
  if (!raw) throw new BuiltinError("illegal base64 data");
  if (raw.subarray(0, 10).toString("latin1") === "-----BEGIN") return fromPem(raw.toString("latin1"));
  return parseCertificatesDer(raw);
}

function certs(s: string): { der: Buffer; json: JsonObject }[] {
  const list = certsFromString(s).map((der) => ({ der, json: certificateJson(der) }));
  for (const c of list) {
    try { new X509Certificate(c.der); } catch (e) { throw new DerError(`x509: ${(e as Error).message}`); }
  }
  return list;
}

const parseCertificates: HostImpl = (args) => certs(stringArg(args, 0)).map((c) => c.json);

interface VerifyOptions { dnsName?: string; timeMs?: number; keyUsages?: number[] }

const KEY_USAGE_NAMES: Record<string, number> = {
  KeyUsageAny: 0, KeyUsageServerAuth: 1, KeyUsageClientAuth: 2, KeyUsageCodeSigning: 3, KeyUsageEmailProtection: 4,
  KeyUsageIPSECEndSystem: 5, KeyUsageIPSECTunnel: 6, KeyUsageIPSECUser: 7, KeyUsageTimeStamping: 8, KeyUsageOCSPSigning: 9,
  KeyUsageMicrosoftServerGatedCrypto: 10, KeyUsageNetscapeServerGatedCrypto: 11, KeyUsageMicrosoftCommercialCodeSigning: 12,
  KeyUsageMicrosoftKernelCodeSigning: 13,
};

/**
 * OPA's verifyX509CertificateChain: the first certificate is the root, the last the leaf, those
 * between intermediates; the chain leaf → root (indexes into `list`), or undefined when the leaf
 * does not verify (signatures, validity at the time, CA flags, DNS name, extended key usages).
 */
function verifyChain(list: { der: Buffer; json: JsonObject }[], o: VerifyOptions): number[] | undefined {
  if (list.length < 2) throw new BuiltinError("operand 1: must supply at least two certificates to be able to verify");
  const x = list.map((c) => new X509Certificate(c.der));
  const root = x[0]!;
  const now = o.timeMs ?? Date.now();
  const valid = (c: X509Certificate): boolean => Date.parse(c.validFrom) <= now && now <= Date.parse(c.validTo);
  const leafIndex = x.length - 1;
  const leaf = x[leafIndex]!;
  if (!valid(leaf)) return undefined;
  if (o.dnsName !== undefined && leaf.checkHost(o.dnsName) === undefined) return undefined;
  const usages = o.keyUsages ?? [1]; // Go: ServerAuth unless KeyUsages says otherwise
  const ekuOk = (i: number): boolean => {
    const eku = list[i]!.json["ExtKeyUsage"];
    if (!Array.isArray(eku)) return list[i]!.json["UnknownExtKeyUsage"] === null; // unrestricted
    const have = eku.map((e) => Number((e as RawNumber).text));
    return usages.includes(0) || have.includes(0) || usages.some((u) => have.includes(u));
  };
  const pool = x.slice(1, -1).map((c, i) => ({ c, i: i + 1 }));
  const chain: number[] = [leafIndex];
  let cur = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (cur.checkIssued(root) && cur.verify(root.publicKey) && valid(root) && (root.ca || root === cur)) {
      if (cur !== root) chain.push(0);
      return chain.every(ekuOk) ? chain : undefined;
    }
    const next = pool.find((p) => !chain.includes(p.i) && cur.checkIssued(p.c) && cur.verify(p.c.publicKey) && p.c.ca && valid(p.c));
    if (!next) return undefined;
    chain.push(next.i);
    cur = next.c;
  }
  return undefined;
}

/** `crypto.x509.parse_and_verify_certificates`: [true, chain leaf→root] or [false, []]. */
const parseAndVerify: HostImpl = (args) => {
  let list: { der: Buffer; json: JsonObject }[];
  try { list = certs(stringArg(args, 0)); } catch { return [false, []]; }
  const chain = verifyChain(list, {});
  return chain ? [true, chain.map((k) => list[k]!.json)] : [false, []];
};

/**
 * `crypto.x509.parse_and_verify_certificates_with_options(certs, options)`: options DNSName,
 * CurrentTime (ns), KeyUsages (names), MaxConstraintComparisons (accepted; name constraints are
 * not checked); the chain's certificates without OPA's `URIStrings`, as OPA returns them here.
 */
const parseAndVerifyWithOptions: HostImpl = (args) => {
  const input = stringArg(args, 0);
  const options = objectArg(args, 1);
  let list: { der: Buffer; json: JsonObject }[];
  try { list = certs(input); } catch { return [false, []]; }
  const o: VerifyOptions = {};
  for (const k of Object.keys(options)) {
    const v = options[k];
    if (k === "DNSName") {
      if (typeof v !== "string") throw new BuiltinError("'DNSName' should be a string");
      o.dnsName = v.replace(/^"+|"+$/g, "");
    } else if (k === "CurrentTime") {
      const n = intValue(v);
      if (!(v instanceof RawNumber)) throw new BuiltinError("'CurrentTime' should be a number");
      if (n === undefined) throw new BuiltinError("'CurrentTime' should be a valid int64 number");
      o.timeMs = Number(n / 1000000n);
    } else if (k === "MaxConstraintComparisons") {
      if (!(v instanceof RawNumber)) throw new BuiltinError("'MaxConstraintComparisons' should be a number");
      if (intValue(v) === undefined) throw new BuiltinError("'MaxConstraintComparisons' should be a valid number");
    } else if (k === "KeyUsages") {
      if (!Array.isArray(v)) throw new BuiltinError("'KeyUsages' should be an Array or Set");
      const invalid: string[] = [];
      o.keyUsages = [];
      for (const u of v) {
        if (typeof u !== "string") continue;
        const name = u.replace(/^"+|"+$/g, "");
        if (KEY_USAGE_NAMES[name] === undefined) invalid.push(name);
        else o.keyUsages.push(KEY_USAGE_NAMES[name]!);
      }
      if (invalid.length) throw new BuiltinError(`invalid entries for 'KeyUsages' found: [${invalid.join(" ")}]`);
      if (o.keyUsages.length === 0) delete o.keyUsages;
    } else throw new BuiltinError("invalid key option");
  }
  const chain = verifyChain(list, o);
  if (!chain) return [false, []];
  return [true, chain.map((k) => { const c = { ...list[k]!.json }; delete c["URIStrings"]; return c; })];
};

/** `crypto.x509.parse_certificate_request`: Go's JSON of an `x509.CertificateRequest`. */
const parseCertificateRequest: HostImpl = (args) => {
  const s = stringArg(args, 0);
  let bytes: Buffer;
  if (!s.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) {
    const d = base64StdDecode(s);
    if (!d) throw new BuiltinError("illegal base64 data");
    bytes = d;
  } else bytes = Buffer.from(s, "latin1");
  const p = pemDecode(bytes.toString("latin1"));
  if (p && p.block.type !== "CERTIFICATE REQUEST") throw new BuiltinError("invalid PEM-encoded certificate signing request");
  if (p) bytes = p.block.bytes;
  const [info, sigAlg, sig] = children(readDer(bytes).node);
  if (!info || !sigAlg || !sig || sig.tag !== 3) throw new DerError("x509: malformed certificate request");
  const [version, subject, spki, attrs] = children(info);
  if (!version || !subject || !spki) throw new DerError("x509: malformed certificate request");
  let exts: Der[] | undefined;
  const attributes: Json[] = [];
  if (attrs && attrs.cls === 2 && attrs.tag === 0) {
    for (const a of children(attrs)) {
      const [oid, set] = children(a);
      if (!oid || !set) continue;
      if (oidText(oid) === "1.2.840.113549.1.9.14") exts = children(children(set)[0]!);
    }
  }
  const pk = publicKeyJson(spki.raw);
  const ext = extensionFields(exts);
  const uris = (ext as Record<string, unknown>)["__uris"] as string[];
  return {
    Raw: b64(bytes), RawTBSCertificateRequest: b64(info.raw), RawSubjectPublicKeyInfo: b64(spki.raw), RawSubject: b64(subject.raw),
    Version: num(Number(bigOf(version.body))), Signature: b64(sig.body.subarray(1)), SignatureAlgorithm: num(signatureAlgorithm(sigAlg)),
    PublicKeyAlgorithm: num(pk.alg), PublicKey: pk.key, Subject: pkixName(subject), Attributes: attributes.length ? attributes : null,
    Extensions: ext["Extensions"] ?? null, ExtraExtensions: null, DNSNames: ext["DNSNames"] ?? null,
    EmailAddresses: ext["EmailAddresses"] ?? null, IPAddresses: ext["IPAddresses"] ?? null,
    URIs: uris.length ? uris.map(urlJson) : null,
  };
};

// ─── private keys ───────────────────────────────────────────────────────────────────────────

/** Go's JSON of a private key: *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey (base64). */
function privateKeyJson(k: KeyObject): Json {
  const j = k.export({ format: "jwk" }) as Record<string, unknown>;
  if (j["kty"] === "RSA") {
    return {
      N: jwkBig(j["n"]), E: jwkBig(j["e"]), D: jwkBig(j["d"]), Primes: [jwkBig(j["p"]), jwkBig(j["q"])],
      Precomputed: { Dp: jwkBig(j["dp"]), Dq: jwkBig(j["dq"]), Qinv: jwkBig(j["qi"]), CRTValues: [] },
    };
  }
  if (j["kty"] === "EC") return { Curve: {}, X: jwkBig(j["x"]), Y: jwkBig(j["y"]), D: jwkBig(j["d"]) };
  if (j["kty"] === "OKP" && j["crv"] === "Ed25519") {
    return Buffer.concat([Buffer.from(String(j["d"]), "base64url"), Buffer.from(String(j["x"]), "base64url")]).toString("base64");
  }
  throw new BuiltinError("x509: unsupported private key type");
}

/** OPA's getPrivateKeysFromPEMData: RSA PRIVATE KEY, PRIVATE KEY (PKCS #8) and EC PRIVATE KEY blocks. */
function privateKeys(text: string): KeyObject[] {
  const decoded = base64StdDecode(text);
  const pemText = decoded ? decoded.toString("latin1") : text;
  const out: KeyObject[] = [];
  for (const blk of pemBlocks(pemText)) {
    const type = blk.type === "RSA PRIVATE KEY" ? "pkcs1" : blk.type === "PRIVATE KEY" ? "pkcs8" : blk.type === "EC PRIVATE KEY" ? "sec1" : undefined;
    if (!type) continue;
    try { out.push(createPrivateKey({ key: blk.bytes, format: "der", type })); } catch (e) {
      throw new BuiltinError(`x509: failed to parse private key: ${(e as Error).message}`);
    }
  }
  return out;
}

const parsePrivateKeys: HostImpl = (args) => {
  const s = stringArg(args, 0);
  if (s === "") return null;
  return privateKeys(s).map(privateKeyJson);
};

/** `crypto.x509.parse_rsa_private_key`: the first private key of the PEM as a JWK. */
const parseRsaPrivateKey: HostImpl = (args) => {
  let s = stringArg(args, 0);
  if (s === "") throw new BuiltinError("input PEM data was empty");
  if (!s.startsWith("-----BEGIN")) {
    const d = base64StdDecode(s);
    if (!d) throw new BuiltinError("illegal base64 data");
    s = d.toString("latin1");
  }
  const keys = privateKeys(s);
  if (keys.length === 0) return null;
  const j = keys[0]!.export({ format: "jwk" }) as Record<string, string>;
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const k of Object.keys(j).sort()) out[k] = j[k]!;
  return out;
};

/** `crypto.x509.parse_keypair(cert, key)`: Go's JSON of the `tls.Certificate` of a matching pair. */
const parseKeypair: HostImpl = (args) => {
  const decode = (s: string, type: string): string => {
    let t = s;
    if (!t.startsWith("-----BEGIN ")) {
      const d = base64StdDecode(t);
      if (!d) throw new BuiltinError("illegal base64 data");
      t = d.toString("latin1");
      if (!t.startsWith("-----BEGIN ")) t = `-----BEGIN ${type}-----\n${d.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${type}-----\n`;
    }
    return t;
  };
  const certText = decode(stringArg(args, 0), "CERTIFICATE");
  const keyText = decode(stringArg(args, 1), "PRIVATE KEY");
  const ders = pemBlocks(certText).filter((b) => b.type === "CERTIFICATE").map((b) => b.bytes);
  if (ders.length === 0) throw new BuiltinError("tls: failed to find any PEM data in certificate input");
  const keyBlock = pemBlocks(keyText).find((b) => b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY"));
  if (!keyBlock) throw new BuiltinError("tls: failed to find any PEM data in key input");
  const key = privateKeys(`-----BEGIN ${keyBlock.type}-----\n${keyBlock.bytes.toString("base64")}\n-----END ${keyBlock.type}-----\n`)[0];
  if (!key) throw new BuiltinError("tls: failed to parse private key");
  const leaf = new X509Certificate(ders[0]!);
  if (!leaf.checkPrivateKey(key)) throw new BuiltinError("tls: private key does not match public key");
  return {
    Certificate: ders.map(b64), PrivateKey: privateKeyJson(key), SupportedSignatureAlgorithms: null,
    OCSPStaple: null, SignedCertificateTimestamps: null, Leaf: certificateJson(ders[0]!),
  };
};

export const X509_BUILTINS: ReadonlyMap<string, HostImpl> = new Map<string, HostImpl>([
  ["crypto.x509.parse_certificates", parseCertificates],
  ["crypto.x509.parse_and_verify_certificates", parseAndVerify],
  ["crypto.x509.parse_and_verify_certificates_with_options", parseAndVerifyWithOptions],
  ["crypto.x509.parse_certificate_request", parseCertificateRequest],
  ["crypto.x509.parse_keypair", parseKeypair],
  ["crypto.x509.parse_rsa_private_key", parseRsaPrivateKey],
  ["crypto.parse_private_keys", parsePrivateKeys],
]);
