/**
 * `json.verify_schema` and `json.match_schema` as OPA runs them: JSON Schema (drafts 4, 6 and 7,
 * and gojsonschema's "hybrid" default without `$schema`) with the behaviour of gojsonschema, the
 * validator OPA embeds (internal/gojsonschema): its keyword checks in its order, its schema
 * errors, its error list (type, field, description texts, and the scores that pick which branch's
 * errors an unmatched `anyOf`/`oneOf`/`contains` reports).
 *
 * schema value → compileSchema (reference pre-pass, then parse into `Sub` nodes) → validate
 * (document → errors). Where gojsonschema walks a Go map (random order) gpc walks sorted keys.
 * `$ref` resolves within the schema document (JSON pointers, `$id`/`id` base URIs); a remote
 * reference is a builtin error (OPA would fetch it).
 */
import { BuiltinError, type HostImpl } from "./util.js";
import { goJson, goSortedKeys, isObject, parseJson, RawNumber, type Json, type JsonObject } from "./json.js";
import { goRegexMatch, goRegexValid } from "./goregex.js";
import { goUrlParse, type GoUrl } from "./misc.js";
import { isFormat } from "./jsonschema-formats.js";

/** A schema that gojsonschema refuses, with its message. */
export class SchemaError extends BuiltinError {}

// ─── exact decimals (gojsonschema compares numbers as big.Rat) ─────────────────────────────

/** value = m × 10^e */
interface Dec { readonly m: bigint; readonly e: number }

const MAX_EXPONENT = 10_000;

function dec(n: RawNumber): Dec {
  const g = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(n.text);
  if (!g) throw new BuiltinError(`invalid number ${n.text}`);
  const frac = g[3] ?? "";
  const e = Number(g[4] ?? "0") - frac.length;
  if (!Number.isSafeInteger(e) || Math.abs(e) > MAX_EXPONENT) throw new BuiltinError(`number ${n.text} is out of range`);
  const m = BigInt(g[2]! + frac);
  return { m: g[1] ? -m : m, e };
}

const pow10 = (k: number): bigint => 10n ** BigInt(k);

function cmp(a: Dec, b: Dec): number {
  const k = Math.min(a.e, b.e);
  const x = a.m * pow10(a.e - k), y = b.m * pow10(b.e - k);
  return x < y ? -1 : x > y ? 1 : 0;
}

const isInteger = (d: Dec): boolean => d.e >= 0 || d.m % pow10(-d.e) === 0n;

/** Whether value / divisor is an integer. */
function divides(divisor: Dec, value: Dec): boolean {
  const k = value.e - divisor.e;
  return k >= 0 ? (value.m * pow10(k)) % divisor.m === 0n : value.m % (divisor.m * pow10(-k)) === 0n;
}

/** Go's `%v` of a `big.Float` set from the decimal: the shortest digits, `%g` with exponent threshold 6. */
function formatFloat(d: Dec): string {
  if (d.m === 0n) return "0";
  let m = d.m < 0n ? -d.m : d.m, e = d.e;
  while (m % 10n === 0n) { m /= 10n; e++; }
  const digits = m.toString();
  const sign = d.m < 0n ? "-" : "";
  const x = digits.length - 1 + e;
  if (x < -4 || x >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${x < 0 ? "-" : "+"}${String(Math.abs(x)).padStart(2, "0")}`;
  }
  if (e >= 0) return sign + digits + "0".repeat(e);
  const point = digits.length + e;
  return sign + (point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${"0".repeat(-point)}${digits}`);
}

/** gojsonschema's `mustBeInteger`: an integer literal that fits int64 (`json.Number.Int64`). */
function mustBeInteger(v: Json | undefined): number | undefined {
  if (!(v instanceof RawNumber) || !/^-?[0-9]+$/.test(v.text)) return undefined;
  const n = BigInt(v.text);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
  return Number(n);
}

/**
 * `marshalWithoutNumber`: the value's Go JSON text after a round trip through float64 — the form
 * in which const, enum and uniqueItems compare values (sorted keys, HTML-safe escaping).
 */
function canonical(v: Json): string {
  return goJson(v, (n) => {
    const f = Number(n.text);
    if (!Number.isFinite(f)) throw new SchemaError(`json: cannot unmarshal number ${n.text} into Go value of type float64`);
    return Object.is(f, -0) ? "-0" : String(f);
  });
}

// ─── references: gojsonreference and gojsonpointer ─────────────────────────────────────────

