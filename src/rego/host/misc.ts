/**
 * Pure host builtins with Go semantics that are simplest here: `regex.globs_match`
 * (glob-intersection), `uri.parse` / `uri.is_valid` (Go's `net/url.Parse`), `yaml.*`
 * (sigs.k8s.io/yaml over go-yaml v2: gpc's reader, src/read/yaml.ts, and its writer).
 */
import { BuiltinError, stringArg, type HostImpl } from "./util.js";
import { parseJson, RawNumber, stringifyJson, type Json, type JsonObject } from "./json.js";
import { parseYamlDocument } from "../../read/yaml.js";
import { dump } from "js-yaml";

// ─── regex.globs_match ──────────────────────────────────────────────────────────────────────

type Ranges = [number, number][];
interface GlobToken { set: Ranges; flag: "" | "*" | "+" }

const ANY: Ranges = [[0, 0x10ffff]];

/** glob-intersection's syntax: `.`, `[…]` with ranges, `*` and `+` after a symbol, `\` escapes. */
function tokenizeGlob(glob: string): GlobToken[] {
  const cs = [...glob].map((c) => c.codePointAt(0)!);
  const out: GlobToken[] = [];
  const bad = (pos: number, what: string): never => {
    throw new BuiltinError(`input:${glob}, pos:${pos}, ${what}: the input provided is invalid`);
  };
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === 0x2a || c === 0x2b) { // * +
      const prev = out[out.length - 1];
      if (!prev || prev.flag !== "") bad(i + 1, `flag '${String.fromCodePoint(c)}' with no preceding symbol`);
      prev!.flag = c === 0x2a ? "*" : "+";
    } else if (c === 0x2e) out.push({ set: ANY, flag: "" });
    else if (c === 0x5c) { // backslash
      if (i + 1 >= cs.length) bad(i + 1, "escape '\\' at the end of the input");
      const e = cs[++i]!;
      out.push({ set: [[e, e]], flag: "" });
    } else if (c === 0x5d) bad(i + 1, "set-close ']' with no preceding '['");
    else if (c === 0x5b) { // [
      const set: Ranges = [];
      let j = i + 1;
      let closed = false;
      while (j < cs.length) {
        let a = cs[j]!;
        if (a === 0x5d) { closed = true; break; }
        if (a === 0x5b) bad(j + 1, "set-open '[' inside a set");
        if (a === 0x5c) { if (j + 1 >= cs.length) break; a = cs[++j]!; }
        if (cs[j + 1] === 0x2d && j + 2 < cs.length && cs[j + 2] !== 0x5d) {
          let b = cs[j + 2]!;
          j += 2;
          if (b === 0x5c) { if (j + 1 >= cs.length) break; b = cs[++j]!; }
          if (b < a) bad(j + 1, "range with its end before its start");
          set.push([a, b]);
        } else set.push([a, a]);
        j++;
      }
      if (!closed) bad(cs.length, "set-open '[' with no closing ']'");
      if (set.length === 0) bad(j + 1, "empty set '[]'");
      out.push({ set, flag: "" });
      i = j;
    } else out.push({ set: [[c, c]], flag: "" });
  }
  return out;
}

function overlaps(a: Ranges, b: Ranges): boolean {
  for (const [x0, x1] of a) for (const [y0, y1] of b) if (x0 <= y1 && y0 <= x1) return true;
  return false;
}

/** An NFA of a glob: state i before token i; `*` and `+` loop on their state. */
interface Nfa { tokens: GlobToken[]; }

/** States reachable from `s` without consuming (over `*` tokens). */
function closure(n: Nfa, s: number): number[] {
  const out = [s];
  while (s < n.tokens.length && n.tokens[s]!.flag === "*") out.push(++s);
  return out;
}

/** Transitions from state s: [symbol set, next state]. */
function steps(n: Nfa, s: number): [Ranges, number][] {
  const t = n.tokens[s];
  if (!t) return [];
  if (t.flag === "") return [[t.set, s + 1]];
  if (t.flag === "*") return [[t.set, s]];
  return [[t.set, s], [t.set, s + 1]]; // + : one, then any more
}

