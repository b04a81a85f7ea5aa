/**
 * One YAML document's text → the JSON value Kubernetes sees, bounded.
 *
 * Input: the text of one document (directives and `---` included) and the limits. Output: the
 * value (YAML 1.1 scalars resolved as go-yaml v2 does, non-string keys turned into strings as
 * sigs.k8s.io/yaml does, merge keys `<<` applied, aliases expanded) plus problems: errors (the
 * document has no value) and warnings (duplicate keys: the last one wins, as the API server reads
 * them with its default `fieldValidation=Warn`).
 *
 * The parser is the `yaml` package (eemeli/yaml) in its failsafe schema, so every scalar arrives
 * as text with its style and tag and the resolution is ours; its CST is checked for depth before
 * composing (composition recurses), and the conversion is an explicit-stack walk that counts
 * every value it creates, aliases expanded, against `maxNodes`. Files that go-yaml accepts but
 * the `yaml` package rejects — a flow collection or quoted scalar continued at or left of its
 * key's column — are retried once with those continuation lines indented (which does not change
 * their value: leading white space of flow and quoted continuation lines is insignificant).
 */
import { Composer, isAlias, isMap, isScalar, isSeq, Parser, type CST, type Document, type Node as YNode } from "yaml";
import { keyString, resolvePlain, resolveTagged, ScalarError, type Resolved } from "./scalar.js";
import type { ReadLimits } from "./limits.js";

/** A problem in one document; `offset` is a character offset into the document's text. */
export interface YamlProblem {
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly offset?: number;
}

/** What parsing one document gave: `value` is undefined when it had an error or was empty. */
export interface YamlDocResult {
  readonly value?: unknown;
  /** The document holds no node (only comments, directives or markers). */
  readonly empty: boolean;
  readonly problems: YamlProblem[];
}

type Limits = Pick<ReadLimits, "maxDepth" | "maxNodes">;

const COMPOSE = { schema: "failsafe", uniqueKeys: false, strict: false, version: "1.1" } as const;

/** Parses one YAML document (the caller splits streams at `---`). Never throws for bad input. */
export function parseYamlDocument(text: string, limits: Limits): YamlDocResult {
  const version = /^%YAML[ \t]+(\S+)/m.exec(text);
  if (version && version[1] !== "1.1") {
    // go-yaml v2 (what Kubernetes reads with) accepts only `%YAML 1.1`.
    return { empty: false, problems: [{ severity: "error", message: `invalid YAML: found incompatible YAML document (%YAML ${version[1]}; Kubernetes reads YAML 1.1)`, offset: version.index }] };
  }
  let r = parseOnce(text, limits);
  if (r.retry) {
    const relaxed = relaxIndentation(text);
    if (relaxed !== undefined) {
      const again = parseOnce(relaxed, limits);
      if (!again.retry) r = again;
    }
  }
  return r.result;
}

function parseOnce(text: string, limits: Limits): { result: YamlDocResult; retry: boolean } {
  const tokens: CST.Token[] = [];
  for (const t of new Parser().parse(text)) tokens.push(t);
  const docs = tokens.filter((t) => t.type === "document") as CST.Document[];
  if (docs.length > 1) return { result: { empty: false, problems: [{ severity: "error", message: "invalid YAML: more than one document in one document's text" }] }, retry: false };
  const depth = cstDepth(tokens, limits.maxDepth);
  if (depth.over) return { result: { empty: false, problems: [{ severity: "error", message: `nesting deeper than ${limits.maxDepth} levels`, offset: depth.offset }] }, retry: false };
  const composer = new Composer(COMPOSE);
  const out: Document.Parsed[] = [];
  for (const t of tokens) for (const d of composer.next(t)) out.push(d);
  for (const d of composer.end()) out.push(d);
  const doc = out[0];
  if (!doc) return { result: { empty: true, problems: [] }, retry: false };
  const errs = doc.errors.filter((e) => e.code !== "TAG_RESOLVE_FAILED");
  if (errs.length) {
    const e = errs[0]!;
    return { result: { empty: false, problems: [{ severity: "error", message: `invalid YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`, offset: e.pos[0] }] }, retry: errs.some((x) => x.code === "BAD_INDENT" || x.code === "MISSING_CHAR" || x.code === "UNEXPECTED_TOKEN" || x.code === "BAD_SCALAR_START") };
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === "" && doc.contents.type === "PLAIN" && !doc.contents.tag)) return { result: { empty: true, problems: [] }, retry: false };
  return { result: toJson(doc.contents as YNode, limits), retry: false };
}

