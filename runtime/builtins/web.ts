// strings.split_n, urlquery.*, io.jwt.decode with the semantics of OPA's evaluator
// (topdown/strings.go, encoding.go over Go's net/url, tokens.go). Errors → undefined (0).
import {
  Value, V, P, T_ARRAY, T_OBJECT, T_SET, T_STRING, T_NUMBER, ArrayValue, ObjectValue, SetValue, StringValue, NumberValue,
  newString, arrayOf, objectInsert, objectGet, newObject, parseJSONString,
} from "../value";

// ─── strings.split_n ──────────────────────────────────────────────────────────────────────────

/** strings.split_n(s, sep, n): the first n fields (n ≥ 0) or the last -n fields (n < 0) of split(s, sep). */
export function bi_strings$split_n(a: usize, b: usize, c: usize): usize {
  if (a == 0 || b == 0 || c == 0 || load<i32>(a) != T_STRING || load<i32>(b) != T_STRING || load<i32>(c) != T_NUMBER) return 0;
  let f = changetype<NumberValue>(V(c)).n;
  if (f != Math.floor(f) || Math.abs(f) > 2147483647) return 0;
  let n = <i32>f;
  let s = changetype<StringValue>(V(a)).s, sep = changetype<StringValue>(V(b)).s;
  let parts = splitGo(s, sep);
  let from = 0, to = parts.length;
  if (n >= 0) to = min(n, parts.length);
  else from = max(parts.length + n, 0);
  let out = new Array<Value>(0);
  for (let i = from; i < to; i++) out.push(newString(unchecked(parts[i])));
  return P(arrayOf(out));
}

/** Go's strings.Split: an empty separator splits into code points. */
function splitGo(s: string, sep: string): Array<string> {
  if (sep.length > 0) return s.split(sep);
  let out = new Array<string>(0);
  for (let i = 0; i < s.length;) {
    let c = s.charCodeAt(i);
    let w = c >= 0xD800 && c < 0xDC00 && i + 1 < s.length ? 2 : 1;
    out.push(s.substr(i, w));
    i += w;
  }
  return out;
}

// ─── urlquery ─────────────────────────────────────────────────────────────────────────────────

const HEXU = "0123456789ABCDEF";

/** UTF-8 bytes of a string. */
function utf8(s: string): Array<i32> {
  let out = new Array<i32>(0);
  for (let i = 0; i < s.length; i++) {
    let c = <i32>s.charCodeAt(i);
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.length) {
      let d = <i32>s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d < 0xE000) { c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) { out.push(0xC0 | (c >> 6)); out.push(0x80 | (c & 63)); }
    else if (c < 0x10000) { out.push(0xE0 | (c >> 12)); out.push(0x80 | ((c >> 6) & 63)); out.push(0x80 | (c & 63)); }
    else { out.push(0xF0 | (c >> 18)); out.push(0x80 | ((c >> 12) & 63)); out.push(0x80 | ((c >> 6) & 63)); out.push(0x80 | (c & 63)); }
  }
  return out;
}