function splitFragment(s: string): [string, string | undefined] {
  const i = s.indexOf("#");
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/**
 * A parsed JSON reference (gojsonreference): its text as Go's `url.URL` prints it, the text
 * without the fragment, the JSON pointer of the fragment ("" — the whole document — when the
 * fragment is no pointer, e.g. a location-independent `#name`), and whether it is canonical
 * (absolute with a host, or a `file:` URL with an absolute path).
 */
interface Ref { readonly text: string; readonly base: string; readonly pointer: string; readonly canonical: boolean }

function parseRef(s: string): Ref {
  let u: GoUrl;
  try {
    u = goUrlParse(s);
  } catch (e) {
    throw new SchemaError(`parse ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
  const [base, raw] = splitFragment(s);
  return {
    text: raw ? `${base}#${raw}` : base,
    base,
    pointer: u.fragment.startsWith("/") ? u.fragment : "",
    canonical: u.scheme === "file" ? u.path.startsWith("/") : u.scheme !== "" && u.host !== "",
  };
}

function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segs = path.split("/");
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s === ".") { if (i === segs.length - 1) out.push(""); continue; }
    if (s === "..") { if (out.length > 1) out.pop(); if (i === segs.length - 1) out.push(""); continue; }
    out.push(s);
  }
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** `parent.Inherits(child)`: the child reference resolved against the parent (RFC 3986 §5.2). */
function inherits(parent: Ref, child: string): Ref {
  const [cPath, cFrag] = splitFragment(child);
  const frag = cFrag ? `#${cFrag}` : "";
  const parts = /^([a-zA-Z][a-zA-Z0-9+.-]*:)?(\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?$/.exec(parent.base) ?? [parent.base, "", "", parent.base, ""];
  const [, pScheme = "", pAuth = "", pPath = ""] = parts;
  let resolved: string;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(cPath)) resolved = cPath;
  else if (cPath === "") resolved = parent.base;
  else if (cPath.startsWith("//")) resolved = pScheme + cPath;
  else if (cPath.startsWith("/")) resolved = pScheme + pAuth + removeDotSegments(cPath);
  else resolved = pScheme + pAuth + removeDotSegments(pPath.slice(0, pPath.lastIndexOf("/") + 1) + cPath);
  return parseRef(resolved + frag);
}

/** gojsonpointer's `Get`, with its messages. */
function pointerGet(doc: Json, pointer: string): Json {
  if (pointer === "") return doc;
  let node = doc;
  for (const token of pointer.split("/").slice(1)) {
    if (isObject(node)) {
      const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
      if (!Object.prototype.hasOwnProperty.call(node, key)) throw new SchemaError(`Object has no key '${key}'`);
      node = node[key]!;
    } else if (Array.isArray(node)) {
      if (!/^[+-]?[0-9]+$/.test(token) || !Number.isSafeInteger(Number(token))) throw new SchemaError(`Invalid array index '${token}'`);
      const i = Number(token);
      if (i < 0 || i >= node.length) throw new SchemaError(`Out of bound array[0,${node.length}] index '${i}'`);
      node = node[i]!;
    } else throw new SchemaError(`Invalid token reference '${token}'`);
  }
  return node;
}

// ─── schema model ───────────────────────────────────────────────────────────────────────────

const DRAFT4 = 4, DRAFT6 = 6, DRAFT7 = 7, HYBRID = 2147483647;

const DRAFT_URLS: ReadonlyMap<string, number> = new Map([
  ["http://json-schema.org/draft-04/schema", DRAFT4],
  ["http://json-schema.org/draft-06/schema", DRAFT6],
  ["http://json-schema.org/draft-07/schema", DRAFT7],
]);

const JSON_TYPES = ["array", "boolean", "integer", "number", "null", "object", "string"];

/** One parsed (sub)schema: gojsonschema's `SubSchema`, plain data. */
interface Sub {
  draft: number;
  id: Ref;
  /** A boolean schema (draft 6 on). */
  pass?: boolean;
  /** The schema a `$ref` points to; validation follows it and nothing else. */
  ref?: Sub;
  types: string[];
  properties: [string, Sub][];
  additionalProperties?: boolean | Sub;
  patternProperties?: [string, Sub][];
  propertyNames?: Sub;
  dependencies?: [string, string[] | Sub][];
  items: Sub[];
  itemsSingle: boolean;
  additionalItems?: boolean | Sub;
  multipleOf?: Dec; minimum?: Dec; maximum?: Dec; exclusiveMinimum?: Dec; exclusiveMaximum?: Dec;
  minLength?: number; maxLength?: number;
  minProperties?: number; maxProperties?: number;
  minItems?: number; maxItems?: number;
  pattern?: string;
  format?: string;
  required: string[];
  uniqueItems: boolean;
  contains?: Sub;
  constant?: string;
  enumeration?: string[];
  oneOf: Sub[]; anyOf: Sub[]; allOf: Sub[];
  not?: Sub; if?: Sub; then?: Sub; else?: Sub;
}

/** A compiled schema: the root `Sub`. */
export interface CompiledSchema { readonly root: Sub }