/** glob-intersection's NonEmpty: is some non-empty string matched by both globs? */
export function globsIntersect(g1: string, g2: string): boolean {
  const a: Nfa = { tokens: tokenizeGlob(g1) };
  const b: Nfa = { tokens: tokenizeGlob(g2) };
  const na = a.tokens.length, nb = b.tokens.length;
  // `+` loops back to its own state, so "state s after a + step" stays s; product BFS
  const seen = new Set<number>();
  const queue: [number, number][] = [];
  const visit = (p: number, q: number): boolean => {
    for (const p2 of closure(a, p)) for (const q2 of closure(b, q)) {
      const key = p2 * (nb + 1) + q2;
      if (seen.has(key)) continue;
      seen.add(key);
      if (p2 === na && q2 === nb) return true;
      queue.push([p2, q2]);
    }
    return false;
  };
  // the first step from the start states (the empty string does not count)
  for (const p of closure(a, 0)) for (const q of closure(b, 0)) queue.push([p, q]);
  const start = queue.splice(0);
  for (const [p, q] of start) {
    for (const [sa, pa] of steps(a, p)) for (const [sb, qb] of steps(b, q)) {
      if (overlaps(sa, sb) && visit(pa, qb)) return true;
    }
  }
  while (queue.length > 0) {
    const [p, q] = queue.shift()!;
    for (const [sa, pa] of steps(a, p)) for (const [sb, qb] of steps(b, q)) {
      if (overlaps(sa, sb) && visit(pa, qb)) return true;
    }
  }
  return false;
}

// ─── uri.parse / uri.is_valid: Go's net/url.Parse ───────────────────────────────────────────

class UrlError extends BuiltinError {}

const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

type Mode = "path" | "host" | "fragment" | "user";

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if (mode === "host" && "!$&'()*+,;=:[]<>\"".includes(String.fromCharCode(c))) return false;
  if ("-_.~".includes(String.fromCharCode(c))) return false;
  if ("$&+,/:;=?@".includes(String.fromCharCode(c))) {
    if (mode === "path") return c === 0x3f;
    if (mode === "user") return c === 0x40 || c === 0x2f || c === 0x3f || c === 0x3a;
    if (mode === "fragment") return false;
  }
  if (mode === "fragment" && "!()*".includes(String.fromCharCode(c))) return false;
  return true;
}

/** Go's url.unescape over the UTF-8 bytes of `s`. */
function unescape(s: string, mode: Mode): string {
  const b = Buffer.from(s, "utf8");
  const out: number[] = [];
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHex(b[i + 1]!) || !isHex(b[i + 2]!)) throw new UrlError("invalid URL escape");
      if (mode === "host" && parseInt(String.fromCharCode(b[i + 1]!), 16) < 8 && b.subarray(i, i + 3).toString() !== "%25") {
        throw new UrlError("invalid URL escape");
      }
      out.push(parseInt(b.subarray(i + 1, i + 3).toString(), 16));
      i += 3;
    } else {
      if (mode === "host" && c < 0x80 && shouldEscape(c, "host")) throw new UrlError("invalid character in host name");
      out.push(c);
      i++;
    }
  }
  return Buffer.from(out).toString("utf8");
}

function escapePath(s: string): string {
  let out = "";
  for (const c of Buffer.from(s, "utf8")) {
    out += shouldEscape(c, "path") ? `%${c.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(c);
  }
  return out;
}

const validOptionalPort = (p: string): boolean => p === "" || /^:[0-9]*$/.test(p);

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port "${colonPort}" after host`);
  } else {
    const i = host.lastIndexOf(":");
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new UrlError(`invalid port "${host.slice(i)}" after host`);
  }
  return unescape(host, "host");
}

export interface GoUrl { scheme: string; opaque: string; host: string; path: string; rawPath: string; rawQuery: string; fragment: string }

