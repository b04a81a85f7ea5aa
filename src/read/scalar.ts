/**
 * YAML 1.1 scalars as Kubernetes reads them: go-yaml v2's resolver (`resolve.go`, vendored by
 * sigs.k8s.io/yaml as goyaml.v2), followed by sigs.k8s.io/yaml's YAML → JSON conversion.
 *
 * Input: the text of a plain (unquoted) scalar, or of a scalar with an explicit `!!` tag.
 * Output: the JSON value the API server sees — `true`/`false` for y/Y/yes/Yes/YES/on/On/ON/true/…
 * and n/N/no/No/NO/off/Off/OFF/false/…, `null` for ``/~/null/Null/NULL, numbers for Go's base-0
 * integers after removing `_` (`0x1F`, `0o17`, `017` octal, `0b101`, `+12`), YAML-style floats
 * (`1e3`, `.5`, `08`), and the text itself otherwise (timestamps stay strings, as go-yaml v2
 * keeps them for `interface{}`). `.inf`/`.nan` resolve to floats that JSON cannot carry:
 * sigs.k8s.io/yaml fails on them, so they are reported as errors here.
 */

/** Why a scalar has no JSON value (the conversion fails in Kubernetes too). */
export class ScalarError extends Error {}

const BOOL_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const BOOL_FALSE = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const NON_FINITE = new Set([".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n), UINT64_MAX = 2n ** 64n - 1n;

/** The resolver's first-character hint table (`resolveTable`). */
function hint(s: string): "S" | "D" | "M" | "." | undefined {
  if (s === "") return "M";
  const c = s[0]!;
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return undefined;
}

/** Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: the value, or undefined. */
function goInt(s: string): number | undefined {
  let neg = false, i = 0;
  if (s[0] === "+" || s[0] === "-") { neg = s[0] === "-"; i = 1; }
  let body = s.slice(i), digits: RegExp, prefix = "";
  if (/^0[xX]/.test(body)) { prefix = "0x"; body = body.slice(2); digits = /^[0-9a-fA-F]+$/; }
  else if (/^0[bB]/.test(body)) { prefix = "0b"; body = body.slice(2); digits = /^[01]+$/; }
  else if (/^0[oO]/.test(body)) { prefix = "0o"; body = body.slice(2); digits = /^[0-7]+$/; }
  else if (/^0[0-9]/.test(body)) { prefix = "0o"; body = body.slice(1); digits = /^[0-7]+$/; }
  else digits = /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  const big = BigInt(prefix ? prefix + body : body) * (neg ? -1n : 1n);
  if (big < INT64_MIN || big > UINT64_MAX || (neg && big > 0n)) return undefined;
  return Number(big);
}

/** Go's `strconv.ParseFloat` for the decimal forms the resolver can reach. */
function goFloat(s: string): number | undefined {
  const plain = s.replace(/_/g, "");
  if (s.includes("_") && !/^[-+]?[0-9]*(_?[0-9])*(\.([0-9](_?[0-9])*)?)?([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
  if (!/^[-+]?(\.[0-9]+|[0-9]+\.?[0-9]*)([eE][-+]?[0-9]+)?$/.test(plain)) return undefined;
  const v = Number(plain);
  if (!Number.isFinite(v)) throw new ScalarError(`${s} is out of range for a float64`);
  return v;
}

/** A resolved scalar and go-yaml's tag for it. */
export interface Resolved {
  readonly value: string | number | boolean | null;
  readonly tag: "!!str" | "!!int" | "!!float" | "!!bool" | "!!null" | "!!merge";
}

/** The JSON value of a plain scalar (no tag), as Kubernetes resolves it. */
export function resolvePlain(s: string): Resolved {
  const h = hint(s);
  if (h === undefined) return { value: s, tag: "!!str" };
  if (BOOL_TRUE.has(s)) return { value: true, tag: "!!bool" };
  if (BOOL_FALSE.has(s)) return { value: false, tag: "!!bool" };
  if (NULLS.has(s)) return { value: null, tag: "!!null" };
  if (NON_FINITE.has(s)) throw new ScalarError(`${s} is a non-finite float, which JSON (and so the API server) cannot carry`);
  if (h === ".") { const f = goFloat(s); return f === undefined ? { value: s, tag: "!!str" } : { value: f, tag: "!!float" }; }
  if (h === "S" || h === "D") {
    if (isTimestamp(s)) return { value: s, tag: "!!str" };
    const plain = s.replace(/_/g, "");
    const i = goInt(plain);
    if (i !== undefined) return { value: i, tag: "!!int" };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const v = Number(plain);
      if (!Number.isFinite(v)) throw new ScalarError(`${s} is out of range for a float64`);
      return { value: v, tag: "!!float" };
    }
    const m = /^(-?)0b([01]+)$/.exec(plain);
    if (m) return { value: Number(BigInt(`0b${m[2]}`)) * (m[1] ? -1 : 1), tag: "!!int" };
  }
  return { value: s, tag: "!!str" };
}

/** go-yaml v2's `parseTimestamp` quick check and formats: such scalars stay strings. */
function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(s);
}

/** The value of a scalar with an explicit tag (`!!str`, `!!int`, …), or an error as go-yaml gives. */
export function resolveTagged(tag: string, s: string): Resolved {
  const short = tag.replace(/^tag:yaml\.org,2002:/, "!!");
  // Any text is a !!str or !!binary; unknown (local) tags decode as the text, as go-yaml v2 does.
  if (short === "!!str" || short === "!!binary" || short === "!!timestamp" || !short.startsWith("!!")) return { value: s, tag: "!!str" };
  if (short === "!!map" || short === "!!seq" || short === "!!merge") throw new ScalarError(`cannot decode a scalar as ${short}`);
  const r = resolvePlain(s);
  if (r.tag === short) return r;
  if (short === "!!float" && r.tag === "!!int") return { value: r.value, tag: "!!float" };
  throw new ScalarError(`cannot decode ${r.tag} \`${s}\` as a ${short}`);
}

/**
 * A non-string mapping key as sigs.k8s.io/yaml turns it into a JSON key: integers in decimal,
 * floats with Go's `FormatFloat(f, 'g', -1, 32)`, booleans as `true`/`false`. Null keys fail.
 */
export function keyString(k: Resolved): string {
  const v = k.value;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null) throw new ScalarError("a null mapping key cannot become a JSON key");
  if (k.tag === "!!int") return BigInt(v).toString();
  return goFormatG32(v);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)`: shortest float32 digits, %e when exp < -4 || exp >= 6. */
function goFormatG32(f: number): string {
  const x = Math.fround(f);
  if (x === 0) return "0";
  let digits = "", exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = x.toExponential(p - 1);
    if (Math.fround(Number(e)) === x) {
      const [m, ex] = e.split("e");
      digits = m!.replace("-", "").replace(".", "");
      exp = Number(ex);
      break;
    }
  }
  const sign = x < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