/** Bytes (UTF-8) back to a string; invalid sequences become U+FFFD (as Go's string conversion prints). */
function fromUtf8(b: Array<i32>): string {
  let s = "";
  for (let i = 0; i < b.length;) {
    let c = unchecked(b[i]);
    let cp = 0xFFFD, w = 1;
    if (c < 0x80) { cp = c; }
    else if ((c & 0xE0) == 0xC0 && i + 1 < b.length && (unchecked(b[i + 1]) & 0xC0) == 0x80) { cp = ((c & 31) << 6) | (unchecked(b[i + 1]) & 63); w = 2; if (cp < 0x80) { cp = 0xFFFD; w = 1; } }
    else if ((c & 0xF0) == 0xE0 && i + 2 < b.length && (unchecked(b[i + 1]) & 0xC0) == 0x80 && (unchecked(b[i + 2]) & 0xC0) == 0x80) { cp = ((c & 15) << 12) | ((unchecked(b[i + 1]) & 63) << 6) | (unchecked(b[i + 2]) & 63); w = 3; if (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000)) { cp = 0xFFFD; w = 1; } }
    else if ((c & 0xF8) == 0xF0 && i + 3 < b.length && (unchecked(b[i + 1]) & 0xC0) == 0x80 && (unchecked(b[i + 2]) & 0xC0) == 0x80 && (unchecked(b[i + 3]) & 0xC0) == 0x80) { cp = ((c & 7) << 18) | ((unchecked(b[i + 1]) & 63) << 12) | ((unchecked(b[i + 2]) & 63) << 6) | (unchecked(b[i + 3]) & 63); w = 4; if (cp < 0x10000 || cp > 0x10FFFF) { cp = 0xFFFD; w = 1; } }
    s += String.fromCodePoint(cp);
    i += w;
  }
  return s;
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  let bytes = utf8(s);
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    let c = unchecked(bytes[i]);
    if ((c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x7E) out += String.fromCharCode(c);
    else if (c == 0x20) out += "+";
    else out += "%" + HEXU.charAt(c >> 4) + HEXU.charAt(c & 15);
  }
  return out;
}

function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

let unescapeFailed = false;

/** Go's url.QueryUnescape; sets unescapeFailed on a bad % escape. */
function queryUnescape(s: string): string {
  unescapeFailed = false;
  let bytes = utf8(s);
  let out = new Array<i32>(0);
  for (let i = 0; i < bytes.length; i++) {
    let c = unchecked(bytes[i]);
    if (c == 0x25) {
      if (i + 2 >= bytes.length) { unescapeFailed = true; return ""; }
      let h = hexVal(unchecked(bytes[i + 1])), l = hexVal(unchecked(bytes[i + 2]));
      if (h < 0 || l < 0) { unescapeFailed = true; return ""; }
      out.push((h << 4) | l);
      i += 2;
    } else if (c == 0x2B) out.push(0x20);
    else out.push(c);
  }
  return fromUtf8(out);
}

/** urlquery.encode(s) */
export function bi_urlquery$encode(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  return P(newString(queryEscape(changetype<StringValue>(V(a)).s)));
}

/** urlquery.decode(s) */
export function bi_urlquery$decode(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  let r = queryUnescape(changetype<StringValue>(V(a)).s);
  return unescapeFailed ? 0 : P(newString(r));
}

/** urlquery.encode_object(obj): url.Values.Encode (sorted keys; arrays and sets give repeated keys). */
export function bi_urlquery$encode_object(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_OBJECT) return 0;
  let o = changetype<ObjectValue>(V(a));
  let parts = new Array<string>(0);
  for (let i = 0; i < o.keys.length; i++) {
    let k = unchecked(o.keys[i]);
    if (k.tag != T_STRING) return 0;
    let key = queryEscape(changetype<StringValue>(k).s);
    let v = unchecked(o.vals[i]);
    if (v.tag == T_STRING) { parts.push(key + "=" + queryEscape(changetype<StringValue>(v).s)); continue; }
    let items: Array<Value>;
    if (v.tag == T_ARRAY) items = changetype<ArrayValue>(v).items;
    else if (v.tag == T_SET) items = changetype<SetValue>(v).items;
    else return 0;
    for (let j = 0; j < items.length; j++) {
      let x = unchecked(items[j]);
      if (x.tag != T_STRING) return 0;
      parts.push(key + "=" + queryEscape(changetype<StringValue>(x).s));
    }
  }
  return P(newString(parts.join("&")));
}