/** The nesting depth of a CST, iteratively, stopping past `max`. */
function cstDepth(tokens: readonly CST.Token[], max: number): { over: boolean; offset?: number } {
  const stack: { t: CST.Token | null | undefined; d: number }[] = tokens.map((t) => ({ t, d: 0 }));
  while (stack.length) {
    const { t, d } = stack.pop()!;
    if (!t) continue;
    switch (t.type) {
      case "document": stack.push({ t: t.value, d }); break;
      case "block-map": case "block-seq": case "flow-collection":
        if (d + 1 > max) return { over: true, offset: t.offset };
        for (const it of t.items) {
          const item = it as { key?: CST.Token | null; value?: CST.Token };
          stack.push({ t: item.key, d: d + 1 }, { t: item.value, d: d + 1 });
        }
        break;
      default: break;
    }
  }
  return { over: false };
}

class Stop extends Error {
  constructor(message: string, readonly offset?: number) { super(message); }
}

/** The JSON value of a composed document: an explicit-stack walk with depth and node budgets. */
function toJson(root: YNode, limits: Limits): YamlDocResult {
  const problems: YamlProblem[] = [];
  let nodes = 0;
  // Aliases refer to the latest anchor before them, in document order (a pre-order walk).
  const targets = new Map<YNode, YNode>();
  {
    const anchors = new Map<string, YNode>();
    const walk: (YNode | null | undefined)[] = [root];
    while (walk.length) {
      const n = walk.pop();
      if (!n) continue;
      if (isAlias(n)) { const t = anchors.get(n.source); if (t) targets.set(n, t); continue; }
      if ((n as { anchor?: string }).anchor) anchors.set((n as { anchor: string }).anchor, n);
      if (isMap(n)) for (let i = n.items.length - 1; i >= 0; i--) { walk.push(n.items[i]!.value as YNode | null); walk.push(n.items[i]!.key as YNode | null); }
      else if (isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) walk.push(n.items[i] as YNode | null);
    }
  }
  const deref = (n: YNode, depth: number): YNode => {
    let cur = n, hops = 0;
    while (isAlias(cur)) {
      const t = targets.get(cur);
      if (!t) throw new Stop(`invalid YAML: unknown anchor "${cur.source}" referenced`, cur.range?.[0]);
      cur = t;
      if (++hops > limits.maxDepth || depth > limits.maxDepth) throw new Stop(`nesting deeper than ${limits.maxDepth} levels (through aliases)`, n.range?.[0]);
    }
    return cur;
  };
  const scalarOf = (n: YNode): Resolved => {
    const s = n as unknown as { value: string; type?: string; tag?: string; range?: [number, number, number] };
    try {
      if (s.tag) return resolveTagged(s.tag, String(s.value));
      if (s.type === "PLAIN") return resolvePlain(String(s.value));
      return { value: String(s.value), tag: "!!str" };
    } catch (e) {
      if (e instanceof ScalarError) throw new Stop(e.message, s.range?.[0]);
      throw e;
    }
  };
  const count = (n: YNode) => { if (++nodes > limits.maxNodes) throw new Stop(`more than ${limits.maxNodes.toLocaleString("en-US")} values (YAML aliases expanded): over the limit`, n.range?.[0]); };

  type Slot = { set: (v: unknown) => void; node: YNode | null; depth: number };
  const convertInto = (first: Slot) => {
    const work: Slot[] = [first];
    while (work.length) {
      const { set, node, depth } = work.pop()!;
      if (node === null || node === undefined) { set(null); continue; }
      const n = deref(node, depth);
      count(n);
      if (depth > limits.maxDepth) throw new Stop(`nesting deeper than ${limits.maxDepth} levels`, n.range?.[0]);
      if (isScalar(n)) { set(scalarOf(n).value); continue; }
      if (isSeq(n)) {
        const arr: unknown[] = new Array(n.items.length);
        set(arr);
        for (let i = n.items.length - 1; i >= 0; i--) { const idx = i; work.push({ set: (v) => { arr[idx] = v; }, node: n.items[i] as YNode | null, depth: depth + 1 }); }
        continue;
      }
      if (isMap(n)) {
        const obj: Record<string, unknown> = {};
        set(obj);
        const explicit = new Map<string, number>();
        const pending: Slot[] = [];
        for (const pair of n.items) {
          const kNode = pair.key as YNode | null;
          const k = kNode === null ? undefined : deref(kNode, depth);
          if (k && isScalar(k) && (k as { type?: string }).type === "PLAIN" && !(k as { tag?: string }).tag && k.value === "<<") {
            for (const [mk, mv] of mergeSource(pair.value as YNode | null, depth)) put(obj, mk, mv);
            continue;
          }
          if (k !== undefined && !isScalar(k)) throw new Stop(`a ${isMap(k) ? "mapping" : "sequence"} as a mapping key cannot become a JSON key`, k.range?.[0]);
          let key: string;
          try { key = k === undefined ? "" : keyString(scalarOf(k)); } catch (e) { throw e instanceof ScalarError ? new Stop(e.message, k?.range?.[0]) : e; }
          if (k === undefined) throw new Stop("a null mapping key cannot become a JSON key", n.range?.[0]);
          if (explicit.has(key)) problems.push({ severity: "warning", message: `duplicate key "${key}" (the last one wins, as the API server reads it)`, offset: k.range?.[0] });
          explicit.set(key, 1);
          const v = pair.value as YNode | null;
          const vd = v === null ? null : deref(v, depth + 1);
          if (vd === null || isScalar(vd)) {
            if (vd) count(vd);
            put(obj, key, vd === null ? null : scalarOf(vd).value);
          } else {
            // A placeholder keeps the key's position; a later merge key may still replace it.
            const hole = {};
            put(obj, key, hole);
            pending.push({ set: (x) => { if (obj[key] === hole) put(obj, key, x); }, node: vd, depth: depth + 1 });
          }
        }
        for (let i = pending.length - 1; i >= 0; i--) work.push(pending[i]!);
        continue;
      }
      throw new Stop("unsupported YAML node", n.range?.[0]);
    }
  };
  /** The key/value pairs a merge key brings in, in go-yaml v2's order (sequence: last map first, so earlier ones win). */
  const mergeSource = (v: YNode | null, depth: number): [string, unknown][] => {
    if (v === null) throw new Stop("map merge requires a map or sequence of maps as the value");
    const m = deref(v, depth + 1);
    const maps: YNode[] = isMap(m) ? [m] : isSeq(m) ? [...(m.items as YNode[])].reverse().map((x) => deref(x, depth + 1)) : [];
    if (!maps.length || maps.some((x) => !isMap(x))) throw new Stop("map merge requires a map or sequence of maps as the value", m.range?.[0]);
    const out: [string, unknown][] = [];
    for (const x of maps) {
      let val: unknown;
      convertInto({ set: (y) => { val = y; }, node: x, depth: depth + 1 });
      for (const [kk, vv] of Object.entries(val as Record<string, unknown>)) out.push([kk, vv]);
    }
    return out;
  };
  let value: unknown;
  try {
    convertInto({ set: (v) => { value = v; }, node: root, depth: 1 });
  } catch (e) {
    if (e instanceof Stop) return { empty: false, problems: [...problems, { severity: "error", message: e.message, ...(e.offset !== undefined ? { offset: e.offset } : {}) }] };
    throw e;
  }
  return { value, empty: false, problems };
}