export function goUrlParse(raw: string): GoUrl {
  const hash = raw.indexOf("#");
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? "" : raw.slice(hash + 1);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(u)) throw new UrlError("net/url: invalid control character in URL");
  const url: GoUrl = { scheme: "", opaque: "", host: "", path: "", rawPath: "", rawQuery: "", fragment: "" };
  if (u === "*") url.path = "*";
  else {
    let rest = u;
    for (let i = 0; i < u.length; i++) {
      const c = u.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
      if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) { if (i === 0) break; continue; }
      if (c === 0x3a) {
        if (i === 0) throw new UrlError("missing protocol scheme");
        url.scheme = u.slice(0, i).toLowerCase();
        rest = u.slice(i + 1);
      }
      break;
    }
    if (rest.endsWith("?") && rest.split("?").length === 2) rest = rest.slice(0, -1);
    else {
      const q = rest.indexOf("?");
      if (q >= 0) { url.rawQuery = rest.slice(q + 1); rest = rest.slice(0, q); }
    }
    let opaque = false;
    if (!rest.startsWith("/")) {
      if (url.scheme !== "") { url.opaque = rest; opaque = true; }
      else {
        const seg = rest.split("/")[0]!;
        if (seg.includes(":")) throw new UrlError("first path segment in URL cannot contain colon");
      }
    }
    if (!opaque) {
      if ((url.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
        let authority = rest.slice(2);
        rest = "";
        const i = authority.indexOf("/");
        if (i >= 0) { rest = authority.slice(i); authority = authority.slice(0, i); }
        const at = authority.lastIndexOf("@");
        url.host = parseHost(at < 0 ? authority : authority.slice(at + 1));
        if (at >= 0) {
          const userinfo = authority.slice(0, at);
          if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError("net/url: invalid userinfo");
          const colon = userinfo.indexOf(":");
          unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), "user");
          if (colon >= 0) unescape(userinfo.slice(colon + 1), "user");
        }
      }
      url.path = unescape(rest, "path");
      url.rawPath = escapePath(url.path) === rest ? "" : rest;
    }
  }
  if (frag !== "") url.fragment = unescape(frag, "fragment");
  return url;
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort, port = "";
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && validOptionalPort(host.slice(colon))) { port = host.slice(colon + 1); host = host.slice(0, colon); }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return [host, port];
}

const uriParse: HostImpl = (args) => {
  const url = goUrlParse(stringArg(args, 0));
  const o: JsonObject = Object.create(null) as JsonObject;
  if (url.scheme) o["scheme"] = url.scheme;
  const [hostname, port] = splitHostPort(url.host);
  if (hostname) o["hostname"] = hostname;
  if (port) o["port"] = port;
  if (url.path) { o["path"] = url.path; o["raw_path"] = url.rawPath || url.path; }
  if (url.rawQuery) o["raw_query"] = url.rawQuery;
  if (url.fragment) o["fragment"] = url.fragment;
  return o;
};

const uriIsValid: HostImpl = (args) => {
  const s = args[0];
  if (typeof s !== "string" || s === "") return false;
  try { goUrlParse(s); return true; } catch { return false; }
};

// ─── yaml.* ─────────────────────────────────────────────────────────────────────────────────

const YAML_LIMITS = { maxDepth: 1000, maxNodes: 1_000_000 };

/** The value of a YAML text as sigs.k8s.io/yaml reads it (the first document), or a builtin error. */
function readYaml(text: string): Json {
  const r = parseYamlDocument(text, YAML_LIMITS);
  const err = r.problems.find((p) => p.severity === "error");
  if (err) throw new BuiltinError(err.message);
  if (r.value === undefined) return null;
  return parseJson(JSON.stringify(r.value));
}

const yamlUnmarshal: HostImpl = (args) => readYaml(stringArg(args, 0));

const yamlIsValid: HostImpl = (args) => {
  const s = args[0];
  if (typeof s !== "string") return false;
  try { readYaml(s); return true; } catch { return false; }
};

/**
 * `yaml.marshal`: block YAML with sorted keys, sequences in mappings unindented, as go-yaml v2
 * writes it. Quoting may differ from go-yaml's in style (double quotes throughout here) but always
 * reads back to the same value.
 */
const yamlMarshal: HostImpl = (args) => {
  const v = JSON.parse(stringifyJson(args[0] ?? null)) as unknown;
  return dump(v, { sortKeys: true, lineWidth: -1, seqNoIndent: true, quoteStyle: "double", noRefs: true });
};

export const MISC_BUILTINS: ReadonlyMap<string, HostImpl> = new Map<string, HostImpl>([
  ["regex.globs_match", (args) => globsIntersect(stringArg(args, 0), stringArg(args, 1))],
  ["uri.parse", uriParse],
  ["uri.is_valid", uriIsValid],
  ["yaml.unmarshal", yamlUnmarshal],
  ["yaml.is_valid", yamlIsValid],
  ["yaml.marshal", yamlMarshal],
]);

export { RawNumber };