function newSub(draft: number, id: Ref): Sub {
  return { draft, id, types: [], properties: [], items: [], itemsSingle: false, required: [], uniqueItems: false, oneOf: [], anyOf: [], allOf: [] };
}

const invalidType = (expected: string, given: string): SchemaError =>
  new SchemaError(`Invalid type. Expected: ${expected}, given: ${given}`);

const isSchemaNode = (v: Json | undefined): boolean => typeof v === "boolean" || isObject(v);

/** `parseSchemaURL`: the draft a document's `$schema` names. */
function schemaDraft(doc: Json): number | undefined {
  if (typeof doc === "boolean") return undefined;
  if (!isObject(doc)) throw new SchemaError("schema is invalid");
  const s = doc["$schema"];
  if (s === undefined) return undefined;
  if (typeof s !== "string") throw new SchemaError("$schema must be of type string");
  return DRAFT_URLS.get(parseRef(s).base);
}

interface PoolDocument { readonly doc: Json; readonly draft?: number }

class Compiler {
  /** Documents by reference text (gojsonschema's schemaPool). */
  private readonly pool = new Map<string, PoolDocument>();
  /** Parsed reference targets by reference text (its schemaReferencePool). */
  private readonly refs = new Map<string, Sub>();

  compile(doc: Json, defaultDraft: number): CompiledSchema {
    const rootRef = parseRef("");
    const draft = schemaDraft(doc);
    this.collectIds(doc, rootRef, draft);
    this.pool.set(rootRef.text, { doc, draft });
    const root = newSub(draft ?? defaultDraft, rootRef);
    this.parse(doc, root, undefined);
    return { root };
  }

  /** The pre-pass (`parseReferencesRecursive`): pool every `$id`, make every `$ref` absolute. */
  private collectIds(node: Json, base: Ref, draft: number | undefined): void {
    if (Array.isArray(node)) { for (const v of node) this.collectIds(v, base, draft); return; }
    if (!isObject(node)) return;
    let local = base;
    const id = node["id"] !== undefined ? node["id"] : node["$id"];
    if (typeof id === "string") {
      const resolved = tryRef(() => inherits(base, id));
      if (resolved) {
        if (this.pool.has(resolved.text)) throw new SchemaError(`Reference already exists: "${resolved.text}"`);
        this.pool.set(resolved.text, { doc: node, draft });
        local = resolved;
      }
    }
    const ref = node["$ref"];
    if (typeof ref === "string") {
      const resolved = tryRef(() => inherits(local, ref));
      if (resolved) node["$ref"] = resolved.text;
    }
    for (const k of goSortedKeys(node)) {
      if (k === "const" || k === "enum") continue;
      const v = node[k]!;
      if (k === "properties" || k === "dependencies" || k === "patternProperties") {
        if (isObject(v)) for (const c of goSortedKeys(v)) this.collectIds(v[c]!, local, draft);
      } else this.collectIds(v, local, draft);
    }
  }

  /** `GetDocument`: a pooled document, or a pointer into one. */
  private document(ref: Ref): PoolDocument {
    const hit = this.pool.get(ref.text);
    if (hit) return hit;
    const whole = this.pool.get(ref.base);
    if (whole) {
      const got = { doc: pointerGet(whole.doc, ref.pointer), draft: whole.draft };
      this.pool.set(ref.text, got);
      return got;
    }
    if (!ref.canonical) throw new SchemaError(`Reference ${ref.text} must be canonical`);
    // OPA would fetch it (a draft's meta-schema from a built-in copy, a file from disk, anything
    // else over HTTP). gpc evaluates offline: not a verdict on the schema but a builtin error, so
    // verify_schema too is undefined rather than a wrong [false, …].
    throw new BuiltinError(`remote reference ${ref.text} cannot be loaded: gpc evaluates schemas offline`);
  }

  private child(parent: Sub, node: Json): Sub {
    const sub = newSub(parent.draft, parent.id);
    this.parse(node, sub, parent);
    return sub;
  }

