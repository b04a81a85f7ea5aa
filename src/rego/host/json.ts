/**
 * JSON between the runtime and the host builtins, exact: numbers keep their text (`RawNumber`),
 * so an integer beyond 2^53 or `1.0` reaches the runtime as written. Objects have no prototype
 * (a `__proto__` key is an ordinary key). Also Go's `encoding/json` text of a value (HTML-safe
 * escaping, sorted keys), which OPA's builtins marshal before hashing or signing.
 */

/** A JSON number, as its text. */
export class RawNumber {
  constructor(readonly text: string) {}
  get value(): number { return Number(this.text); }
}

export type Json = null | boolean | string | RawNumber | Json[] | JsonObject;
export interface JsonObject { [key: string]: Json }

export class JsonError extends Error {}

/** Parse JSON text (RFC 8259; duplicate keys: the last wins, as in Go and OPA). */
export function parseJson(text: string): Json {
  let i = 0;
  const ws = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const fail = (): never => { throw new JsonError(`invalid JSON at offset ${i}`); };
  const NUM = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const STR = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const value = (depth: number): Json => {
    if (depth > 1000) fail();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const o: JsonObject = Object.create(null) as JsonObject;
      ws();
      if (text[i] === "}") { i++; return o; }
      for (;;) {
        ws();
        if (text[i] !== "\"") fail();
        const k = str();
        ws();
        if (text[i++] !== ":") fail();
        o[k] = value(depth + 1);
        ws();
        const d = text[i++];
        if (d === "}") return o;
        if (d !== ",") fail();
      }
    }
    if (c === "[") {
      i++;
      const a: Json[] = [];
      ws();
      if (text[i] === "]") { i++; return a; }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        const d = text[i++];
        if (d === "]") return a;
        if (d !== ",") fail();
      }
    }
    if (c === "\"") return str();
    if (text.startsWith("true", i)) { i += 4; return true; }
    if (text.startsWith("false", i)) { i += 5; return false; }
    if (text.startsWith("null", i)) { i += 4; return null; }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) return fail();
    i += m[0].length;
    return new RawNumber(m[0]);
  };
  const str = (): string => {
    STR.lastIndex = i;
    const m = STR.exec(text);
    if (!m) return fail();
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail();
  return v;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Compact JSON text (numbers as their text; a lone surrogate becomes U+FFFD, as Go decodes it). */
export function stringifyJson(v: Json): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return JSON.stringify(v.replace(LONE_SURROGATE, "\ufffd"));
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(stringifyJson).join(",")}]`;
  return `{${Object.keys(v).map((k) => `${stringifyJson(k)}:${stringifyJson(v[k]!)}`).join(",")}}`;
}

/**
 * Go `json.Marshal` of the value as OPA's `ast.JSON` gives it: sorted keys, HTML-safe escaping;
 * numbers as their text, or as `number` writes them.
 */
export function goJson(v: Json, number: (n: RawNumber) => string = (n) => n.text): string {
  const go = (x: Json): string => {
    if (x === null) return "null";
    if (typeof x === "boolean") return x ? "true" : "false";
    if (typeof x === "string") return goString(x);
    if (x instanceof RawNumber) return number(x);
    if (Array.isArray(x)) return `[${x.map(go).join(",")}]`;
    return `{${goSortedKeys(x).map((k) => `${goString(k)}:${go(x[k]!)}`).join(",")}}`;
  };
  return go(v);
}

/** An object's keys in Go's order: by the bytes of their UTF-8. */
export function goSortedKeys(o: JsonObject): string[] {
  return Object.keys(o).sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
}

/** A Go `encoding/json` string literal: `<`, `>`, `&`, U+2028, U+2029 escaped, invalid UTF-16 as U+FFFD. */
export function goString(s: string): string {
  return JSON.stringify(s.replace(LONE_SURROGATE, "\ufffd"))
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);
}

/** An integer number's value as a bigint, or undefined. */
export function intValue(v: Json | undefined): bigint | undefined {
  if (!(v instanceof RawNumber)) return undefined;
  const t = v.text;
  if (/^-?\d+$/.test(t)) return BigInt(t);
  const n = Number(t);
  return Number.isInteger(n) ? BigInt(n) : undefined;
}
