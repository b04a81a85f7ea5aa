/**
 * One YAML document's text → the JSON value Kubernetes sees, bounded.
 *
 * Input: the text of one document (directives and `---` included) and the limits. Output: the
 * value (YAML 1.1 scalars resolved as go-yaml v2 does, non-string keys turned into strings as
 * sigs.k8s.io/yaml does, merge keys `<<` applied as go-yaml v2 applies them, aliases expanded)
 * plus problems: errors (the document then has no value) and warnings (duplicate keys: the last
 * one wins, as the API server reads them with its default `fieldValidation=Warn`).
 *
 * The parser is js-yaml's event parser (`parseEvents`: a flat list of events with each scalar's
 * style, tag, anchor and offsets, nesting bounded by `maxDepth` inside the parser), so resolution
 * is ours and exact; the events become values in one explicit-stack loop that replays an
 * anchor's events for each alias and counts every value it creates against `maxNodes` — the
 * alias budget is on the expanded size. Files that go-yaml accepts but js-yaml rejects — a flow
 * collection or quoted scalar continued at or left of its key's column — are retried once with
 * those continuation lines indented, which does not change their value (leading white space of
 * flow and quoted continuation lines is insignificant).
 */
import { getScalarValue, parseEvents, YAMLException } from "js-yaml";
import { keyString, resolvePlain, resolveTagged, ScalarError, type Resolved } from "./scalar.js";
import type { ReadLimits } from "./limits.js";

/** A problem in one document; `offset` is a character offset into the text parsed, `line` its 0-based line in the document. */
export interface YamlProblem {
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly offset?: number;
  readonly line?: number;
}

/** What parsing one document gave: `value` is undefined when it had an error or was empty. */
export interface YamlDocResult {
  readonly value?: unknown;
  /** The document holds no node (only comments, directives or markers). */
  readonly empty: boolean;
  readonly problems: YamlProblem[];
}

type Limits = Pick<ReadLimits, "maxDepth" | "maxNodes">;
type Events = ReturnType<typeof parseEvents>;
type Ev = Events[number];

const E = { DOCUMENT: 1, SEQUENCE: 2, MAPPING: 3, SCALAR: 4, ALIAS: 5, POP: 6 } as const;
const PLAIN = 1;

/** Parses one YAML document (the caller splits streams at `---`). Never throws for bad input. */
export function parseYamlDocument(text: string, limits: Limits): YamlDocResult {
  const version = /^%YAML[ \t]+(\S+)/m.exec(text);
  if (version && version[1] !== "1.1") {
    // go-yaml v2 (what Kubernetes reads with) accepts only `%YAML 1.1`.
    return { empty: false, problems: [{ severity: "error", message: `invalid YAML: found incompatible YAML document (%YAML ${version[1]}; Kubernetes reads YAML 1.1)`, offset: version.index }] };
  }
  let parsed = events(text, limits);
  if ("error" in parsed && !parsed.depth) {
    const relaxed = relaxIndentation(text);
    if (relaxed !== undefined) {
      const again = events(relaxed, limits);
      if (!("error" in again)) { parsed = again; text = relaxed; }
    }
  }
  if ("error" in parsed) return withLines(text, { empty: false, problems: [parsed.error] });
  const docs = parsed.events.filter((e) => e.type === E.DOCUMENT).length;
  if (docs > 1) return { empty: false, problems: [{ severity: "error", message: "invalid YAML: more than one document in one document's text" }] };
  return withLines(text, construct(text, parsed.events, limits));
}

/** Adds each problem's 0-based line in `text` (the text the offsets refer to: a relaxed one keeps its lines). */
function withLines(text: string, r: YamlDocResult): YamlDocResult {
  return { ...r, problems: r.problems.map((p) => {
    if (p.offset === undefined) return p;
    let n = 0;
    for (let i = text.indexOf("\n"); i >= 0 && i < p.offset; i = text.indexOf("\n", i + 1)) n++;
    return { ...p, line: n };
  }) };
}

