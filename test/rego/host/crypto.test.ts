/**
 * Hashes, HMACs, UUIDs and JWTs as host builtins. Expected values: RFC 1321 / FIPS 180 test
 * vectors, RFC 4231 (HMAC-SHA), RFC 7515 appendix A.1 (a JWS signed with HS256), and tokens this
 * test signs with keys it generates.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { evalRego } from "./harness.js";

test("crypto.md5 / sha1 / sha256 of the UTF-8 bytes, hex", async () => {
  const r = await evalRego(`
md5 := crypto.md5("abc")
sha1 := crypto.sha1("abc")
sha256 := crypto.sha256("abc")
empty := crypto.sha256("")
utf8 := crypto.md5("é")
`);
  assert.equal(r, {
    md5: "900150983cd24fb0d6963f7d28e17f72",
    sha1: "a9993e364706816aba3e25717850c26c9cd0d89d",
    sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    empty: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    utf8: "66ddcd97cfdeabb2f6fb8a999b4bc76f",
  });
});

test("crypto.hmac.* (RFC 4231 test case 2) and crypto.hmac.equal", async () => {
  const r = await evalRego(`
msg := "what do ya want for nothing?"
md5 := crypto.hmac.md5(msg, "Jefe")
sha1 := crypto.hmac.sha1(msg, "Jefe")
sha256 := crypto.hmac.sha256(msg, "Jefe")
sha512 := crypto.hmac.sha512(msg, "Jefe")
eq := crypto.hmac.equal(sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
ne := crypto.hmac.equal(sha256, "5bdcc146")
`);
  assert.is(r.md5, "750c783e6ab0b503eaa86e310a5db738");
  assert.is(r.sha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  assert.is(r.sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  assert.is(r.sha512, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  assert.is(r.eq, true);
  assert.is(r.ne, false);
});

test("uuid.parse: version 1 fields, version 4, the forms google/uuid accepts, and undefined otherwise", async () => {
  const r = await evalRego(`
v1 := uuid.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
v4 := uuid.parse("{F47AC10B-58CC-4372-A567-0E02B2C3D479}")
urn := uuid.parse("urn:uuid:f47ac10b-58cc-4372-a567-0e02b2c3d479")
bad := x if { x := uuid.parse("f47ac10b-58cc-4372-a567") } else := "undefined"
`);
  // 6ba7b810-… is RFC 4122's DNS namespace UUID: 1998-02-04T22:13:53.151182Z
  assert.equal(r.v1, {
    clocksequence: 180, macvariables: "global:unicast", nodeid: "00-c0-4f-d4-30-c8",
    time: 886630433151182400, variant: "RFC4122", version: 1, // 1998-02-04T22:13:53.1511824Z
  });
  assert.equal(r.v4, { variant: "RFC4122", version: 4 });
  assert.equal(r.urn, { variant: "RFC4122", version: 4 });
  assert.is(r.bad, "undefined");
});

const SECRET = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

test("io.jwt.encode_sign_raw gives RFC 7515 A.1's token; verify_hs256 and decode_verify check HMACs", async () => {
  const r = await evalRego(`
tok := io.jwt.encode_sign_raw(
  "{\\"typ\\":\\"JWT\\",\\r\\n \\"alg\\":\\"HS256\\"}",
  "{\\"iss\\":\\"joe\\",\\r\\n \\"exp\\":1300819380,\\r\\n \\"http://example.com/is_root\\":true}",
  "{\\"kty\\":\\"oct\\",\\"k\\":\\"${SECRET}\\"}")
mine := io.jwt.encode_sign({"typ": "JWT", "alg": "HS256"}, {"iss": "joe", "exp": 1300819380}, {"kty": "oct", "k": base64url.encode_no_pad("s3cret")})
ok := io.jwt.verify_hs256(mine, "s3cret")
wrong := io.jwt.verify_hs256(mine, "other")
hs512 := io.jwt.verify_hs512(mine, "s3cret")
valid := io.jwt.decode_verify(mine, {"secret": "s3cret", "time": 1300819379000000000, "iss": "joe"})
expired := io.jwt.decode_verify(mine, {"secret": "s3cret", "time": 1300819380000000000})
`);
  assert.is(r.tok, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  assert.is(r.ok, true);
  assert.is(r.wrong, false);
  assert.is(r.hs512, false);
  assert.equal(r.valid, [true, { alg: "HS256", typ: "JWT" }, { exp: 1300819380, iss: "joe" }]);
  assert.equal(r.expired, [false, {}, {}]);
});

interface Pair { name: string; alg: string; verify: string; priv: KeyObject; pub: KeyObject }

function pairs(): Pair[] {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const ed = generateKeyPairSync("ed25519");
  return [
    { name: "rs256", alg: "RS256", verify: "io.jwt.verify_rs256", priv: rsa.privateKey, pub: rsa.publicKey },
    { name: "ps384", alg: "PS384", verify: "io.jwt.verify_ps384", priv: rsa.privateKey, pub: rsa.publicKey },
    { name: "rs512", alg: "RS512", verify: "io.jwt.verify_rs512", priv: rsa.privateKey, pub: rsa.publicKey },
    { name: "es256", alg: "ES256", verify: "io.jwt.verify_es256", priv: p256.privateKey, pub: p256.publicKey },
    { name: "es384", alg: "ES384", verify: "io.jwt.verify_es384", priv: p384.privateKey, pub: p384.publicKey },
    { name: "eddsa", alg: "EdDSA", verify: "io.jwt.verify_eddsa", priv: ed.privateKey, pub: ed.publicKey },
  ];
}

test("io.jwt.encode_sign with RSA, RSA-PSS, ECDSA and Ed25519 JWKs; verify_* with a PEM key and a JWK set", async () => {
  for (const k of pairs()) {
    const jwk = JSON.stringify(k.priv.export({ format: "jwk" }));
    const pem = String(k.pub.export({ format: "pem", type: "spki" }));
    const jwks = JSON.stringify({ keys: [{ ...k.pub.export({ format: "jwk" }), kid: "k1" }] });
    const other = generateKeyPairSync("ed25519").publicKey.export({ format: "pem", type: "spki" });
    const r = await evalRego(`
tok := io.jwt.encode_sign({"alg": "${k.alg}", "typ": "JWT", "kid": "k1"}, {"sub": "alice", "n": 1}, json.unmarshal(input.jwk))
pem := ${k.verify}(tok, input.pem)
jwks := ${k.verify}(tok, input.jwks)
wrong_key := ${k.verify}(tok, input.other)
tampered := ${k.verify}(concat(".", [split(tok, ".")[0], base64url.encode_no_pad("{\\"sub\\":\\"bob\\"}"), split(tok, ".")[2]]), input.pem)
decoded := io.jwt.decode_verify(tok, {"cert": input.pem, "alg": "${k.alg}"})
wrong_alg := io.jwt.decode_verify(tok, {"cert": input.pem, "alg": "HS256"})
`, { jwk, pem, jwks, other });
    assert.is(r.pem, true, `${k.name}: PEM`);
    assert.is(r.jwks, true, `${k.name}: JWKS`);
    assert.is(r.wrong_key, false, `${k.name}: wrong key`);
    assert.is(r.tampered, false, `${k.name}: tampered payload`);
    assert.equal(r.decoded, [true, { alg: k.alg, kid: "k1", typ: "JWT" }, { n: 1, sub: "alice" }], `${k.name}: decode_verify`);
    assert.equal(r.wrong_alg, [false, {}, {}], `${k.name}: alg constraint`);
  }
});

test("io.jwt.decode_verify: exp, nbf, iss, aud constraints and the evaluation's clock", async () => {
  const r = await evalRego(`
key := {"kty": "oct", "k": base64url.encode_no_pad("s3cret")}
now := time.now_ns() / 1000000000
tok(claims) := io.jwt.encode_sign({"alg": "HS256"}, claims, key)
c := {"secret": "s3cret"}
live := io.jwt.decode_verify(tok({"exp": now + 3600}), c)[0]
dead := io.jwt.decode_verify(tok({"exp": now - 3600}), c)[0]
early := io.jwt.decode_verify(tok({"nbf": now + 3600}), c)[0]
iss_ok := io.jwt.decode_verify(tok({"iss": "me"}), object.union(c, {"iss": "me"}))[0]
iss_bad := io.jwt.decode_verify(tok({"iss": "you"}), object.union(c, {"iss": "me"}))[0]
iss_missing := io.jwt.decode_verify(tok({}), object.union(c, {"iss": "me"}))[0]
aud_list := io.jwt.decode_verify(tok({"aud": ["a", "b"]}), object.union(c, {"aud": "b"}))[0]
aud_unwanted := io.jwt.decode_verify(tok({"aud": "a"}), c)[0]
aud_missing := io.jwt.decode_verify(tok({}), object.union(c, {"aud": "a"}))[0]
bad_exp := x if { x := io.jwt.decode_verify(tok({"exp": "soon"}), c) } else := "undefined"
no_key := x if { x := io.jwt.decode_verify(tok({}), {}) } else := "undefined"
unknown := x if { x := io.jwt.decode_verify(tok({}), {"secret": "s3cret", "foo": 1}) } else := "undefined"
`);
  assert.equal(r, {
    ...r,
    live: true, dead: false, early: false, iss_ok: true, iss_bad: false, iss_missing: false,
    aud_list: true, aud_unwanted: false, aud_missing: false, bad_exp: "undefined", no_key: "undefined", unknown: "undefined",
  });
});

test("io.jwt.encode_sign errors: unknown alg, a public key, a non-JSON payload of a JWT", async () => {
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const r = await evalRego(`
none := x if { x := io.jwt.encode_sign({"alg": "none"}, {}, {"kty": "oct", "k": "YQ"}) } else := "undefined"
public := x if { x := io.jwt.encode_sign({"alg": "ES256"}, {}, json.unmarshal(input.pub)) } else := "undefined"
raw := x if { x := io.jwt.encode_sign_raw("{\\"alg\\":\\"HS256\\"}", "not json", "{\\"kty\\":\\"oct\\",\\"k\\":\\"YQ\\"}") } else := "undefined"
raw_typ := count(io.jwt.encode_sign_raw("{\\"alg\\":\\"HS256\\",\\"typ\\":\\"text\\"}", "not json", "{\\"kty\\":\\"oct\\",\\"k\\":\\"YQ\\"}")) > 0
`, { pub: JSON.stringify(publicKey.export({ format: "jwk" })) });
  assert.equal(r, { none: "undefined", public: "undefined", raw: "undefined", raw_typ: true });
});

test.run();
