/**
 * The one YAML writer: js-yaml with a fixed key order (apiVersion, kind, metadata, name first,
 * then alphabetical), no line folding, no anchors, multi-line strings (Rego) as literal blocks
 * even when indented with tabs, LF and a trailing newline, after a header comment naming the
 * source. Deterministic: same data, same bytes.
 *
 * Written for the strictest reader of the files — go-yaml (v2 and v3, libyaml ports), which
 * gator, kubectl and the API server's YAML decoding use:
 * - its reader rejects, anywhere in the file, any character outside #x9 #xA #xD #x20-#x7E #x85
 *   #xA0-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF ("control characters are not allowed");
 * - it reads CR, NEL (U+0085), LS (U+2028) and PS (U+2029) as line breaks, and skips a BOM at
 *   the start of a line;
 * - in a block scalar without an indentation indicator, a tab at the start of the first
 *   non-empty line is "a tab character where an indentation space is expected".
 * So a string holding any of those characters, or a multi-line string whose first line starts
 * with a tab, is written double-quoted with escapes (`\L`, `\P`, `\N`, `\x..`, `\u....`), never
 * as a block or plain scalar; header comments escape them as text. A lone surrogate (U+D800 …
 * U+DFFF unpaired) cannot be encoded in UTF-8 and go-yaml rejects its escape too: the writer
 * refuses it with the path of the value (`YamlValueError`).
 */
import { DEFAULT_SCALAR_STYLE_RULES as R, dump, SCALAR_STYLE } from "js-yaml";
import type { ScalarStyleRule } from "js-yaml";

const FIRST = ["apiVersion", "kind", "metadata", "name"];

function keyOrder(a: string, b: string): number {
  const ia = FIRST.indexOf(a), ib = FIRST.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? FIRST.length : ia) - (ib < 0 ? FIRST.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Characters that must never appear raw in the file: outside go-yaml's printable set, or read by
 * it as a line break other than LF (CR, NEL, LS, PS), or a BOM, or a lone surrogate.
 */
export const YAML_UNSAFE_RAW = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/u;
const YAML_UNSAFE_RAW_G = new RegExp(YAML_UNSAFE_RAW.source, "gu");
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A value the writer cannot write; `path` is where it is in the document (`spec.x[0]`). */
export class YamlValueError extends Error {
  override readonly name = "YamlValueError";
  constructor(readonly path: string, readonly problem: string) {
    super(`${path || "(document)"}: ${problem}`);
  }
}

const hex = (s: string) => `U+${s.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The path of the first string (value or key) in `value` holding a lone surrogate, with the surrogate. */
export function findLoneSurrogate(value: unknown, path = ""): { path: string; char: string } | undefined {
  const seen = new Set<object>();
  const walk = (v: unknown, p: string): { path: string; char: string } | undefined => {
    if (typeof v === "string") {
      const m = LONE_SURROGATE.exec(v);
      return m ? { path: p, char: hex(m[0]) } : undefined;
    }
    if (typeof v !== "object" || v === null || seen.has(v)) return undefined;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { const r = walk(v[i], `${p}[${i}]`); if (r) return r; }
      return undefined;
    }
    for (const [k, x] of Object.entries(v)) {
      const kp = /^[A-Za-z_$][\w$-]*$/.test(k) ? (p ? `${p}.${k}` : k) : `${p}[${JSON.stringify(k)}]`;
      const km = LONE_SURROGATE.exec(k);
      if (km) return { path: kp, char: hex(km[0]) };
      const r = walk(x, kp);
      if (r) return r;
    }
    return undefined;
  };
  return walk(value, path);
}

/** The problem text for a lone surrogate. */
export const loneSurrogateProblem = (char: string) => `contains a lone surrogate (${char}), which UTF-8 cannot encode and YAML readers reject`;

/** Strings go-yaml would misread raw: double-quote them (the quoted writer escapes every unsafe character). */
const goYamlSafe: ScalarStyleRule = (layout) => {
  if (layout.style !== SCALAR_STYLE.PLAIN) return;
  const v = layout.node.value;
  if (YAML_UNSAFE_RAW.test(v) || (v.includes("\n") && /^\n*\t/.test(v))) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
};

/** The default rules, except that tabs inside a multi-line string do not force double quotes. */
const RULES: readonly ScalarStyleRule[] = [
  R.applyQuoteFlowKeysOption,
  goYamlSafe,
  (layout) => { if (!layout.node.value.includes("\n")) R.doubleQuoteForInvisibles(layout); },
  R.doubleQuoteWhitespaceOnly,
  R.applyForceQuotesOption,
  R.tryLongOrMultilineAsBlock,
  R.quoteInvalidPlain,
  R.fallbackToDoubleQuoted,
];

/** Header text made safe for a `#` comment line: unsafe characters become `\u{…}` text. */
function commentText(s: string): string {
  return s.replace(/\r\n|\n/g, " ").replace(YAML_UNSAFE_RAW_G, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** `# line` comments for each header line. */
export function yamlHeader(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${commentText(l)}` : "#")).join("\n") + "\n";
}

/** One YAML document (no `---`). Throws `YamlValueError` for a value no reader can read back. */
export function toYaml(value: unknown): string {
  const bad = findLoneSurrogate(value);
  if (bad) throw new YamlValueError(bad.path, loneSurrogateProblem(bad.char));
  const text = dump(value, { sortKeys: keyOrder, lineWidth: -1, noRefs: true, indent: 2, scalarStyleRules: RULES });
  // The rules above are what keeps this true; a miss is gpc's bug, not a file for gator to choke on.
  const raw = YAML_UNSAFE_RAW.exec(text);
  if (raw) throw new Error(`YAML writer: unescaped ${hex(raw[0])} in the output`);
  return text.endsWith("\n") ? text : text + "\n";
}

/** A file of one or more documents, each introduced by `---`, after the header. */
export function yamlFile(header: readonly string[], docs: readonly unknown[]): string {
  return yamlHeader(header) + docs.map((d) => `---\n${toYaml(d)}`).join("");
}