  private parse(node: Json, s: Sub, parent: Sub | undefined): void {
    if (s.draft >= DRAFT6 && typeof node === "boolean") { s.pass = node; return; }
    if (!isObject(node)) throw new SchemaError("Expected: Valid Schema, given: Invalid JSON");
    const m = node;
    const keyId = s.draft === DRAFT4 ? "id" : s.draft === HYBRID && m["id"] !== undefined ? "id" : "$id";
    const id = getString(m, keyId);
    if (id !== undefined) s.id = parent ? inherits(parent.id, id) : parseRef(id);

    if (m["definitions"] !== undefined) {
      const defs = m["definitions"];
      if (!isObject(defs)) throw invalidType("Array Of Schemas", "definitions");
      for (const k of goSortedKeys(defs)) {
        if (!isSchemaNode(defs[k])) throw invalidType("Array Of Schemas", "definitions");
        this.child(s, defs[k]!);
      }
    }
    getString(m, "title");
    getString(m, "description");

    const refText = getString(m, "$ref");
    if (refText !== undefined) {
      const ref = parseRef(refText);
      const known = this.refs.get(ref.text);
      if (known) s.ref = known;
      else {
        const target = newSub(s.draft, ref);
        this.refs.set(ref.text, target);
        const { doc, draft } = this.document(ref);
        if (draft !== undefined) target.draft = draft;
        if (!isSchemaNode(doc)) throw new SchemaError("Valid Schema must be of type object");
        this.parse(doc, target, s);
        s.ref = target;
        return;
      }
    }

    const type = m["type"];
    if (type !== undefined) {
      if (typeof type === "string") addType(s, type);
      else if (Array.isArray(type)) {
        for (const t of type) {
          if (typeof t !== "string") throw invalidType("type", "string/Array Of Strings");
          addType(s, t);
        }
      } else throw invalidType("type", "string/Array Of Strings");
    }

    if (m["properties"] !== undefined) {
      const props = m["properties"];
      if (!isObject(props)) throw new SchemaError("Properties must be of type object");
      for (const k of goSortedKeys(props)) s.properties.push([k, this.child(s, props[k]!)]);
    }
    const ap = m["additionalProperties"];
    if (ap !== undefined) {
      if (typeof ap === "boolean") s.additionalProperties = ap;
      else if (isObject(ap)) s.additionalProperties = this.child(s, ap);
      else throw invalidType("boolean/Valid Schema", "additionalProperties");
    }
    const pp = m["patternProperties"];
    if (pp !== undefined) {
      if (!isObject(pp)) throw invalidType("Valid Schema", "patternProperties");
      const keys = goSortedKeys(pp);
      if (keys.length > 0) {
        s.patternProperties = [];
        for (const k of keys) {
          if (!goRegexValid(k)) throw new SchemaError(`Invalid regex pattern '${k}'`);
          s.patternProperties.push([k, this.child(s, pp[k]!)]);
        }
      }
    }
    const pn = m["propertyNames"];
    if (pn !== undefined && s.draft >= DRAFT6) {
      if (!isSchemaNode(pn)) throw invalidType("Valid Schema", "patternProperties");
      s.propertyNames = this.child(s, pn);
    }
    if (m["dependencies"] !== undefined) {
      const deps = m["dependencies"];
      if (!isObject(deps)) throw new SchemaError("dependencies must be of type object");
      s.dependencies = [];
      for (const k of goSortedKeys(deps)) {
        const d = deps[k]!;
        if (Array.isArray(d)) {
          if (!d.every((x) => typeof x === "string")) throw new SchemaError("Dependency must be of type Schema Or Array Of Strings");
          if (d.length > 0) s.dependencies.push([k, d as string[]]);
        } else if (isSchemaNode(d)) s.dependencies.push([k, this.child(s, d)]);
        else throw new SchemaError("Dependency must be of type Schema Or Array Of Strings");
      }
    }
    const items = m["items"];
    if (items !== undefined) {
      if (Array.isArray(items)) {
        for (const it of items) {
          if (!isSchemaNode(it)) throw invalidType("Valid Schema/Array Of Schemas", "items");
          s.items.push(this.child(s, it));
        }
      } else if (isSchemaNode(items)) {
        s.items.push(this.child(s, items));
        s.itemsSingle = true;
      } else throw invalidType("Valid Schema/Array Of Schemas", "items");
    }
    const ai = m["additionalItems"];
    if (ai !== undefined) {
      if (typeof ai === "boolean") s.additionalItems = ai;
      else if (isObject(ai)) s.additionalItems = this.child(s, ai);
      else throw invalidType("boolean/Valid Schema", "additionalItems");
    }

    const mult = m["multipleOf"];
    if (mult !== undefined) {
      if (!(mult instanceof RawNumber)) throw invalidType("Number", "multipleOf");
      const d = dec(mult);
      if (d.m <= 0n) throw new SchemaError("multipleOf must be strictly greater than 0");
      s.multipleOf = d;
    }
    this.bound(s, m, "minimum", "exclusiveMinimum");
    this.bound(s, m, "maximum", "exclusiveMaximum");

    s.minLength = count(m, "minLength");
    s.maxLength = count(m, "maxLength");
    if (s.minLength !== undefined && s.maxLength !== undefined && s.minLength > s.maxLength) {
      throw new SchemaError("minLength cannot be greater than maxLength");
    }
    const pattern = getString(m, "pattern");
    if (pattern !== undefined) {
      if (!goRegexValid(pattern)) throw new SchemaError("pattern must be a valid regex");
      s.pattern = pattern;
    }
    s.format = getString(m, "format");
    s.minProperties = count(m, "minProperties");
    s.maxProperties = count(m, "maxProperties");
    if (s.minProperties !== undefined && s.maxProperties !== undefined && s.minProperties > s.maxProperties) {
      throw new SchemaError("minProperties cannot be greater than maxProperties");
    }
    for (const r of getSlice(m, "required") ?? []) {
      if (typeof r !== "string") throw invalidType("string", "required");
      if (s.required.includes(r)) throw new SchemaError("required items must be unique");
      s.required.push(r);
    }
    s.minItems = count(m, "minItems");
    s.maxItems = count(m, "maxItems");
    const unique = m["uniqueItems"];
    if (unique !== undefined) {
      if (typeof unique !== "boolean") throw new SchemaError("uniqueItems must be of a boolean");
      s.uniqueItems = unique;
    }
    if (m["contains"] !== undefined && s.draft >= DRAFT6) s.contains = this.child(s, m["contains"]);
    if (m["const"] !== undefined && s.draft >= DRAFT6) s.constant = canonical(m["const"]);
    const en = getSlice(m, "enum");
    if (en !== undefined) {
      s.enumeration = [];
      for (const v of en) {
        const c = canonical(v);
        if (s.enumeration.includes(c)) throw new SchemaError("enum items must be unique");
        s.enumeration.push(c);
      }
    }
    for (const v of getSlice(m, "oneOf") ?? []) s.oneOf.push(this.child(s, v));
    for (const v of getSlice(m, "anyOf") ?? []) s.anyOf.push(this.child(s, v));
    for (const v of getSlice(m, "allOf") ?? []) s.allOf.push(this.child(s, v));
    const keywords = s.draft >= DRAFT7 ? (["not", "if", "then", "else"] as const) : (["not"] as const);
    for (const k of keywords) {
      const v = m[k];
      if (v === undefined) continue;
      if (!isSchemaNode(v)) throw new SchemaError(`${k} must be of an object`);
      s[k] = this.child(s, v);
    }
  }

