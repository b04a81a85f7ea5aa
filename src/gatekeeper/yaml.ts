/**
 * The one YAML writer: js-yaml with sorted keys, no line folding, no anchors, LF and a trailing
 * newline, preceded by a header comment naming the source. Deterministic: same data, same bytes.
 */
import { dump } from "js-yaml";

/** `# line` comments for each header line. */
export function yamlHeader(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : "#")).join("\n") + "\n";
}

/** One YAML document (no `---`), with keys sorted and strings never folded. */
export function toYaml(value: unknown): string {
  const text = dump(value, { sortKeys: true, lineWidth: -1, noRefs: true, indent: 2 });
  return text.endsWith("\n") ? text : text + "\n";
}

/** A file of one or more documents, separated by `---`, after the header. */
export function yamlFile(header: readonly string[], docs: readonly unknown[]): string {
  return yamlHeader(header) + docs.map((d) => `---\n${toYaml(d)}`).join("");
}