function events(text: string, limits: Limits): { events: Events } | { error: YamlProblem; depth: boolean } {
  try {
    return { events: parseEvents(text, { maxDepth: limits.maxDepth }) };
  } catch (e) {
    if (!(e instanceof YAMLException)) {
      if (e instanceof RangeError) return { error: { severity: "error", message: `nesting deeper than ${limits.maxDepth} levels` }, depth: true };
      throw e;
    }
    const mark = e.mark as { position?: number } | undefined;
    const reason = e.reason ?? e.message;
    const depth = /maxDepth/.test(reason);
    return { error: { severity: "error", message: depth ? `nesting deeper than ${limits.maxDepth} levels` : `invalid YAML: ${reason}`, ...(mark?.position !== undefined ? { offset: mark.position } : {}) }, depth };
  }
}

class Stop extends Error {
  constructor(message: string, readonly offset?: number) { super(message); }
}

/** A collection being filled. */
type Frame =
  | { kind: "seq"; value: unknown[]; depth: number }
  | { kind: "map"; value: Record<string, unknown>; depth: number; key?: { name: string; merge: boolean; offset: number }; explicit: Set<string> };

/** Events → the document's value: one loop, an explicit stack, aliases replayed from their anchor's events. */
function construct(text: string, evs: Events, limits: Limits): YamlDocResult {
  const problems: YamlProblem[] = [];
  // The event after each collection's POP, for replaying anchored ranges.
  const end = new Int32Array(evs.length);
  {
    const open: number[] = [];
    for (let i = 0; i < evs.length; i++) {
      const t = evs[i]!.type;
      if (t === E.MAPPING || t === E.SEQUENCE || t === E.DOCUMENT) open.push(i);
      else if (t === E.POP) { const o = open.pop(); if (o !== undefined) end[o] = i + 1; }
      else end[i] = i + 1;
    }
  }
  const anchors = new Map<string, number>();
  const cursors: { pos: number; end: number }[] = [{ pos: 0, end: evs.length }];
  const stack: Frame[] = [];
  let nodes = 0;
  let root: unknown;
  let rootSet = false;
  const tagOf = (ev: { tagStart: number; tagEnd: number }): string | undefined => {
    if (ev.tagStart < 0) return undefined;
    const t = text.slice(ev.tagStart, ev.tagEnd);
    if (t.startsWith("!<") && t.endsWith(">")) return t.slice(2, -1);
    if (t.startsWith("!!")) return `tag:yaml.org,2002:${t.slice(2)}`;
    return t;
  };
  const scalar = (ev: Extract<Ev, { type: 4 }>): Resolved => {
    const raw = getScalarValue(text, ev);
    const tag = tagOf(ev);
    try {
      if (tag !== undefined && tag !== "!") return resolveTagged(tag, raw);
      if (ev.style === PLAIN && tag === undefined) return resolvePlain(raw);
      return { value: raw, tag: "!!str" };
    } catch (e) {
      if (e instanceof ScalarError) throw new Stop(e.message, ev.valueStart);
      throw e;
    }
  };
  /** Puts a completed value into the innermost collection (as a key or a value), or makes it the root. */
  const deliver = (value: unknown, offset: number, asKey?: Resolved, keyIsCollection?: boolean) => {
    const top = stack[stack.length - 1];
    if (!top) { root = value; rootSet = true; return; }
    if (top.kind === "seq") { top.value.push(value); return; }
    if (!top.key) {
      // This value is a key.
      if (keyIsCollection) throw new Stop("a mapping or sequence as a mapping key cannot become a JSON key", offset);
      const r = asKey ?? { value: value as string, tag: "!!str" as const };
      if (r.tag === "!!merge") { top.key = { name: "<<", merge: true, offset }; return; }
      let name: string;
      try { name = keyString(r); } catch (e) { throw e instanceof ScalarError ? new Stop(e.message, offset) : e; }
      top.key = { name, merge: false, offset };
      return;
    }
    const k = top.key;
    top.key = undefined;
    if (k.merge) { merge(top.value, value, k.offset); return; }
    if (top.explicit.has(k.name)) problems.push({ severity: "warning", message: `duplicate key "${k.name}" (the last one wins, as the API server reads it)`, offset: k.offset });
    top.explicit.add(k.name);
    put(top.value, k.name, value);
  };
  /** go-yaml v2's merge: a mapping's keys, or each mapping of a sequence, last first (so earlier ones win); later keys override. */
  const merge = (into: Record<string, unknown>, v: unknown, offset: number) => {
    const maps = Array.isArray(v) ? [...v].reverse() : [v];
    if (!maps.length || maps.some((m) => m === null || typeof m !== "object" || Array.isArray(m))) throw new Stop("map merge requires a map or sequence of maps as the value", offset);
    for (const m of maps) for (const k of Object.keys(m as object)) put(into, k, (m as Record<string, unknown>)[k]);
  };
  const depthNow = () => (stack.length ? stack[stack.length - 1]!.depth : 0);
  const count = (offset: number) => { if (++nodes > limits.maxNodes) throw new Stop(`more than ${limits.maxNodes.toLocaleString("en-US")} values (YAML aliases expanded): over the limit`, offset); };
  try {
    for (;;) {
      const cur = cursors[cursors.length - 1]!;
      if (cur.pos >= cur.end) { if (cursors.length === 1) break; cursors.pop(); continue; }
      const i = cur.pos++;
      const ev = evs[i]!;
      const replaying = cursors.length > 1;
      switch (ev.type) {
        case E.DOCUMENT: break;
        case E.POP: {
          const f = stack.pop();
          if (!f) break; // the document's end
          if (f.kind === "map" && f.key) put(f.value, f.key.name, null); // a key without a value
          deliver(f.value, -1, undefined, true);
          break;
        }
        case E.SCALAR: {
          count(ev.valueStart);
          if (!replaying && ev.anchorStart >= 0) anchors.set(text.slice(ev.anchorStart, ev.anchorEnd), i);
          const r = scalar(ev);
          const top = stack[stack.length - 1];
          const asKey = top?.kind === "map" && !top.key;
          if (asKey && ev.style === PLAIN && tagOf(ev) === undefined && getScalarValue(text, ev) === "<<") deliver("<<", ev.valueStart, { value: "<<", tag: "!!merge" });
          else deliver(r.value, ev.valueStart, asKey ? r : undefined);
          break;
        }
        case E.MAPPING: case E.SEQUENCE: {
          count(ev.start);
          if (!replaying && ev.anchorStart >= 0) anchors.set(text.slice(ev.anchorStart, ev.anchorEnd), i);
          const depth = depthNow() + 1;
          if (depth > limits.maxDepth) throw new Stop(`nesting deeper than ${limits.maxDepth} levels`);
          const top = stack[stack.length - 1];
          if (top?.kind === "map" && !top.key) throw new Stop("a mapping or sequence as a mapping key cannot become a JSON key", ev.start);
          stack.push(ev.type === E.MAPPING ? { kind: "map", value: {}, depth, explicit: new Set() } : { kind: "seq", value: [], depth });
          break;
        }
        case E.ALIAS: {
          const name = text.slice(ev.anchorStart, ev.anchorEnd);
          const at = anchors.get(name);
          if (at === undefined) throw new Stop(`invalid YAML: unknown anchor "${name}" referenced`, ev.anchorStart);
          if (cursors.length > limits.maxDepth) throw new Stop(`nesting deeper than ${limits.maxDepth} levels`);
          cursors.push({ pos: at, end: end[at]! });
          break;
        }
      }
    }
  } catch (e) {
    if (e instanceof Stop) return { empty: false, problems: [...problems, { severity: "error", message: e.message, ...(e.offset !== undefined && e.offset >= 0 ? { offset: e.offset } : {}) }] };
    throw e;
  }
  if (!rootSet || root === null) return { empty: true, problems };
  return { value: root, empty: false, problems };
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
