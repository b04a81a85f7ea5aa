/**
 * METADATA annotations: one `# METADATA` comment block (ast.ts MetadataBlock) → its annotations
 * as OPA reads them (v1/ast/parser.go metadataParser.Parse: YAML into OPA's rawAnnotation
 * fields, then authors, related resources and schemas checked and normalised), or a diagnostic
 * at the offending line. The values are the JSON that `rego.metadata.rule()` returns, with OPA's
 * key order and omissions (v1/ast/annotations.go toTerm); `scope` is filled in when the block is
 * attached to a package or rule (compile pass `rewriteRegoMetadata`).
 *
 * YAML is read with the core schema, as go-yaml v3 decodes into `any`: timestamps and `yes`/`no`
 * stay strings. Unknown keys are ignored, as go-yaml does.
 */
import { CORE_SCHEMA, FAILSAFE_SCHEMA, load, YAMLException } from "js-yaml";
import type { Diagnostic, Span } from "../../diagnostics/diagnostic.js";
import type { MetadataBlock } from "./ast.js";

/** A JSON value read from an annotation. */
export type AnnotationValue = null | boolean | number | string | AnnotationValue[] | { [k: string]: AnnotationValue };

/** One block's annotations, before attachment. */
export interface Annotations {
  /** The `# METADATA` line: OPA's annotation location (diagnostics, and order within a chain). */
  readonly span: Span;
  /** The 1-based line of the `# METADATA` comment (for messages naming another block). */
  readonly line: number;
  /** As written; "" when absent (the attachment decides: rule, document, package). */
  readonly scope: string;
  readonly title: string;
  readonly entrypoint: boolean;
  readonly description: string;
  readonly organizations: readonly string[];
  readonly relatedResources: readonly { ref: string; description: string }[];
  readonly authors: readonly { name: string; email: string }[];
  readonly schemas: readonly { path: string[]; schema?: string[]; definition?: AnnotationValue }[];
  readonly custom?: { readonly [k: string]: AnnotationValue };
  readonly labels?: { readonly [k: string]: AnnotationValue };
}

