/**
 * crypto.x509.* and crypto.parse_private_keys over certificates, a request and keys generated for
 * these tests with openssl (fixtures/: an EC root "gpc test root", a leaf it signed with SANs of
 * every kind, the leaf's CSR and key, an RSA key). Expected values are what openssl printed for
 * them, in the shape of Go's x509 JSON (as OPA returns it).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPrivateKey } from "node:crypto";
import { evalRego, fixture } from "./harness.js";

const input = {
  ca: fixture("ca.pem"), leaf: fixture("leaf.pem"), csr: fixture("leaf.csr"), key: fixture("leaf.key"), rsa: fixture("rsa.key"),
};

test("crypto.x509.parse_certificates: the fields of Go's x509.Certificate, PEM, base64 PEM and base64 DER", async () => {
  const r = await evalRego(`
certs := crypto.x509.parse_certificates(concat("", [input.ca, input.leaf]))
leaf := certs[1]
b64 := crypto.x509.parse_certificates(base64.encode(input.leaf))[0].Subject.CommonName
der := crypto.x509.parse_certificates(crypto.x509.parse_certificates(input.leaf)[0].Raw)[0].Subject.CommonName
bad := x if { x := crypto.x509.parse_certificates("not a certificate") } else := "undefined"
`, input);
  const leaf = r.leaf as Record<string, unknown>;
  assert.is((r.certs as unknown[]).length, 2);
  assert.is(r.b64, "leaf.gpc.test");
  assert.is(r.der, "leaf.gpc.test");
  assert.is(r.bad, "undefined");
  assert.equal(leaf.Subject, {
    Country: ["XX"], Organization: ["gpc test"], OrganizationalUnit: ["policies"], Locality: null, Province: null,
    StreetAddress: null, PostalCode: null, SerialNumber: "", CommonName: "leaf.gpc.test",
    Names: [
      { Type: [2, 5, 4, 6], Value: "XX" }, { Type: [2, 5, 4, 10], Value: "gpc test" },
      { Type: [2, 5, 4, 11], Value: "policies" }, { Type: [2, 5, 4, 3], Value: "leaf.gpc.test" },
    ],
    ExtraNames: null,
  });
  assert.is((leaf.Issuer as { CommonName: string }).CommonName, "gpc test root");
  assert.is(leaf.SerialNumber, 4660);
  assert.is(leaf.Version, 3);
  assert.is(leaf.SignatureAlgorithm, 10); // ECDSAWithSHA256
  assert.is(leaf.PublicKeyAlgorithm, 3); // ECDSA
  assert.equal(leaf.DNSNames, ["leaf.gpc.test", "alt.gpc.test"]);
  assert.equal(leaf.EmailAddresses, ["ops@gpc.test"]);
  assert.equal(leaf.IPAddresses, ["10.0.0.1"]);
  assert.equal(leaf.URIStrings, ["spiffe://gpc.test/ns/default/sa/app"]);
  assert.equal(leaf.ExtKeyUsage, [1, 2]); // ServerAuth, ClientAuth
  assert.is(leaf.KeyUsage, 1); // DigitalSignature
  assert.is(leaf.BasicConstraintsValid, true);
  assert.is(leaf.IsCA, false);
  assert.is(leaf.SubjectKeyId, Buffer.from("4E502E0C363617DB120C7FA264C8B53AA2DE42C9", "hex").toString("base64"));
  assert.is(leaf.AuthorityKeyId, Buffer.from("7260A4DCFF6659F0184C2DFC946DECEF26D3A58C", "hex").toString("base64"));
  assert.is(leaf.NotAfter, "2126-11-07T23:25:43Z");
  const ca = (r.certs as Record<string, unknown>[])[0]!;
  assert.is(ca.IsCA, true);
  assert.is(ca.KeyUsage, 96); // CertSign | CRLSign
  assert.is(ca.URIStrings, null);
  const pk = leaf.PublicKey as { X: number; Y: number; Curve: unknown };
  assert.equal(pk.Curve, {});
  assert.type(pk.X, "number");
});

test("crypto.x509.parse_and_verify_certificates: root first, leaf last; a chain that does not verify is [false, []]", async () => {
  const r = await evalRego(`
ok := crypto.x509.parse_and_verify_certificates(concat("", [input.ca, input.leaf]))
reversed := crypto.x509.parse_and_verify_certificates(concat("", [input.leaf, input.ca]))
one := x if { x := crypto.x509.parse_and_verify_certificates(input.leaf) } else := "undefined"
`, input);
  const ok = r.ok as [boolean, { Subject: { CommonName: string } }[]];
  assert.is(ok[0], true);
  assert.equal(ok[1].map((c) => c.Subject.CommonName), ["leaf.gpc.test", "gpc test root"]);
  assert.equal(r.reversed, [false, []]);
  assert.is(r.one, "undefined");
});

test("crypto.x509.parse_and_verify_certificates_with_options: DNS name, time and key usages", async () => {
  const r = await evalRego(`
chain := concat("", [input.ca, input.leaf])
v(opts) := crypto.x509.parse_and_verify_certificates_with_options(chain, opts)[0]
dns_ok := v({"DNSName": "alt.gpc.test"})
dns_bad := v({"DNSName": "other.test"})
client := v({"KeyUsages": ["KeyUsageClientAuth"]})
signing := v({"KeyUsages": ["KeyUsageCodeSigning"]})
before := v({"CurrentTime": 1000000000000000000})
bad_option := x if { x := v({"Nope": 1}) } else := "undefined"
bad_usage := x if { x := v({"KeyUsages": ["KeyUsageNope"]}) } else := "undefined"
`, input);
  assert.equal(r, { ...r, dns_ok: true, dns_bad: false, client: true, signing: false, before: false, bad_option: "undefined", bad_usage: "undefined" });
});

test("crypto.x509.parse_certificate_request: subject, SANs and key of the CSR", async () => {
  const r = await evalRego(`
csr := crypto.x509.parse_certificate_request(input.csr)
b64 := crypto.x509.parse_certificate_request(base64.encode(input.csr)).Subject.CommonName
wrong := x if { x := crypto.x509.parse_certificate_request(input.leaf) } else := "undefined"
`, input);
  const csr = r.csr as Record<string, unknown>;
  assert.is((csr.Subject as { CommonName: string }).CommonName, "leaf.gpc.test");
  assert.equal(csr.DNSNames, ["leaf.gpc.test", "alt.gpc.test"]);
  assert.equal(csr.IPAddresses, ["10.0.0.1"]);
  assert.is(csr.PublicKeyAlgorithm, 3);
  assert.is(csr.Version, 0);
  assert.is(r.b64, "leaf.gpc.test");
  assert.is(r.wrong, "undefined");
});

test("crypto.x509.parse_rsa_private_key is the JWK; crypto.parse_private_keys Go's key JSON", async () => {
  const r = await evalRego(`
jwk := crypto.x509.parse_rsa_private_key(input.rsa)
keys := crypto.parse_private_keys(concat("", [input.rsa, input.key]))
empty := crypto.parse_private_keys("")
none := crypto.parse_private_keys("no keys here")
`, input);
  const want = createPrivateKey(input.rsa).export({ format: "jwk" }) as Record<string, string>;
  assert.equal(r.jwk, want);
  const keys = r.keys as Record<string, unknown>[];
  assert.is(keys.length, 2);
  assert.is(keys[0]!.E, 65537);
  assert.equal(Object.keys(keys[0]!).sort(), ["D", "E", "N", "Precomputed", "Primes"]);
  assert.equal(Object.keys(keys[1]!).sort(), ["Curve", "D", "X", "Y"]);
  assert.is(r.empty, null);
  assert.equal(r.none, []);
});

test("crypto.x509.parse_keypair: a matching pair is Go's tls.Certificate; a mismatched one undefined", async () => {
  const r = await evalRego(`
pair := crypto.x509.parse_keypair(input.leaf, input.key)
mismatch := x if { x := crypto.x509.parse_keypair(input.ca, input.key) } else := "undefined"
`, input);
  const pair = r.pair as { Certificate: string[]; Leaf: { Subject: { CommonName: string } } };
  assert.is(pair.Certificate.length, 1);
  assert.is(pair.Leaf.Subject.CommonName, "leaf.gpc.test");
  assert.is(r.mismatch, "undefined");
});

test.run();
