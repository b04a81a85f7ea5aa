/**
 * The JSON the engine writes into a policy module: `input.review`, `input.parameters` and `data`
 * (the inventory), as Gatekeeper hands them to Rego.
 *
 * Input: plain JavaScript values (parsed YAML/JSON). Output: UTF-8 JSON text.
 *
 * - **Numbers as Gatekeeper has them.** Gatekeeper decodes the reviewed object, the constraint's
 *   parameters and the inventory as JSON into `float64`, and OPA's `ast.InterfaceToValue` turns
 *   each float64 into a Number with `strconv.FormatFloat(f, 'g', -1, 64)`. So `1000000` reaches
 *   Rego as `1e+06` and `sprintf("%v", [x])` prints `1e+06` in the cluster; `goFloat` writes that
 *   text, so gpc's messages equal the cluster's byte for byte.
 * - **Bounded.** Nesting deeper than the runtime's 1,000 levels (counted from the root of the
 *   module's `input`/`data` document) is an `InputDepthError` with the runtime's own message, never
 *   a stack overflow; cyclic values (YAML aliases) end the same way.
 *
 * Otherwise it is `JSON.stringify` (which writes the text): `toJSON` is honoured (YAML
 * timestamps), `undefined` and functions are skipped in objects and `null` in arrays, non-finite
 * numbers are `null`, `-0` is `0`.
 */

/** Deepest array/object nesting the runtime's JSON parser accepts (runtime/json.ts MAX_DEPTH). */
export const MAX_INPUT_DEPTH = 1000;

/** Input nested deeper than MAX_INPUT_DEPTH. */
export class InputDepthError extends Error {
  constructor() {
    super(`invalid input: exceeded max depth ${MAX_INPUT_DEPTH}`);
    this.name = "InputDepthError";
  }
}

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that round-trip (the same
 * digits as JavaScript's), in `%e` form when the decimal exponent is below -4 or at least 6 (the
 * 'g' rule with shortest precision uses eprec = 6), with at least two exponent digits:
 * 1000 → `1000`, 1000000 → `1e+06`, 2147483647 → `2.147483647e+09`, 0.00001 → `1e-05`, -0 → `-0`.
 */
export function goFloat(f: number): string {
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  if (!Number.isFinite(f)) return Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf";
  const e = f.toExponential(); // shortest round-trip digits: "-1.2345e+6"
  const at = e.indexOf("e");
  const exp = Number(e.slice(at + 1));
  const neg = f < 0;
  const digits = e.slice(neg ? 1 : 0, at).replace(".", "");
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${neg ? "-" : ""}${mant}e${exp < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
  }
  let s: string;
  if (exp < 0) s = `0.${"0".repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) s = digits + "0".repeat(exp + 1 - digits.length);
  else s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return neg ? `-${s}` : s;
}

/**
 * JSON text of `value` with Gatekeeper's number representation, for a document whose root sits
 * at nesting level `level` + 1 of the module's input (0: `value` is the input or data root; 1: it
 * is `input.review` or `input.parameters`). Throws InputDepthError when too deep or cyclic.
 *
 * `JSON.stringify` writes the text (native, and its semantics are the ones wanted); one linear scan
 * then checks the nesting and rewrites the few number tokens whose Go text differs (integers from
 * 1e6 on, fractions, exponents). A value deep enough to overflow `JSON.stringify`'s stack is far
 * beyond the limit anyway.
 */
export function gatekeeperJSON(value: unknown, level = 0): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    if (e instanceof RangeError || (e instanceof TypeError && /circular/i.test(e.message))) throw new InputDepthError();
    throw e;
  }
  if (json === undefined) return "null";
  return checkAndRewrite(json, level);
}

function checkAndRewrite(json: string, level: number): string {
  const n = json.length;
  let depth = level;
  let parts: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < n; i++) {
    let c = json.charCodeAt(i);
    if (c === 0x22) { // a string: jump to its closing quote (one not preceded by an odd run of backslashes)
      for (;;) {
        i = json.indexOf('"', i + 1);
        let k = i - 1;
        while (json.charCodeAt(k) === 0x5c) k--;
        if ((i - 1 - k) % 2 === 0) break;
      }
      continue;
    }
    if (c === 0x7b || c === 0x5b) { if (++depth > MAX_INPUT_DEPTH) throw new InputDepthError(); continue; }
    if (c === 0x7d || c === 0x5d) { depth--; continue; }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    const start = i;
    let plain = true; // digits only (after an optional minus)
    for (i++; i < n; i++) {
      c = json.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) continue;
      if (c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d) { plain = false; continue; }
      break;
    }
    const end = i--;
    // integers below 1e6 in magnitude print the same in Go
    if (plain && end - start - (json.charCodeAt(start) === 0x2d ? 1 : 0) <= 6) continue;
    const token = json.slice(start, end);
    const go = goFloat(Number(token));
    if (go === token) continue;
    (parts ??= []).push(json.slice(copied, start), go);
    copied = end;
  }
  if (!parts) return json;
  parts.push(json.slice(copied));
  return parts.join("");
}