  /** minimum/maximum and their exclusive forms, as each draft spells them. */
  private bound(s: Sub, m: JsonObject, key: "minimum" | "maximum", exclusiveKey: "exclusiveMinimum" | "exclusiveMaximum"): void {
    const v = m[key];
    if (v !== undefined) {
      if (!(v instanceof RawNumber)) throw new SchemaError(`${key} must be of a Number`);
      s[key] = dec(v);
    }
    const x = m[exclusiveKey];
    if (x === undefined) return;
    if (s.draft === DRAFT4 || (s.draft === HYBRID && typeof x === "boolean")) {
      if (typeof x !== "boolean") throw invalidType("boolean", exclusiveKey);
      if (s[key] === undefined) throw new SchemaError(`${exclusiveKey} cannot be used without ${key}`);
      if (x) { s[exclusiveKey] = s[key]; s[key] = undefined; }
    } else if (x instanceof RawNumber) s[exclusiveKey] = dec(x);
    else throw invalidType(s.draft === HYBRID ? "boolean/number" : "number", exclusiveKey);
  }
}

function tryRef(f: () => Ref): Ref | undefined {
  try { return f(); } catch (e) { if (e instanceof SchemaError) return undefined; throw e; }
}

function addType(s: Sub, t: string): void {
  if (!JSON_TYPES.includes(t)) {
    throw new SchemaError(`has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${JSON_TYPES.join(" ")}]`);
  }
  if (s.types.includes(t)) throw new SchemaError(`${t} type is duplicated`);
  s.types.push(t);
}

function getString(m: JsonObject, key: string): string | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidType("string", key);
  return v;
}

function getSlice(m: JsonObject, key: string): Json[] | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new SchemaError(`${key} must be of an array`);
  return v;
}

/** A non-negative integer keyword (minLength, maxItems, …). */
function count(m: JsonObject, key: string): number | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  const n = mustBeInteger(v);
  if (n === undefined) throw new SchemaError(`${key} must be of an integer`);
  if (n < 0) throw new SchemaError(`${key} must be greater than or equal to 0`);
  return n;
}

/**
 * Compile a schema document (already decoded JSON); throws `SchemaError` with gojsonschema's
 * message. `draft`: the draft of a schema without `$schema` (gojsonschema's `SchemaLoader.Draft`);
 * OPA leaves it unset, gojsonschema's hybrid of drafts 4 to 7.
 */
export function compileSchema(doc: Json, draft?: 4 | 6 | 7): CompiledSchema {
  return new Compiler().compile(doc, draft ?? HYBRID);
}

// ─── validation ─────────────────────────────────────────────────────────────────────────────

/** One validation error as `json.match_schema` reports it. */
export interface SchemaViolation {
  /** gojsonschema's error type (`invalid_type`, `required`, …). */
  readonly type: string;
  /** The path of the failing value, `(Root)` for the document itself. */
  readonly field: string;
  readonly desc: string;
}

