/**
 * gpc's host builtins: the `customBuiltins` that modules calling host builtins need —
 * `loadPolicy(wasm, undefined, hostBuiltins)` — keyed `gpc.<name>` as such a module's `builtins()`
 * lists them (see ./names.ts). Each takes the JSON text of its argument list and returns the JSON
 * text of its result as an ArrayBuffer (the SDK parses it into the module), or `undefined` — a
 * builtin error or an undefined result, both undefined in OPA's non-strict evaluation.
 */
import { HOST_BUILTINS, HOST_INTERNAL, HOST_PREFIX } from "./names.js";
import { parseJson, stringifyJson, type Json } from "./json.js";
import type { HostImpl } from "./util.js";
import { CRYPTO_BUILTINS } from "./crypto.js";
import { JWT_BUILTINS } from "./jwt.js";
import { MISC_BUILTINS } from "./misc.js";
import { X509_BUILTINS } from "./x509.js";
import { TEMPLATE_BUILTINS } from "./template.js";
import { JSONSCHEMA_BUILTINS } from "./jsonschema.js";

export { HOST_BUILTINS, HOST_PREFIX, hostBuiltin, type HostBuiltinSpec } from "./names.js";

/** Implementations by Rego name. */
export const HOST_IMPLEMENTATIONS: ReadonlyMap<string, HostImpl> = new Map<string, HostImpl>([
  ...CRYPTO_BUILTINS,
  ...JWT_BUILTINS,
  ...MISC_BUILTINS,
  ...X509_BUILTINS,
  ...TEMPLATE_BUILTINS,
  ...JSONSCHEMA_BUILTINS,
]);

/** One host builtin as the SDK calls it: JSON text of the arguments in, JSON text of the result out. */
export type HostBuiltin = (argsJson: string) => ArrayBuffer | undefined;

function wrap(impl: HostImpl): HostBuiltin {
  return (argsJson) => {
    let result: Json | undefined;
    try {
      const args = parseJson(argsJson);
      if (!Array.isArray(args)) return undefined;
      result = impl(args);
    } catch {
      return undefined; // a builtin error: undefined, as in OPA's non-strict evaluation
    }
    if (result === undefined) return undefined;
    let text: string;
    try { text = stringifyJson(result); } catch { return undefined; }
    const bytes = new TextEncoder().encode(text);
    return bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  };
}

/**
 * The `customBuiltins` for `loadPolicy`: every host builtin, `gpc.<name>` → function. Modules that
 * call host builtins need them; a module that calls none lists none in `builtins()`.
 */
export const hostBuiltins: Readonly<Record<string, HostBuiltin>> = Object.freeze(Object.fromEntries(
  [...HOST_BUILTINS.keys(), ...HOST_INTERNAL.keys()].map((name) => {
    const impl = HOST_IMPLEMENTATIONS.get(name);
    if (!impl) throw new Error(`host builtin ${name} has no implementation`);
    return [HOST_PREFIX + name, wrap(impl)];
  }),
));
