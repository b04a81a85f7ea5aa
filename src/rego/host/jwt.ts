/**
 * `io.jwt.verify_*`, `io.jwt.decode_verify`, `io.jwt.encode_sign(_raw)` as OPA's topdown
 * (tokens.go) runs them, over node:crypto. Errors are `BuiltinError`s (undefined in Gatekeeper).
 */
import { createHmac, createPublicKey, sign as cryptoSign, verify as cryptoVerify, timingSafeEqual, constants, type KeyObject } from "node:crypto";
import { BuiltinError, objectArg, stringArg, type HostImpl } from "./util.js";
import { goJson, isObject, parseJson, RawNumber, type Json, type JsonObject } from "./json.js";
import { base64urlDecode, base64urlEncode, jwkKey, keysFromCertOrJwk, knownAlgorithm, parseJwks, type VerificationKey } from "./keys.js";

interface Token { header: string; payload: string; signature: string }

function decodeJwt(v: Json | undefined): Token {
  if (typeof v !== "string") throw new BuiltinError("operand 1 must be string");
  if (!v.includes(".")) throw new BuiltinError("encoded JWT had no period separators");
  const parts = v.split(".");
  if (parts.length !== 3) throw new BuiltinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

function jsonObject(text: string): JsonObject {
  let v: Json;
  try { v = parseJson(text); } catch (e) { throw new BuiltinError(`invalid JSON: ${(e as Error).message}`); }
  if (!isObject(v)) throw new BuiltinError("decoded JSON type was not an Object");
  return v;
}

function decodeHeader(t: Token): JsonObject {
  const h = jsonObject(base64urlDecode(t.header).toString("utf8"));
  if (h["enc"] !== undefined) throw new BuiltinError("JWT is a JWE object, which is not supported");
  return h;
}

interface Header { alg: string; kid: string; cty: string; crit?: Set<string>; unknown: string[] }

function parseHeader(h: JsonObject): Header {
  const out: Header = { alg: "", kid: "", cty: "", unknown: [] };
  for (const k of Object.keys(h)) {
    const v = h[k];
    if (k === "alg" || k === "kid" || k === "typ" || k === "cty") {
      if (typeof v !== "string") throw new BuiltinError(`${k}: must be a string`);
      if (k !== "typ") out[k] = v;
    } else if (k === "crit") {
      if (!Array.isArray(v)) throw new BuiltinError("crit: must be a list");
      const crit = new Set<string>();
      for (const e of v) {
        if (typeof e !== "string") throw new BuiltinError("crit: must be a list of strings");
        crit.add(e);
      }
      if (crit.size === 0) throw new BuiltinError("crit: must be a nonempty list");
      out.crit = crit;
    } else out.unknown.push(k);
  }
  return out;
}

const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** DER of an ECDSA signature from r‖s split in the middle, as OPA's verifyES does. */
function ecdsaDer(sig: Buffer): Buffer {
  const n = sig.length >> 1;
  const int = (b: Buffer): Buffer => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let x = b.subarray(i);
    if (x.length === 0) x = Buffer.from([0]);
    if (x[0]! & 0x80) x = Buffer.concat([Buffer.from([0]), x]);
    return Buffer.concat([Buffer.from([0x02]), derLength(x.length), x]);
  };
  const body = Buffer.concat([int(sig.subarray(0, n)), int(sig.subarray(n))]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}

function publicOf(k: KeyObject): KeyObject {
  return k.type === "private" ? createPublicKey(k) : k;
}

/**
 * Verify `data` with `key` for JWS algorithm `alg` (jwsbb.Verify; also the verify_* builtins).
 * `strictKeys`: a private key is the wrong key type (OPA's verify_* type-assert public keys).
 */
function verifySignature(key: KeyObject, alg: string, data: Buffer, sig: Buffer, strictKeys: boolean): boolean {
  try {
    const fam = alg.slice(0, 2);
    if (alg.startsWith("HS")) {
      if (key.type !== "secret") return false;
      const mac = createHmac(HASH[alg.slice(2)] ?? "", key.export()).update(data).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    if (key.type === "secret" || (strictKeys && key.type === "private")) return false;
    const pub = publicOf(key);
    const kt = pub.asymmetricKeyType;
    if (alg === "EdDSA") return kt === "ed25519" && cryptoVerify(null, data, pub, sig);
    const hash = HASH[alg.slice(2)];
    if (!hash) return false;
    if (fam === "RS") return kt === "rsa" && cryptoVerify(hash, data, { key: pub, padding: constants.RSA_PKCS1_PADDING }, sig);
    if (fam === "PS") {
      return (kt === "rsa" || kt === "rsa-pss") && cryptoVerify(hash, data, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    }
    if (fam === "ES") {
      if (kt !== "ec") return false;
      if (strictKeys) return sig.length > 0 && cryptoVerify(hash, data, { key: pub, dsaEncoding: "der" }, ecdsaDer(sig));
      return cryptoVerify(hash, data, { key: pub, dsaEncoding: "ieee-p1363" }, sig);
    }
    return false;
  } catch {
    return false;
  }
}

/** `io.jwt.verify_<alg>(jwt, certificate)` for the asymmetric algorithms. */
const verifyAsymmetric = (alg: string): HostImpl => (args) => {
  const token = decodeJwt(args[0]);
  const keys = keysFromCertOrJwk(stringArg(args, 1));
  const signature = base64urlDecode(token.signature);
  const header = parseHeader(decodeHeader(token));
  const data = Buffer.from(`${token.header}.${token.payload}`, "utf8");
  if (header.kid !== "") {
    const k = keys.find((x) => x.kid === header.kid);
    if (k) return verifySignature(k.key, alg, data, signature, true);
  }
  for (const k of keys) {
    if (k.alg !== "" && k.alg !== header.alg) continue;
    if (verifySignature(k.key, alg, data, signature, true)) return true;
  }
  return false;
};

/** `io.jwt.verify_hs<n>(jwt, secret)`. */
const verifyHs = (bits: string): HostImpl => (args) => {
  const jwt = stringArg(args, 0);
  const secret = stringArg(args, 1);
  const token = decodeJwt(jwt);
  const mac = createHmac(HASH[bits]!, Buffer.from(secret, "utf8")).update(`${token.header}.${token.payload}`, "utf8").digest();
  const sig = base64urlDecode(token.signature);
  return mac.length === sig.length && timingSafeEqual(mac, sig);
};

interface Constraints { keys?: VerificationKey[]; secret: string; alg: string; iss: string; aud: string; time: number }

function timeFrom(v: Json | undefined): number {
  if (!(v instanceof RawNumber)) throw new BuiltinError("token time constraint: must be a number");
  const t = v.value;
  if (!Number.isFinite(t)) throw new BuiltinError("token time constraint: unvalid float64");
  if (t < 0) throw new BuiltinError("token time constraint: must not be negative");
  return t;
}

function parseConstraints(o: JsonObject, now: Json | undefined): Constraints {
  const c: Constraints = { secret: "", alg: "", iss: "", aud: "", time: -1 };
  for (const k of Object.keys(o).sort()) {
    const v = o[k];
    switch (k) {
      case "cert":
        if (typeof v !== "string") throw new BuiltinError("cert constraint: must be a string");
        c.keys = keysFromCertOrJwk(v);
        break;
      case "secret": case "alg": case "iss": case "aud":
        if (typeof v !== "string") throw new BuiltinError(`${k} constraint: must be a string`);
        c[k] = v;
        break;
      case "time":
        c.time = timeFrom(v);
        break;
      default:
        throw new BuiltinError(`unknown token validation constraint: ${k}`);
    }
  }
  if (c.time === -1) c.time = timeFrom(now);
  const n = (c.keys !== undefined ? 1 : 0) + (c.secret !== "" ? 1 : 0);
  if (n > 1) throw new BuiltinError("duplicate key constraints");
  if (n < 1) throw new BuiltinError("no key constraint");
  return c;
}

function constraintsVerify(c: Constraints, kid: string, alg: string, t: Token, sig: Buffer): boolean {
  const data = Buffer.from(`${t.header}.${t.payload}`, "utf8");
  if (c.keys !== undefined) {
    if (kid !== "") {
      const k = c.keys.find((x) => x.kid === kid);
      if (k) return verifySignature(k.key, alg, data, sig, false);
    }
    return c.keys.some((k) => (k.alg === "" || k.alg === alg) && verifySignature(k.key, alg, data, sig, false));
  }
  return verifySignature(secretKey(c.secret), alg, data, sig, false);
}

function secretKey(s: string): KeyObject {
  return jwkKey({ kty: "oct", k: base64urlEncode(s) });
}

/** Decimal value of a JSON number for comparisons with the clock. */
function numberOf(v: RawNumber): number { return Number(v.text); }

/** `io.jwt.decode_verify(jwt, constraints)`; the emitter passes the evaluation's `time.now_ns()` third. */
const decodeVerify: HostImpl = (args) => {
  let a: Json | undefined = args[0];
  const o = objectArg(args, 1);
  const unverified: Json = [false, Object.create(null) as JsonObject, Object.create(null) as JsonObject];
  const c = parseConstraints(o, args[2]);
  let token: Token;
  let p: string;
  for (;;) {
    token = decodeJwt(a);
    const h = parseHeader(decodeHeader(token));
    if (h.alg === "" || h.unknown.some((u) => h.crit?.has(u))) return unverified;
    if (c.alg !== "" && c.alg !== h.alg) return unverified;
    const sig = base64urlDecode(token.signature);
    if (!constraintsVerify(c, h.kid, h.alg, token, sig)) return unverified;
    p = base64urlDecode(token.payload).toString("utf8");
    if (h.cty.toLowerCase() === "jwt") { a = p; continue; }
    break;
  }
  const payload = jsonObject(p);
  const header = decodeHeader(token);
  if (c.iss !== "") {
    const iss = payload["iss"];
    if (iss === undefined) return unverified;
    if (typeof iss !== "string") throw new BuiltinError("iss value must be a string");
    if (iss !== c.iss) return unverified;
  }
  const aud = payload["aud"];
  if (aud !== undefined) {
    const ok = typeof aud === "string" ? aud === c.aud : Array.isArray(aud) && aud.some((e) => typeof e === "string" && e === c.aud);
    if (!ok) return unverified;
  } else if (c.aud !== "") return unverified;
  const now = c.time / 1e9;
  const exp = payload["exp"];
  if (exp !== undefined) {
    if (!(exp instanceof RawNumber)) throw new BuiltinError("exp value must be a number");
    if (!(now < numberOf(exp))) return unverified;
  }
  const nbf = payload["nbf"];
  if (nbf !== undefined) {
    if (!(nbf instanceof RawNumber)) throw new BuiltinError("nbf value must be a number");
    if (now < numberOf(nbf)) return unverified;
  }
  return [true, header, payload];
};

/** jwsbb.Sign: the signature of `data` with the first key of the JWK (set) for `alg`. */
function signWith(jwk: JsonObject, alg: string, data: Buffer): Buffer {
  const key = jwkKey(jwk);
  const bits = HASH[alg.slice(2)];
  if (alg.startsWith("HS")) {
    if (key.type !== "secret") throw new BuiltinError(`failed to sign: invalid key type for ${alg}`);
    return createHmac(bits!, key.export()).update(data).digest();
  }
  if (key.type !== "private") throw new BuiltinError(`failed to sign: ${alg} needs a private key`);
  const kt = key.asymmetricKeyType;
  if (alg === "EdDSA") {
    if (kt !== "ed25519") throw new BuiltinError("failed to sign: EdDSA needs an Ed25519 key");
    return cryptoSign(null, data, key);
  }
  const fam = alg.slice(0, 2);
  if ((fam === "RS" || fam === "PS") && kt !== "rsa") throw new BuiltinError(`failed to sign: ${alg} needs an RSA key`);
  if (fam === "ES" && kt !== "ec") throw new BuiltinError(`failed to sign: ${alg} needs an EC key`);
  if (fam === "RS") return cryptoSign(bits!, data, { key, padding: constants.RSA_PKCS1_PADDING });
  if (fam === "PS") return cryptoSign(bits!, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return cryptoSign(bits!, data, { key, dsaEncoding: "ieee-p1363" });
}

function isJson(text: string): boolean {
  try { parseJson(text); return true; } catch { return false; }
}

function encodeSign(headerText: string, payloadText: string, jwkText: string): string {
  const { keys } = parseJwks(jwkText);
  if (keys.length === 0) throw new BuiltinError("no keys found in JWK set");
  let headers: Json;
  try { headers = parseJson(headerText); } catch { headers = null; }
  const alg = isObject(headers) ? headers["alg"] : undefined;
  if (typeof alg !== "string") throw new BuiltinError("missing or invalid 'alg' header");
  if (!knownAlgorithm(alg)) throw new BuiltinError(`unknown JWS algorithm: ${alg}`);
  const typ = isObject(headers) ? headers["typ"] : undefined;
  if ((typeof typ !== "string" || typ === "JWT") && !isJson(payloadText)) throw new BuiltinError("type is JWT but payload is not JSON");
  const signingInput = `${base64urlEncode(headerText)}.${base64urlEncode(payloadText)}`;
  const sig = signWith(keys[0]!, alg, Buffer.from(signingInput, "utf8"));
  return `${signingInput}.${base64urlEncode(sig)}`;
}

const encodeSignRaw: HostImpl = (args) => {
  const jwk = stringArg(args, 2);
  return encodeSign(stringArg(args, 0), stringArg(args, 1), jwk);
};

const encodeSignObjects: HostImpl = (args) => encodeSign(goJson(args[0]!), goJson(args[1]!), goJson(args[2]!));

export const JWT_BUILTINS: ReadonlyMap<string, HostImpl> = new Map<string, HostImpl>([
  ...["rs256", "rs384", "rs512", "ps256", "ps384", "ps512", "es256", "es384", "es512"].map(
    (a): [string, HostImpl] => [`io.jwt.verify_${a}`, verifyAsymmetric(a.toUpperCase())]),
  ["io.jwt.verify_eddsa", verifyAsymmetric("EdDSA")],
  ["io.jwt.verify_hs256", verifyHs("256")],
  ["io.jwt.verify_hs384", verifyHs("384")],
  ["io.jwt.verify_hs512", verifyHs("512")],
  ["io.jwt.decode_verify", decodeVerify],
  ["io.jwt.encode_sign", encodeSignObjects],
  ["io.jwt.encode_sign_raw", encodeSignRaw],
]);