const ROOT = "(Root)";

class Result {
  readonly errors: SchemaViolation[] = [];
  score = 0;
  get valid(): boolean { return this.errors.length === 0; }
  add(type: string, context: string, desc: string): void {
    this.errors.push({ type, field: fieldOf(context), desc });
    this.score -= 2;
  }
  merge(other: Result): void {
    this.errors.push(...other.errors);
    this.score += other.score;
  }
}

const fieldOf = (context: string): string => (context.startsWith(`${ROOT}.`) ? context.slice(ROOT.length + 1) : context);

/** Nested schema applications one validation may stack (a `$ref` cycle on the same value ends here). */
const MAX_DEPTH = 2_000;
/** Schema applications one validation may make (nested anyOf/oneOf over `$ref`s grow exponentially). */
export const MAX_APPLICATIONS = 5_000_000;

const typesText = (s: Sub): string => (s.types.length > 1 ? `[${s.types.join(",")}]` : s.types[0]!);

class Validator {
  private depth = 0;
  private applications = 0;

  sub(s: Sub, node: Json, context: string): Result {
    const r = new Result();
    this.recursive(s, node, r, context);
    return r;
  }

  recursive(s: Sub, node: Json, r: Result, ctx: string): void {
    if (++this.depth > MAX_DEPTH) throw new BuiltinError("JSON schema validation nests too deep (a $ref cycle?)");
    if (++this.applications > MAX_APPLICATIONS) throw new BuiltinError(`JSON schema validation exceeded ${MAX_APPLICATIONS} schema applications`);
    try { this.apply(s, node, r, ctx); } finally { this.depth--; }
  }

  private apply(s: Sub, node: Json, r: Result, ctx: string): void {
    if (s.pass !== undefined) {
      if (!s.pass) r.add("false", ctx, "False always fails validation");
      return;
    }
    if (s.ref) { this.recursive(s.ref, node, r, ctx); return; }
    const typed = s.types.length > 0;
    const wrongType = (given: string): void => r.add("invalid_type", ctx, `Invalid type. Expected: ${typesText(s)}, given: ${given}`);
    if (node === null) {
      if (typed && !s.types.includes("null")) { wrongType("null"); return; }
      this.schema(s, node, r, ctx);
      this.common(s, node, r, ctx);
    } else if (node instanceof RawNumber) {
      const d = dec(node);
      const int = isInteger(d);
      if (typed && !(s.types.includes("number") || (int && s.types.includes("integer")))) { wrongType(int ? "integer" : "number"); return; }
      this.schema(s, node, r, ctx);
      this.number(s, d, r, ctx);
      this.common(s, node, r, ctx);
    } else if (Array.isArray(node)) {
      if (typed && !s.types.includes("array")) { wrongType("array"); return; }
      this.schema(s, node, r, ctx);
      this.array(s, node, r, ctx);
      this.common(s, node, r, ctx);
    } else if (isObject(node)) {
      if (typed && !s.types.includes("object")) { wrongType("object"); return; }
      this.schema(s, node, r, ctx);
      this.object(s, node, r, ctx);
      this.common(s, node, r, ctx);
      for (const [name, p] of s.properties) {
        if (Object.prototype.hasOwnProperty.call(node, name)) this.recursive(p, node[name]!, r, `${ctx}.${name}`);
      }
    } else if (typeof node === "boolean") {
      if (typed && !s.types.includes("boolean")) { wrongType("boolean"); return; }
      this.schema(s, node, r, ctx);
      this.common(s, node, r, ctx);
    } else {
      if (typed && !s.types.includes("string")) { wrongType("string"); return; }
      this.schema(s, node, r, ctx);
      this.common(s, node, r, ctx);
      this.string(s, node, r, ctx);
    }
    r.score++;
  }