/** urlquery.decode_object(s): url.ParseQuery → {key: [values…]}. */
export function bi_urlquery$decode_object(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  let s = changetype<StringValue>(V(a)).s;
  let out = newObject();
  let segs = s.split("&");
  for (let i = 0; i < segs.length; i++) {
    let seg = unchecked(segs[i]);
    if (seg.length == 0) continue;
    if (seg.indexOf(";") >= 0) return 0; // Go: invalid semicolon separator in query
    let eq = seg.indexOf("=");
    let k = queryUnescape(eq < 0 ? seg : seg.substring(0, eq));
    if (unescapeFailed) return 0;
    let v = queryUnescape(eq < 0 ? "" : seg.substring(eq + 1));
    if (unescapeFailed) return 0;
    let key = newString(k);
    let prev = objectGet(out, key);
    let list = prev === null ? new Array<Value>(0) : changetype<ArrayValue>(prev).items.slice(0);
    list.push(newString(v));
    objectInsert(out, key, arrayOf(list));
  }
  return P(out);
}

// ─── io.jwt.decode ────────────────────────────────────────────────────────────────────────────

/** base64url (padding optional) → bytes; null when invalid. */
function b64urlBytes(s0: string): Array<i32> | null {
  let s = s0;
  while (s.endsWith("=")) s = s.substring(0, s.length - 1);
  if (s.length % 4 == 1) return null;
  let out = new Array<i32>(0);
  let acc = 0, bits = 0;
  for (let i = 0; i < s.length; i++) {
    let c = <i32>s.charCodeAt(i);
    let v = -1;
    if (c >= 0x41 && c <= 0x5A) v = c - 0x41;
    else if (c >= 0x61 && c <= 0x7A) v = c - 0x61 + 26;
    else if (c >= 0x30 && c <= 0x39) v = c - 0x30 + 52;
    else if (c == 0x2D) v = 62;
    else if (c == 0x5F) v = 63;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 0xFF); }
  }
  return out;
}

const HEXL = "0123456789abcdef";

function decodeObject(part: string): ObjectValue | null {
  let bytes = b64urlBytes(part);
  if (bytes === null) return null;
  let v = parseJSONString(fromUtf8(bytes));
  if (v === null || v.tag != T_OBJECT) return null;
  return changetype<ObjectValue>(v);
}

/** io.jwt.decode(token) → [header, payload, signature as hex]; nested tokens (cty JWT) decode recursively. */
export function bi_io$jwt$decode(a: usize): usize {
  if (a == 0 || load<i32>(a) != T_STRING) return 0;
  return jwtDecode(changetype<StringValue>(V(a)).s);
}

function jwtDecode(token: string): usize {
  let parts = token.split(".");
  if (parts.length != 3) return 0;
  let header = decodeObject(unchecked(parts[0]));
  if (header === null) return 0;
  if (objectGet(header, newString("enc")) !== null) return 0; // JWE is not supported (OPA)
  let cty = objectGet(header, newString("cty"));
  let payloadBytes = b64urlBytes(unchecked(parts[1]));
  if (payloadBytes === null) return 0;
  if (cty !== null && cty.tag == T_STRING && changetype<StringValue>(cty).s == "JWT") {
    let inner = fromUtf8(payloadBytes);
    // trim quotes on both ends, as OPA does
    let i = 0, j = inner.length;
    while (i < j && (inner.charCodeAt(i) == 0x22 || inner.charCodeAt(i) == 0x27)) i++;
    while (j > i && (inner.charCodeAt(j - 1) == 0x22 || inner.charCodeAt(j - 1) == 0x27)) j--;
    return jwtDecode(inner.substring(i, j));
  }
  let payload = parseJSONString(fromUtf8(payloadBytes));
  if (payload === null || payload.tag != T_OBJECT) return 0;
  let sig = b64urlBytes(unchecked(parts[2]));
  if (sig === null) return 0;
  let hex = "";
  for (let k = 0; k < sig.length; k++) { let c = unchecked(sig[k]); hex += HEXL.charAt(c >> 4) + HEXL.charAt(c & 15); }
  return P(arrayOf([header, payload, newString(hex)]));
}
