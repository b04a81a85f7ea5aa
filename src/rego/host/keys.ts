/**
 * Keys as OPA reads them: PEM blocks (Go's `encoding/pem`), certificates and public keys
 * (`crypto/x509`), JWKs and JWK sets (lestrrat-go/jwx), base64url as OPA's `base64url.decode`.
 */
import { createPrivateKey, createPublicKey, createSecretKey, X509Certificate, type KeyObject } from "node:crypto";
import { BuiltinError } from "./util.js";
import { isObject, parseJson, stringifyJson, type Json, type JsonObject } from "./json.js";

/** OPA's `base64url.decode`: padding optional (added per RFC 7515 appendix C), URL alphabet only. */
export function base64urlDecode(s: string): Buffer {
  let t = s.replace(/[\r\n]/g, "");
  if (!t.endsWith("=")) {
    const r = t.length % 4;
    if (r === 1) throw new BuiltinError(`illegal base64url string: ${s}`);
    if (r === 2) t += "==";
    else if (r === 3) t += "=";
  }
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9_-]*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/.test(t)) {
    throw new BuiltinError(`illegal base64 data at input byte ${Math.max(0, t.search(/[^A-Za-z0-9_-]/))}`);
  }
  return Buffer.from(t.replace(/=+$/, ""), "base64url");
}

export function base64urlEncode(b: Buffer | string): string {
  return (typeof b === "string" ? Buffer.from(b, "utf8") : b).toString("base64url");
}

/** Standard base64 as Go's `StdEncoding` (padding required); undefined when invalid. */
export function base64StdDecode(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, "");
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return Buffer.from(t, "base64");
}

export interface PemBlock { readonly type: string; readonly bytes: Buffer }

/** Go's `pem.Decode`: the first block, and the text after it (undefined when there is none). */
export function pemDecode(text: string): { block: PemBlock; rest: string } | undefined {
  let from = 0;
  for (;;) {
    const at = text.indexOf("-----BEGIN ", from);
    if (at < 0) return undefined;
    from = at + 1;
    if (at > 0 && text[at - 1] !== "\n") continue;
    const typeEnd = text.indexOf("-----", at + 11);
    const nl = text.indexOf("\n", at);
    if (typeEnd < 0 || (nl >= 0 && typeEnd > nl)) continue;
    const type = text.slice(at + 11, typeEnd);
    const bodyStart = nl < 0 ? text.length : nl + 1;
    const endMarker = `-----END ${type}-----`;
    const end = text.indexOf(endMarker, bodyStart);
    if (end < 0 || (end > bodyStart && text[end - 1] !== "\n")) continue;
    let body = text.slice(bodyStart, end);
    // RFC 1421 headers ("Proc-Type: …") end at an empty line
    if (/^[^\n:]*:/.test(body)) {
      const blank = body.search(/\r?\n\r?\n/);
      if (blank < 0) continue;
      body = body.slice(blank).trimStart();
    }
    const b64 = body.replace(/[ \t\r\n]/g, "");
    if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) continue;
    let after = end + endMarker.length;
    const lineEnd = text.indexOf("\n", after);
    const tail = lineEnd < 0 ? text.slice(after) : text.slice(after, lineEnd);
    if (tail.trim() !== "") continue;
    after = lineEnd < 0 ? text.length : lineEnd + 1;
    return { block: { type, bytes: Buffer.from(b64, "base64") }, rest: text.slice(after) };
  }
}

/** Every PEM block of a text, in order (Go loops over `pem.Decode` until none is left). */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  let rest = text;
  for (;;) {
    const d = pemDecode(rest);
    if (!d) return out;
    out.push(d.block);
    rest = d.rest;
  }
}

/** A key of a JWK set or a PEM: the key, and the set's `alg` and `kid` of it (empty for a PEM). */
export interface VerificationKey {
  readonly alg: string;
  readonly kid: string;
  /** A public or private asymmetric key, or a secret (kty "oct"). */
  readonly key: KeyObject;
}

const TOKEN_ALGORITHMS = new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA"]);
export function knownAlgorithm(alg: string): boolean { return TOKEN_ALGORITHMS.has(alg); }

/** One JWK → a node key (jwx's `jwk.Export`). */
export function jwkKey(j: JsonObject): KeyObject {
  const kty = j["kty"];
  if (typeof kty !== "string") throw new BuiltinError("failed to parse a JWK key (set): invalid key type");
  const plain = JSON.parse(stringifyJson(j)) as Record<string, unknown>;
  try {
    if (kty === "oct") {
      if (typeof plain["k"] !== "string") throw new Error("missing k");
      return createSecretKey(base64urlDecode(plain["k"]));
    }
    if (plain["d"] !== undefined) return createPrivateKey({ key: plain as never, format: "jwk" });
    return createPublicKey({ key: plain as never, format: "jwk" });
  } catch (e) {
    throw new BuiltinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
}

/** `jwk.Parse`: a JWK set (`{"keys": […]}`) or one JWK → its keys. */
export function parseJwks(text: string): { keys: JsonObject[] } {
  let v: Json;
  try { v = parseJson(text); } catch { throw new BuiltinError("failed to parse a JWK key (set): invalid JSON"); }
  if (!isObject(v)) throw new BuiltinError("failed to parse a JWK key (set): not an object");
  const keys = v["keys"];
  if (keys !== undefined) {
    if (!Array.isArray(keys)) throw new BuiltinError("failed to parse a JWK key (set): keys must be an array");
    return { keys: keys.map((k) => { if (!isObject(k)) throw new BuiltinError("failed to parse a JWK key (set): invalid key"); return k; }) };
  }
  return { keys: [v] };
}

/** OPA's `getKeysFromCertOrJWK`: a PEM certificate or public key, else a JWK (set). */
export function keysFromCertOrJwk(text: string): VerificationKey[] {
  const d = pemDecode(text);
  if (d) {
    if (d.rest.length > 0) throw new BuiltinError("extra data after a PEM certificate block");
    if (d.block.type === "CERTIFICATE") {
      try { return [{ alg: "", kid: "", key: new X509Certificate(d.block.bytes).publicKey }]; } catch (e) {
        throw new BuiltinError(`failed to parse a PEM certificate: ${(e as Error).message}`);
      }
    }
    if (d.block.type === "PUBLIC KEY") {
      try { return [{ alg: "", kid: "", key: createPublicKey({ key: d.block.bytes, format: "der", type: "spki" }) }]; } catch (e) {
        throw new BuiltinError(`failed to parse a PEM public key: ${(e as Error).message}`);
      }
    }
    throw new BuiltinError("failed to extract a Key from the PEM certificate");
  }
  const out: VerificationKey[] = [];
  for (const j of parseJwks(text).keys) {
    const key = jwkKey(j);
    const alg = typeof j["alg"] === "string" ? j["alg"] : "";
    if (alg !== "" && !TOKEN_ALGORITHMS.has(alg)) continue;
    out.push({ alg, kid: typeof j["kid"] === "string" ? j["kid"] : "", key });
  }
  return out;
}
