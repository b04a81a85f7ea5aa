/**
 * The builtins gpc implements in JavaScript (the module beside this one) rather than in the Wasm
 * runtime: name → how generated code calls them. Generated code calls them through the SDK's
 * `opa_builtin1` import (runtime/builtins/host.ts), and `builtins()` of such a module lists them
 * as `gpc.<name>`; the SDK finds them in the `customBuiltins` passed to `loadPolicy` — gpc's
 * `hostBuiltins` (src/rego/host/index.ts). A builtin the runtime implements natively is never
 * called on the host.
 */
export interface HostBuiltinSpec {
  /** Rego arity. */
  readonly arity: number;
  /** OPA caches the result per evaluation (same arguments → same value): the clock, randomness. */
  readonly cached?: boolean;
  /** The call also passes the evaluation's `time.now_ns()` as a last argument (OPA's wall clock). */
  readonly now?: boolean;
}

/** Prefix of host builtin names in `builtins()` and in `customBuiltins`. */
export const HOST_PREFIX = "gpc.";

export const HOST_BUILTINS: ReadonlyMap<string, HostBuiltinSpec> = new Map<string, HostBuiltinSpec>([
  ["time.now_ns", { arity: 0, cached: true }],
  ["rand.intn", { arity: 2, cached: true }],
  ["uuid.rfc4122", { arity: 1, cached: true }],
  ["uuid.parse", { arity: 1 }],
  ["crypto.md5", { arity: 1 }],
  ["crypto.sha1", { arity: 1 }],
  ["crypto.sha256", { arity: 1 }],
  ["crypto.hmac.md5", { arity: 2 }],
  ["crypto.hmac.sha1", { arity: 2 }],
  ["crypto.hmac.sha256", { arity: 2 }],
  ["crypto.hmac.sha512", { arity: 2 }],
  ["crypto.hmac.equal", { arity: 2 }],
  ["io.jwt.verify_rs256", { arity: 2 }],
  ["io.jwt.verify_rs384", { arity: 2 }],
  ["io.jwt.verify_rs512", { arity: 2 }],
  ["io.jwt.verify_ps256", { arity: 2 }],
  ["io.jwt.verify_ps384", { arity: 2 }],
  ["io.jwt.verify_ps512", { arity: 2 }],
  ["io.jwt.verify_es256", { arity: 2 }],
  ["io.jwt.verify_es384", { arity: 2 }],
  ["io.jwt.verify_es512", { arity: 2 }],
  ["io.jwt.verify_eddsa", { arity: 2 }],
  ["io.jwt.verify_hs256", { arity: 2 }],
  ["io.jwt.verify_hs384", { arity: 2 }],
  ["io.jwt.verify_hs512", { arity: 2 }],
  ["io.jwt.decode_verify", { arity: 2, now: true }],
  ["io.jwt.encode_sign", { arity: 3 }],
  ["io.jwt.encode_sign_raw", { arity: 3 }],
  ["crypto.x509.parse_certificates", { arity: 1 }],
  ["crypto.x509.parse_and_verify_certificates", { arity: 1 }],
  ["crypto.x509.parse_and_verify_certificates_with_options", { arity: 2 }],
  ["crypto.x509.parse_certificate_request", { arity: 1 }],
  ["crypto.x509.parse_keypair", { arity: 2 }],
  ["crypto.x509.parse_rsa_private_key", { arity: 1 }],
  ["crypto.parse_private_keys", { arity: 1 }],
  ["regex.globs_match", { arity: 2 }],
  ["strings.render_template", { arity: 2 }],
  ["uri.parse", { arity: 1 }],
  ["uri.is_valid", { arity: 1 }],
  ["yaml.unmarshal", { arity: 1 }],
  ["yaml.is_valid", { arity: 1 }],
  ["yaml.marshal", { arity: 1 }],
  ["json.verify_schema", { arity: 1 }],
  ["json.match_schema", { arity: 2 }],
]);

/** The spec of a host builtin, by Rego name. */
export function hostBuiltin(name: string): HostBuiltinSpec | undefined {
  return HOST_BUILTINS.get(name);
}

/**
 * Host functions the runtime itself calls (not Rego builtins), with the fixed id under which a
 * module lists them: `time.zone` ([ns, zone] → [offset seconds, abbreviation]) for time builtins
 * with a zone other than UTC (runtime/builtins/time.ts, HOST_TZ_ID in runtime/builtins/host.ts).
 */
export const HOST_INTERNAL: ReadonlyMap<string, { readonly id: number }> = new Map([
  ["time.zone", { id: 0x3fff0000 }],
]);

/** Runtime builtins whose calls need a host function of HOST_INTERNAL: builtin → that function. */
export const HOST_INTERNAL_USERS: ReadonlyMap<string, string> = new Map(
  ["time.date", "time.clock", "time.weekday", "time.add_date", "time.diff", "time.format"].map((b) => [b, "time.zone"]),
);
