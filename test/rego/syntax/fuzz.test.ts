// Fuzzing, seeded and deterministic:
//  - mutations (delete / duplicate / swap / insert / truncate) of the conformance and golden modules,
//  - random token streams,
//  - random valid modules written in the debug printer's canonical form,
// asserting that parseModule never throws, returns a module xor >= 1 diagnostic with a span inside
// the text, finishes in bounded time, and that printed modules parse back to the same text.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseModule, formatModule, type ParseResult } from "../../../src/rego/syntax/index.js";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, n: number): number => Math.floor(r() * n);

const here = new URL(".", import.meta.url).pathname;
const confDir = join(here, "../../../../shared/conformance/rego");
const corpus: { text: string; version: "v0" | "v1" }[] = [];
for (const f of readdirSync(confDir).filter((x) => x.endsWith(".json")).sort()) {
  const g = JSON.parse(readFileSync(join(confDir, f), "utf8")) as { rego_version: "v0" | "v1"; modules: Record<string, string> };
  for (const k of Object.keys(g.modules).sort()) corpus.push({ text: g.modules[k]!, version: g.rego_version });
}
for (const f of readdirSync(join(here, "cases")).filter((x) => x.endsWith(".rego")).sort()) {
  const text = readFileSync(join(here, "cases", f), "utf8");
  corpus.push({ text, version: /rego_version:\s*v0/.test(text) ? "v0" : "v1" });
}

const VOCAB = [
  "package", "import", "data", "input", "future", "keywords", "rego", "v1", "as", "default", "else", "with",
  "not", "some", "every", "in", "if", "contains", "null", "true", "false", "_", "x", "y", "p", "f", "count",
  "0", "1", "-1", "1.5", "1e3", "\"s\"", "\"\\u00e9\"", "`raw`", "[", "]", "{", "}", "(", ")", ",", ";", ":",
  ".", "|", "&", ":=", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "\n", "\n", " ", "#c\n",
  "\"", "`", "!", "@", "\\", "\u0000", "😀",
];