  /** Combinators, dependencies and conditionals (`validateSchema`). */
  private schema(s: Sub, node: Json, r: Result, ctx: string): void {
    if (s.anyOf.length > 0) {
      let best: Result | undefined;
      let matched = false;
      for (const a of s.anyOf) {
        const res = this.sub(a, node, ctx);
        if (res.valid) { matched = true; break; }
        if (!best || res.score > best.score) best = res;
      }
      if (!matched) {
        r.add("number_any_of", ctx, "Must validate at least one schema (anyOf)");
        if (best) r.merge(best);
      }
    }
    if (s.oneOf.length > 0) {
      let matches = 0;
      let best: Result | undefined;
      for (const o of s.oneOf) {
        const res = this.sub(o, node, ctx);
        if (res.valid) matches++;
        else if (matches === 0 && (!best || res.score > best.score)) best = res;
      }
      if (matches !== 1) {
        r.add("number_one_of", ctx, "Must validate one and only one schema (oneOf)");
        if (matches === 0 && best) r.merge(best);
      }
    }
    if (s.allOf.length > 0) {
      let matches = 0;
      for (const a of s.allOf) {
        const res = this.sub(a, node, ctx);
        if (res.valid) matches++;
        r.merge(res);
      }
      if (matches !== s.allOf.length) r.add("number_all_of", ctx, "Must validate all the schemas (allOf)");
    }
    if (s.not && this.sub(s.not, node, ctx).valid) r.add("number_not", ctx, "Must not validate the schema (not)");
    if (s.dependencies && s.dependencies.length > 0 && isObject(node)) {
      for (const [key, dep] of s.dependencies) {
        if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
        if (Array.isArray(dep)) {
          for (const d of dep) {
            if (!Object.prototype.hasOwnProperty.call(node, d)) r.add("missing_dependency", ctx, `Has a dependency on ${d}`);
          }
        } else this.recursive(dep, node, r, ctx);
      }
    }
    if (s.if) {
      const cond = this.sub(s.if, node, ctx).valid;
      const branch = cond ? s.then : s.else;
      if (branch) {
        const res = this.sub(branch, node, ctx);
        if (!res.valid) {
          if (cond) r.add("condition_then", ctx, 'Must validate "then" as "if" was valid');
          else r.add("condition_else", ctx, 'Must validate "else" as "if" was not valid');
          r.merge(res);
        }
      }
    }
    r.score++;
  }

  /** const, enum, format (`validateCommon`). */
  private common(s: Sub, node: Json, r: Result, ctx: string): void {
    if (s.constant !== undefined || s.enumeration !== undefined) {
      const c = canonical(node);
      if (s.constant !== undefined && c !== s.constant) r.add("const", ctx, `${fieldOf(ctx)} does not match: ${s.constant}`);
      if (s.enumeration !== undefined && !s.enumeration.includes(c)) {
        r.add("enum", ctx, `${fieldOf(ctx)} must be one of the following: ${s.enumeration.join(", ")}`);
      }
    }
    if (s.format !== undefined && s.format !== "" && !isFormat(s.format, node)) {
      r.add("format", ctx, `Does not match format '${s.format}'`);
    }
    r.score++;
  }

