/**
 * The one YAML writer: js-yaml with a fixed key order (apiVersion, kind, metadata, name first,
 * then alphabetical), no line folding, no anchors, multi-line strings (Rego) as literal blocks
 * even when indented with tabs, LF and a trailing newline, after a header comment naming the
 * source. Deterministic: same data, same bytes. Round-trips through any YAML 1.2 reader.
 */
import { DEFAULT_SCALAR_STYLE_RULES as R, dump } from "js-yaml";
import type { ScalarStyleRule } from "js-yaml";

const FIRST = ["apiVersion", "kind", "metadata", "name"];

function keyOrder(a: string, b: string): number {
  const ia = FIRST.indexOf(a), ib = FIRST.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? FIRST.length : ia) - (ib < 0 ? FIRST.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The default rules, except that tabs inside a multi-line string do not force double quotes. */
const RULES: readonly ScalarStyleRule[] = [
  R.applyQuoteFlowKeysOption,
  (layout) => { if (!layout.node.value.includes("\n")) R.doubleQuoteForInvisibles(layout); },
  R.doubleQuoteWhitespaceOnly,
  R.applyForceQuotesOption,
  R.tryLongOrMultilineAsBlock,
  R.quoteInvalidPlain,
  R.fallbackToDoubleQuoted,
];

/** `# line` comments for each header line. */
export function yamlHeader(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : "#")).join("\n") + "\n";
}

/** One YAML document (no `---`). */
export function toYaml(value: unknown): string {
  const text = dump(value, { sortKeys: keyOrder, lineWidth: -1, noRefs: true, indent: 2, scalarStyleRules: RULES });
  return text.endsWith("\n") ? text : text + "\n";
}

/** A file of one or more documents, each introduced by `---`, after the header. */
export function yamlFile(header: readonly string[], docs: readonly unknown[]): string {
  return yamlHeader(header) + docs.map((d) => `---\n${toYaml(d)}`).join("");
}