/** Sets a key, `__proto__` included, as an own data property. */
export function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Indents the continuation lines of flow collections and multi-line quoted scalars that start
 * at or left of the line that opened them — go-yaml (libyaml) does not check their indentation,
 * the `yaml` package does. Returns undefined when nothing changes.
 */
export function relaxIndentation(text: string): string | undefined {
  const lines = text.split("\n");
  let quote: "" | "'" | '"' = "";
  let flow = 0;
  let ctxIndent = -1;
  let blockParent = -1; // inside a block scalar whose parent line has this indentation
  let changed = false;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li]!;
    const indent = line.length - line.trimStart().length;
    if (blockParent >= 0) {
      if (line.trim() === "" || indent > blockParent) continue;
      blockParent = -1;
    }
    if ((quote || flow > 0) && line.trim() !== "" && indent <= ctxIndent) {
      line = " ".repeat(ctxIndent + 1 - indent) + line;
      lines[li] = line;
      changed = true;
    } else if (!quote && flow === 0) ctxIndent = indent;
    let prev = "^"; // the last significant character on this line ("^": none yet)
    for (let i: number = quote || flow > 0 ? 0 : indent; i < line.length; i++) {
      const c: string = line[i]!;
      if (quote === '"') { if (c === "\\") i++; else if (c === '"') { quote = ""; prev = "x"; } continue; }
      if (quote === "'") { if (c === "'" && line[i + 1] === "'") i++; else if (c === "'") { quote = ""; prev = "x"; } continue; }
      if (c === " " || c === "\t") continue;
      const tokenStart = prev === "^" || prev === ":" || prev === "-" || prev === "," || prev === "[" || prev === "{" || prev === "?";
      if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) break;
      if ((c === '"' || c === "'") && tokenStart) { quote = c; continue; }
      if ((c === "[" || c === "{") && (tokenStart || flow > 0)) { flow++; prev = c; continue; }
      if ((c === "]" || c === "}") && flow > 0) { flow--; prev = "x"; continue; }
      if ((c === "|" || c === ">") && flow === 0 && (prev === ":" || prev === "-" || prev === "^")) { blockParent = indent; break; }
      if (c === ":" || c === "-" || c === "," || c === "?") {
        const next = line[i + 1];
        if (c === "," && flow > 0) { prev = ","; continue; }
        if (next === undefined || next === " " || next === "\t" || (flow > 0 && (next === "," || next === "]" || next === "}"))) { prev = c; continue; }
      }
      prev = "x";
    }
  }
  return changed ? lines.join("\n") : undefined;
}