/** Read one block; a malformed block is a `rego-parse` diagnostic, as in OPA. */
export function readAnnotations(block: MetadataBlock): { annotations?: Annotations; diagnostic?: Diagnostic } {
  const fail = (message: string, span: Span = block.span) =>
    ({ diagnostic: { code: "rego-parse", severity: "error", message, span } as Diagnostic });
  const text = block.lines.map((l) => `${l.text}\n`).join("");
  if (text.trim() === "") return fail("expected METADATA block, found whitespace");
  let raw: unknown;
  try {
    raw = load(text, { schema: CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const line = e.mark ? Math.min(e.mark.line, block.lines.length - 1) : 0;
    return fail(`invalid METADATA YAML: ${e.reason ?? e.message}${hint(block)}`, block.lines[Math.max(line, 0)]!.span);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return fail(`invalid METADATA YAML: expected a mapping of annotation names to values${hint(block)}`, block.lines[0]!.span);
  }
  const r = raw as Record<string, unknown>;
  // go-yaml sets a string field to a scalar's text (`title: 1.50` is "1.50"): the same YAML read
  // with every scalar a string gives those texts.
  let texts: Record<string, unknown> = {};
  try {
    const t = load(text, { schema: FAILSAFE_SCHEMA });
    if (t && typeof t === "object" && !Array.isArray(t)) texts = t as Record<string, unknown>;
  } catch { /* an explicit tag the failsafe schema lacks: fall back to the values' own text */ }
  const str = (key: string): string => scalarText(r[key], texts[key], key);
  const orgTexts = Array.isArray(texts.organizations) ? texts.organizations : [];
  nodes = 0;
  try {
    return {
      annotations: {
        span: block.span,
        line: block.line,
        scope: str("scope"),
        title: str("title"),
        entrypoint: bool(r, "entrypoint"),
        description: str("description"),
        organizations: list(r, "organizations").map((v, i) => scalarText(v, orgTexts[i], "organizations")),
        relatedResources: list(r, "related_resources").map(relatedResource),
        authors: list(r, "authors").map(author),
        schemas: list(r, "schemas").map(schema),
        ...optionalMap(r, "custom"),
        ...optionalMap(r, "labels"),
        ...checkCompile(r.compile),
      },
    };
  } catch (e) {
    if (e instanceof AnnotationError) return fail(e.message);
    throw e;
  }
}

/**
 * OPA's hint for the most common mistake (augmentYamlError): a `:` directly followed by
 * something other than a space, as in `# title:x`.
 */
function hint(block: MetadataBlock): string {
  let out = "";
  block.lines.forEach((l, i) => {
    const at = l.text.indexOf(":");
    const next = at >= 0 ? l.text[at + 1] : undefined;
    if (next !== undefined && next !== " " && next !== "\t") {
      out += `\n  Hint: on line ${block.line + i + 1}, symbol ${JSON.stringify(next)} immediately following a key/value separator ':' is not a legal yaml space character`;
    }
  });
  return out;
}

class AnnotationError extends Error {}
const bad = (message: string): never => { throw new AnnotationError(message); };

/** go-yaml decodes any scalar into a string field (its text, `text`); null leaves it empty. */
function scalarText(v: unknown, text: unknown, key: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return typeof text === "string" ? text : String(v);
  return bad(`invalid METADATA: ${key}: expected a string, got ${Array.isArray(v) ? "a list" : "a mapping"}`);
}

function bool(r: Record<string, unknown>, key: string): boolean {
  const v = r[key];
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  // go-yaml v3 reads YAML 1.1's words into a bool field.
  if (typeof v === "string" && /^(y|Y|yes|Yes|YES|on|On|ON)$/.test(v)) return true;
  if (typeof v === "string" && /^(n|N|no|No|NO|off|Off|OFF)$/.test(v)) return false;
  return bad(`invalid METADATA: ${key}: expected true or false, got ${JSON.stringify(v)}`);
}

function list(r: Record<string, unknown>, key: string): unknown[] {
  const v = r[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return bad(`invalid METADATA: ${key}: expected a list`);
}

function optionalMap(r: Record<string, unknown>, key: "custom" | "labels"): Partial<Record<"custom" | "labels", Record<string, AnnotationValue>>> {
  const v = r[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) return bad(`invalid METADATA: ${key}: expected a mapping`);
  return { [key]: json(v, key) as Record<string, AnnotationValue> };
}

/**
 * Values per block, at most: YAML aliases share nodes, so a small block can stand for a huge
 * value (go-yaml rejects such "excessive aliasing" too).
 */
export const MAX_ANNOTATION_NODES = 100_000;
let nodes = 0;

/** A YAML value as the JSON value OPA's InterfaceToValue makes of it. */
function json(v: unknown, where: string): AnnotationValue {
  if (++nodes > MAX_ANNOTATION_NODES) bad(`invalid METADATA: more than ${MAX_ANNOTATION_NODES} values in one block (excessive aliasing)`);
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : bad(`invalid ${where} annotation: ${v} is not a JSON number`);
  if (Array.isArray(v)) return v.map((x) => json(x, where));
  if (typeof v === "object") {
    const out: Record<string, AnnotationValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = json(x, where);
    return out;
  }
  return bad(`invalid ${where} annotation: unsupported value`);
}

/**
 * `compile` (partial evaluation's unknowns and mask rule) is not part of `rego.metadata.*`
 * values, but OPA rejects malformed entries, so gpc does too.
 */
function checkCompile(v: unknown): Record<string, never> {
  if (v === undefined || v === null) return {};
  if (!isMap(v)) return bad("invalid METADATA: compile: expected a mapping");
  if (Array.isArray(v.unknowns)) {
    for (const u of v.unknowns) {
      if (typeof u === "string" && !parseRefText(u)) bad(`invalid unknowns element ${JSON.stringify(u)}: expected a ref`);
    }
  }
  const mask = v.mask_rule;
  if (typeof mask === "string") {
    const t = mask.trim();
    let ok = parseRefText(t) !== undefined || /^[A-Za-z_][A-Za-z0-9_]*$/.test(t);
    if (!ok && t.startsWith("\"")) { try { ok = typeof JSON.parse(t) === "string"; } catch { ok = false; } }
    if (!ok) bad(`invalid mask_rule annotation ${JSON.stringify(mask)}: expected a rule name or ref`);
  }
  return {};
}

const stringField = (m: Record<string, unknown>, k: string): string => (typeof m[k] === "string" ? (m[k] as string).trim() : "");
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function relatedResource(v: unknown): { ref: string; description: string } {
  const what = `invalid related-resource definition ${display(v)}`;
  if (typeof v === "string") return v.length > 0 ? { ref: v, description: "" } : bad(`${what}: ref URL may not be empty string`);
  if (isMap(v)) {
    const ref = stringField(v, "ref");
    return ref ? { ref, description: stringField(v, "description") } : bad(`${what}: 'ref' value required in object`);
  }
  return bad(`${what}: invalid value type, must be string or map`);
}

function author(v: unknown): { name: string; email: string } {
  const what = `invalid author definition ${display(v)}`;
  if (typeof v === "string") {
    // The last word, when enclosed in <>, is the email (OPA's parseAuthorString).
    const parts = v.split(/\s+/).filter((p) => p !== "");
    if (parts.length === 0) return bad(`${what}: author is an empty string`);
    const last = parts[parts.length - 1]!;
    if (last.length >= 2 && last.startsWith("<") && last.endsWith(">")) return { name: parts.slice(0, -1).join(" "), email: last.slice(1, -1) };
    return { name: parts.join(" "), email: "" };
  }
  if (isMap(v)) {
    const name = stringField(v, "name"), email = stringField(v, "email");
    return name || email ? { name, email } : bad(`${what}: 'name' and/or 'email' values required in object`);
  }
  return bad(`${what}: invalid value type, must be string or map`);
}

function schema(v: unknown): { path: string[]; schema?: string[]; definition?: AnnotationValue } {
  if (!isMap(v)) return bad("invalid METADATA: schemas: expected a list of `path: schema` entries");
  const [k, s] = Object.entries(v)[0] ?? ["", undefined];
  const path = parseRefText(k);
  if (!path) return bad("invalid document reference");
  if (typeof s === "string") {
    const ref = parseRefText(s);
    if (!ref || ref[0] !== "schema") return bad("invalid schema reference");
    return { path, schema: ref };
  }
  if (isMap(s)) return { path, definition: json(s, "schema definition") };
  return bad(`invalid schema declaration for path ${JSON.stringify(k)}`);
}

function display(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * A ref as OPA's ParseRef reads one in an annotation (`input.x`, `data.a["b"][0]`, `schema.s`),
 * as the array of its segments (the head var and every segment as a string, as OPA's
 * `Ref.toArray`); undefined when it is not a ref (a lone var other than input/data/schema is not).
 */
export function parseRefText(s: string): string[] | undefined {
  const text = s.trim();
  const ident = /^[A-Za-z_][A-Za-z0-9_]*/;
  const head = ident.exec(text);
  if (!head) return undefined;
  const out = [head[0]];
  let rest = text.slice(head[0].length);
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) out.push(m[1]!);
    else if ((m = /^\[\s*("(?:[^"\\]|\\.)*")\s*\]/.exec(rest))) {
      try { out.push(JSON.parse(m[1]!) as string); } catch { return undefined; }
    } else if ((m = /^\[\s*(-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)\s*\]/.exec(rest))) out.push(m[1]!);
    else return undefined;
    rest = rest.slice(m[0].length);
  }
  if (out.length === 1 && !["input", "data", "schema"].includes(out[0]!)) return undefined;
  return out;
}

/** The annotations as `rego.metadata.rule()` returns them: OPA's keys, order and omissions. */
export function annotationsValue(a: Annotations, scope: string): { [k: string]: AnnotationValue } {
  const o: { [k: string]: AnnotationValue } = {};
  if (scope) o.scope = scope;
  if (a.title) o.title = a.title;
  if (a.entrypoint) o.entrypoint = true;
  if (a.description) o.description = a.description;
  if (a.organizations.length) o.organizations = [...a.organizations];
  if (a.relatedResources.length) {
    o.related_resources = a.relatedResources.map((r): AnnotationValue => (r.description ? { ref: r.ref, description: r.description } : { ref: r.ref }));
  }
  if (a.authors.length) {
    o.authors = a.authors.map((x) => {
      const y: { [k: string]: AnnotationValue } = {};
      if (x.name) y.name = x.name;
      if (x.email) y.email = x.email;
      return y;
    });
  }
  if (a.schemas.length) {
    o.schemas = a.schemas.map((s) => {
      const y: { [k: string]: AnnotationValue } = { path: [...s.path] };
      if (s.schema) y.schema = [...s.schema];
      if (s.definition !== undefined) y.definition = s.definition;
      return y;
    });
  }
  if (a.custom && Object.keys(a.custom).length) o.custom = a.custom;
  if (a.labels && Object.keys(a.labels).length) o.labels = a.labels;
  return o;
}