  private array(s: Sub, a: Json[], r: Result, ctx: string): void {
    if (s.itemsSingle) {
      a.forEach((v, i) => r.merge(this.sub(s.items[0]!, v, `${ctx}.${i}`)));
    } else if (s.items.length > 0) {
      const n = Math.min(s.items.length, a.length);
      for (let i = 0; i < n; i++) r.merge(this.sub(s.items[i]!, a[i]!, `${ctx}.${i}`));
      if (s.items.length < a.length) {
        const extra = s.additionalItems;
        if (extra === false) r.add("array_no_additional_items", ctx, "No additional items allowed on array");
        else if (typeof extra === "object") {
          for (let i = s.items.length; i < a.length; i++) r.merge(this.sub(extra, a[i]!, `${ctx}.${i}`));
        }
      }
    }
    if (s.minItems !== undefined && a.length < s.minItems) r.add("array_min_items", ctx, `Array must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && a.length > s.maxItems) r.add("array_max_items", ctx, `Array must have at most ${s.maxItems} items`);
    if (s.uniqueItems) {
      const seen = new Map<string, number>();
      a.forEach((v, j) => {
        const c = canonical(v);
        const i = seen.get(c);
        if (i !== undefined) r.add("unique", ctx, `array items[${i},${j}] must be unique`);
        seen.set(c, j);
      });
    }
    if (s.contains) {
      let matched = false;
      let best: Result | undefined;
      for (let i = 0; i < a.length; i++) {
        const res = this.sub(s.contains, a[i]!, `${ctx}.${i}`);
        if (res.valid) { matched = true; break; }
        if (!best || res.score > best.score) best = res;
      }
      if (!matched) {
        r.add("contains", ctx, "At least one of the items must match");
        if (best) r.merge(best);
      }
    }
    r.score++;
  }

  private object(s: Sub, o: JsonObject, r: Result, ctx: string): void {
    const keys = goSortedKeys(o);
    if (s.minProperties !== undefined && keys.length < s.minProperties) r.add("array_min_properties", ctx, `Must have at least ${s.minProperties} properties`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) r.add("array_max_properties", ctx, `Must have at most ${s.maxProperties} properties`);
    for (const req of s.required) {
      if (Object.prototype.hasOwnProperty.call(o, req)) r.score++;
      else r.add("required", ctx, `${req} is required`);
    }
    for (const k of keys) {
      const declared = s.properties.some(([name]) => name === k);
      const patterned = this.patternProperties(s, k, o[k]!, r, ctx);
      if (declared || patterned) continue;
      const ap = s.additionalProperties;
      if (ap === false) r.add("additional_property_not_allowed", ctx, `Additional property ${k} is not allowed`);
      else if (typeof ap === "object") r.merge(this.sub(ap, o[k]!, `${ctx}.${k}`));
    }
    if (s.propertyNames) {
      for (const k of keys) {
        const res = this.sub(s.propertyNames, k, ctx);
        if (!res.valid) {
          r.add("invalid_property_name", ctx, `Property name of "${k}" does not match`);
          r.merge(res);
        }
      }
    }
    r.score++;
  }

  private patternProperties(s: Sub, key: string, value: Json, r: Result, ctx: string): boolean {
    let matched = false;
    for (const [pattern, p] of s.patternProperties ?? []) {
      if (!goRegexMatch(pattern, key)) continue;
      matched = true;
      r.merge(this.sub(p, value, `${ctx}.${key}`));
    }
    if (matched) r.score++;
    return matched;
  }

  private string(s: Sub, v: string, r: Result, ctx: string): void {
    const runes = [...v].length;
    if (s.minLength !== undefined && runes < s.minLength) r.add("string_gte", ctx, `String length must be greater than or equal to ${s.minLength}`);
    if (s.maxLength !== undefined && runes > s.maxLength) r.add("string_lte", ctx, `String length must be less than or equal to ${s.maxLength}`);
    if (s.pattern !== undefined && !goRegexMatch(s.pattern, v)) r.add("pattern", ctx, `Does not match pattern '${s.pattern}'`);
    r.score++;
  }

  private number(s: Sub, d: Dec, r: Result, ctx: string): void {
    if (s.multipleOf && !divides(s.multipleOf, d)) r.add("multiple_of", ctx, `Must be a multiple of ${formatFloat(s.multipleOf)}`);
    if (s.maximum && cmp(d, s.maximum) > 0) r.add("number_lte", ctx, `Must be less than or equal to ${formatFloat(s.maximum)}`);
    if (s.exclusiveMaximum && cmp(d, s.exclusiveMaximum) >= 0) r.add("number_lt", ctx, `Must be less than ${formatFloat(s.exclusiveMaximum)}`);
    if (s.minimum && cmp(d, s.minimum) < 0) r.add("number_gte", ctx, `Must be greater than or equal to ${formatFloat(s.minimum)}`);
    if (s.exclusiveMinimum && cmp(d, s.exclusiveMinimum) <= 0) r.add("number_gt", ctx, `Must be greater than ${formatFloat(s.exclusiveMinimum)}`);
    r.score++;
  }
}

/** Validate a decoded document against a compiled schema: gojsonschema's error list, in its order. */
export function validateSchema(schema: CompiledSchema, doc: Json): SchemaViolation[] {
  return new Validator().sub(schema.root, doc, ROOT).errors;
}

// ─── the builtins ───────────────────────────────────────────────────────────────────────────

/** OPA's `astValueToJSONSchemaLoader` then `LoadJSON`: a JSON string is decoded, an object or array taken as is. */
function load(v: Json | undefined): Json {
  if (typeof v === "string") {
    try { return parseJson(v); } catch { throw new SchemaError("invalid JSON string"); }
  }
  if (isObject(v) || Array.isArray(v)) return v;
  throw new SchemaError("wrong type, expected string or object");
}

/** Compiled schemas by their JSON text: policies call match_schema with one schema many times. */
const CACHE = new Map<string, CompiledSchema>();
const CACHE_SIZE = 64;

function compileCached(v: Json | undefined): CompiledSchema {
  const key = JSON.stringify(v, (_k, x: unknown) => (typeof x === "string" ? `s${x}` : x instanceof RawNumber ? `n${x.text}` : x));
  const hit = CACHE.get(key);
  if (hit) return hit;
  const compiled = compileSchema(load(v));
  if (CACHE.size >= CACHE_SIZE) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(key, compiled);
  return compiled;
}

const verifySchema: HostImpl = (args) => {
  try {
    compileCached(args[0]);
  } catch (e) {
    if (e instanceof SchemaError) return [false, `jsonschema: ${e.message}`];
    throw e;
  }
  return [true, null];
};

const matchSchema: HostImpl = (args) => {
  const doc = load(args[0]);
  const errors = validateSchema(compileCached(args[1]), doc);
  return [errors.length === 0, errors.map((e) => {
    const o: JsonObject = Object.create(null) as JsonObject;
    o["desc"] = e.desc;
    o["error"] = `${e.field}: ${e.desc}`;
    o["field"] = e.field;
    o["type"] = e.type;
    return o;
  })];
};

export const JSONSCHEMA_BUILTINS: ReadonlyMap<string, HostImpl> = new Map<string, HostImpl>([
  ["json.verify_schema", verifySchema],
  ["json.match_schema", matchSchema],
]);