let parses = 0;
function check(text: string, version: "v0" | "v1"): ParseResult {
  let r: ParseResult;
  try {
    r = parseModule("f.rego", text, { regoVersion: version });
  } catch (e) {
    throw new Error(`parseModule threw on ${JSON.stringify(text)}: ${String(e)}`);
  }
  parses++;
  if (r.module) {
    if (r.diagnostics.length !== 0) assert.unreachable(`module with diagnostics for ${JSON.stringify(text)}`);
  } else if (r.diagnostics.length === 0) {
    assert.unreachable(`neither module nor diagnostics for ${JSON.stringify(text)}`);
  }
  for (const d of r.diagnostics) {
    if (d.code !== "rego-parse" && d.code !== "rego-unsupported") assert.unreachable(`bad code ${d.code}`);
    const s = d.span!;
    if (!(s && s.file === "f.rego" && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
      assert.unreachable(`bad span ${JSON.stringify(s)} for ${JSON.stringify(text)}`);
    }
  }
  return r;
}

const normalise = (s: string): string => s.replace(/\$wildcard\d+/g, "_");
/** A printed v1 module parses back to the same print. */
function roundTrip(r: ParseResult, what: string): void {
  if (!r.module || r.module.regoVersion !== "v1") return;
  const printed = normalise(formatModule(r.module));
  const again = check(printed, "v1");
  if (!again.module) assert.unreachable(`printed module does not parse (${what}): ${printed}\n${JSON.stringify(again.diagnostics)}`);
  assert.is(normalise(formatModule(again.module!)), printed, what);
}

test("corpus modules round-trip through the printer", () => {
  for (const c of corpus) roundTrip(check(c.text, c.version), c.text.slice(0, 40));
  assert.ok(corpus.length > 70);
});

test("mutations of corpus modules (4000)", () => {
  const r = rng(1234);
  let withModule = 0;
  for (let i = 0; i < 4000; i++) {
    const c = pick(r, corpus);
    let t = c.text;
    const n = 1 + int(r, 3);
    for (let k = 0; k < n; k++) {
      const a = int(r, t.length + 1), len = 1 + int(r, 8), b = Math.min(t.length, a + len);
      switch (int(r, 6)) {
        case 0: t = t.slice(0, a) + t.slice(b); break; // delete
        case 1: t = t.slice(0, b) + t.slice(a, b) + t.slice(b); break; // duplicate
        case 2: { const j = int(r, t.length); if (j < t.length && a < t.length) { const cs = [...t]; const x = cs[a]; cs[a] = cs[j]!; cs[j] = x!; t = cs.join(""); } break; } // swap
        case 3: t = t.slice(0, a) + pick(r, VOCAB) + t.slice(a); break; // insert a token
        case 4: t = t.slice(0, a); break; // truncate
        default: t = t.slice(0, a) + pick(r, ["(", "[", "{", "\"", "`", "\\", "\n", ";", " "]) + t.slice(b); // replace
      }
    }
    const res = check(t, c.version);
    if (res.module) { withModule++; roundTrip(res, t); }
  }
  assert.ok(withModule > 200, `some mutants still parse (${withModule})`);
});

test("random token streams (2000)", () => {
  const r = rng(99);
  for (let i = 0; i < 2000; i++) {
    const n = int(r, 60);
    let t = r() < 0.8 ? "package t\n" : "";
    for (let k = 0; k < n; k++) t += pick(r, VOCAB) + (r() < 0.5 ? " " : "");
    check(t, r() < 0.5 ? "v0" : "v1");
  }
});

// ---- random valid modules in canonical printed form ----------------------------------------

const VARS = ["x", "y", "foo", "_", "input", "data", "in_", "iff"];
const FNS = ["count", "f", "strings.replace_n", "data.lib.f", "lib.g"];
const OPS = ["==", "!=", "<", "<=", ">", ">=", "|", "&", "+", "-", "*", "/", "%", "in"];

function genTerm(r: () => number, d: number): string {
  const leaf = d <= 0 || r() < 0.3;
  if (leaf) {
    switch (int(r, 6)) {
      case 0: return pick(r, ["0", "1", "-1", "2.50", "1e3", "-0.5", "12345678901234567890"]);
      case 1: return JSON.stringify(pick(r, ["", "a", "a-b", "é", "😀", "\n\t\"\\", "\u0001", "x y"]));
      case 2: return pick(r, ["null", "true", "false"]);
      case 3: return "set()";
      case 4: return "{}";
      default: return pick(r, VARS);
    }
  }
  const sub = () => genTerm(r, d - 1);
  switch (int(r, 11)) {
    case 0: return `[${Array.from({ length: int(r, 3) }, sub).join(", ")}]`;
    case 1: return `{${Array.from({ length: 1 + int(r, 2) }, sub).join(", ")}}`;
    case 2: return `{${Array.from({ length: 1 + int(r, 2) }, () => `${sub()}: ${sub()}`).join(", ")}}`;
    case 3: return `(${sub()} ${pick(r, OPS)} ${sub()})`;
    case 4: return `(${pick(r, ["k", "_"])}, ${pick(r, ["v", "_"])} in ${sub()})`;
    case 5: return `${pick(r, FNS)}(${Array.from({ length: int(r, 3) }, sub).join(", ")})`;
    case 6: return `-(${pick(r, ["x", "input.a", "f(1)"])})`;
    case 7: return `${pick(r, ["x", "input", "data.a", "f(1)", "[1]"])}${Array.from({ length: 1 + int(r, 3), }, () => {
      const seg = pick(r, [".a", ".not", "[0]", "[\"a-b\"]", `[${sub()}]`]);
      const ident = /^\["([A-Za-z_][A-Za-z0-9_]*)"\]$/.exec(seg); // the printer writes ["a"] as .a
      return ident ? `.${ident[1]}` : seg;
    }).join("")}`;
    case 8: return `[${sub()} | ${genBody(r, d - 1)}]`;
    case 9: return `{${sub()} | ${genBody(r, d - 1)}}`;
    default: return `{${sub()}: ${sub()} | ${genBody(r, d - 1)}}`;
  }
}
function genLiteral(r: () => number, d: number): string {
  const t = () => genTerm(r, d);
  let lit: string;
  switch (int(r, 7)) {
    case 0: lit = `${pick(r, ["x", "[a, _]", "{\"k\": v}"])} ${pick(r, [":=", "="])} ${t()}`; break;
    case 1: lit = `not ${t()}`; break;
    case 2: lit = `some ${pick(r, ["x", "x, y"])}`; break;
    case 3: lit = `some ${pick(r, ["", "k, ", "_, "])}${pick(r, ["v", "[a, b]"])} in ${t()}`; break;
    case 4: lit = `every ${pick(r, ["", "k, "])}v in ${t()} { ${genBody(r, d - 1)} }`; break;
    case 5: lit = `(${t()} == ${t()})`; break;
    default: lit = t();
  }
  if (r() < 0.15) lit += ` with ${pick(r, ["input", "input.a", "data.x.y", "count"])} as ${t()}`;
  return lit;
}
function genBody(r: () => number, d: number): string {
  return Array.from({ length: 1 + int(r, 3) }, () => genLiteral(r, Math.max(0, d))).join("; ");
}
function genRule(r: () => number, i: number): string {
  const t = () => genTerm(r, 3);
  const body = () => ` if { ${genBody(r, 2)} }`;
  switch (int(r, 8)) {
    case 0: return `r${i} := ${t()}`;
    case 1: return `r${i} := ${t()}${body()}`;
    case 2: return `r${i}${body()}`;
    case 3: return `r${i} contains ${t()}${body()}`;
    case 4: return `r${i}[${pick(r, ["k", "[k, 1]", "x.y"])}] := ${t()}${body()}`;
    case 5: return `f${i}(x, _) := ${t()}${body()} else := ${t()}`;
    case 6: return `default r${i} := ${pick(r, ["1", "\"a\"", "[1, {2}]", "{\"a\": null}"])}`;
    default: return `a.b${i}["c d"] = ${t()}${body()} { ${genBody(r, 2)} }`;
  }
}

test("random valid modules parse and print back identically (1500)", () => {
  const r = rng(7);
  for (let i = 0; i < 1500; i++) {
    const lines = ["package t.x"];
    if (r() < 0.3) lines.push("import data.lib");
    for (let k = 0; k < 1 + int(r, 4); k++) lines.push(genRule(r, k));
    const src = lines.join("\n");
    const res = check(src, "v1");
    if (!res.module) assert.unreachable(`generated module does not parse: ${src}\n${JSON.stringify(res.diagnostics)}`);
    assert.is(normalise(formatModule(res.module!)), src);
  }
});

test("every generated text was parsed", () => {
  assert.ok(parses >= 7500, `${parses} parses`);
});

test.run();
