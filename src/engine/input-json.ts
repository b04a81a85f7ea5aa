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
 * Otherwise it is `JSON.stringify`: `toJSON` is honoured (YAML timestamps), `undefined` and
 * functions are skipped in objects and `null` in arrays, non-finite numbers are `null`.
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

/** A JSON number as Gatekeeper's float64 decoding gives it to Rego (non-finite: `null`). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return "null";
  // integers below 1e6 (the usual case) print the same in both
  if (Number.isInteger(n) && n > -1e6 && n < 1e6 && !Object.is(n, -0)) return String(n);
  return goFloat(n);
}

/**
 * JSON text of `value` with Gatekeeper's number representation, for a document whose root sits
 * at nesting level `level` + 1 of the module's input (0: `value` is the input or data root; 1: it
 * is `input.review` or `input.parameters`). Throws InputDepthError when too deep.
 */
export function gatekeeperJSON(value: unknown, level = 0): string {
  const out: string[] = [];
  write(out, value, level, false);
  return out.join("");
}

function write(out: string[], v: unknown, level: number, inArray: boolean): boolean {
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    v = (v as { toJSON(): unknown }).toJSON();
  }
  switch (typeof v) {
    case "string": out.push(JSON.stringify(v)); return true;
    case "number": out.push(numberText(v)); return true;
    case "boolean": out.push(v ? "true" : "false"); return true;
    case "bigint": out.push(goFloat(Number(v))); return true;
    case "undefined": case "function": case "symbol":
      if (inArray) { out.push("null"); return true; }
      return false;
  }
  if (v === null) { out.push("null"); return true; }
  if (level + 1 > MAX_INPUT_DEPTH) throw new InputDepthError();
  if (Array.isArray(v)) {
    out.push("[");
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(",");
      write(out, v[i], level + 1, true);
    }
    out.push("]");
    return true;
  }
  out.push("{");
  let first = true;
  for (const k of Object.keys(v as object)) {
    const mark = out.length;
    out.push(first ? "" : ",", JSON.stringify(k), ":");
    if (write(out, (v as Record<string, unknown>)[k], level + 1, false)) first = false;
    else out.length = mark;
  }
  out.push("}");
  return true;
}
