/**
 * JSON text → values, as a stream: an explicit-stack parser fed chunk by chunk.
 *
 * Input: text chunks of one input (a JSON value, or several concatenated as kubectl accepts).
 * Output, through callbacks: each top-level value (`onDocument`) and — so a `List` of any size is
 * read in bounded memory — each element of a top-level object's `items` array as soon as it is
 * complete (`onItem`; the element is then not kept in the array). Problems are located by line:
 * syntax errors, nesting deeper than `maxDepth`, a value over `maxObjectBytes`, and duplicate
 * keys (a warning; the last one wins, as Kubernetes' JSON decoder does).
 */
import type { ReadLimits } from "./limits.js";
import { put } from "./yaml.js";

/** What the parser reports. */
export interface JsonSink {
  /** A complete top-level value starting at `line`. */
  onDocument(value: unknown, line: number): void;
  /** An element of the top-level object's `items`; return true to take it (it is then dropped from the array). */
  onItem(value: unknown, index: number, line: number): boolean;
  onProblem(severity: "error" | "warning", message: string, line: number): void;
}

type Frame =
  | { kind: "obj"; value: Record<string, unknown>; key: string | undefined; state: "key" | "colon" | "value" | "comma"; keys: Set<string> }
  | { kind: "arr"; value: unknown[]; state: "value" | "comma"; items: boolean; index: number; itemLine: number; itemStart: number };

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** An incremental JSON parser; `push` chunks, then `end`. After an error it ignores the rest. */
export class JsonStream {
  private buf = "";
  private pos = 0;
  private line = 1;
  private consumed = 0; // characters before buf[0]
  private stack: Frame[] = [];
  private docLine = 1;
  private docStart = 0;
  private streamed = 0;
  private failed = false;

  constructor(private readonly sink: JsonSink, private readonly limits: Pick<ReadLimits, "maxDepth" | "maxObjectBytes">) {}

  /** Whether a syntax or limit error stopped the parse. */
  get stopped(): boolean { return this.failed; }

  push(chunk: string): void {
    if (this.failed) return;
    this.buf = this.buf.slice(this.pos) + chunk;
    this.consumed += this.pos;
    this.pos = 0;
    this.run(false);
  }

  end(): void {
    if (this.failed) return;
    this.run(true);
    if (!this.failed && this.stack.length) this.fail("invalid JSON: unexpected end of input");
  }

  private fail(message: string): void {
    this.failed = true;
    this.sink.onProblem("error", message, this.line);
    this.stack = [];
    this.buf = "";
    this.pos = 0;
  }

  private advance(to: number): void {
    for (let i = this.pos; i < to; i++) if (this.buf.charCodeAt(i) === 10) this.line++;
    this.pos = to;
  }

  private at(): number { return this.consumed + this.pos; }

  private run(final: boolean): void {
    const b = () => this.buf;
    while (!this.failed) {
      // Skip white space.
      let p = this.pos;
      const s = b();
      while (p < s.length) { const c = s.charCodeAt(p); if (c === 32 || c === 9 || c === 13) p++; else if (c === 10) { this.line++; p++; } else break; }
      this.pos = p;
      if (p >= s.length) return;
      const top = this.stack[this.stack.length - 1];
      const c = s[p]!;
      if (this.stack.length && this.over(this.at())) return;
      if (top?.kind === "obj" && (top.state === "key" || top.state === "comma")) {
        if (c === "}" && (top.state === "comma" || top.keys.size === 0)) { this.pos++; this.close(); continue; }
        if (top.state === "comma") { if (c !== ",") return this.fail(`invalid JSON: expected , or } but found ${JSON.stringify(c)}`); this.pos++; top.state = "key"; continue; }
        if (c !== '"') return this.fail(`invalid JSON: expected a string key but found ${JSON.stringify(c)}`);
        const str = this.string(final);
        if (str === undefined) return;
        if (str === null) return;
        top.key = str;
        top.state = "colon";
        continue;
      }
      if (top?.kind === "obj" && top.state === "colon") {
        if (c !== ":") return this.fail(`invalid JSON: expected : but found ${JSON.stringify(c)}`);
        this.pos++;
        top.state = "value";
        continue;
      }
      if (top?.kind === "arr" && top.state === "comma") {
        if (c === "]") { this.pos++; this.close(); continue; }
        if (c !== ",") return this.fail(`invalid JSON: expected , or ] but found ${JSON.stringify(c)}`);
        this.pos++;
        top.state = "value";
        (top as { afterComma?: boolean }).afterComma = true;
        continue;
      }
      if (top?.kind === "arr" && c === "]" && top.value.length === 0 && top.index === 0 && !(top as { afterComma?: boolean }).afterComma) { this.pos++; this.close(); continue; }
      // A value.
      if (!top) { this.docLine = this.line; this.docStart = this.at(); this.streamed = 0; }
      if (top?.kind === "arr" && top.items) { top.itemLine = this.line; top.itemStart = this.at(); }
      if (c === "{" || c === "[") {
        if (this.stack.length + 1 > this.limits.maxDepth) return this.fail(`nesting deeper than ${this.limits.maxDepth} levels`);
        this.pos++;
        const isItems = this.stack.length === 1 && top?.kind === "obj" && top.key === "items" && c === "[";
        const f: Frame = c === "{" ? { kind: "obj", value: {}, key: undefined, state: "key", keys: new Set() } : { kind: "arr", value: [], state: "value", items: isItems, index: 0, itemLine: this.line, itemStart: this.at() };
        this.attach(f.value, true);
        this.stack.push(f);
        continue;
      }
      let v: unknown;
      if (c === '"') { const str = this.string(final); if (str === undefined || str === null) return; v = str; }
      else if (c === "-" || (c >= "0" && c <= "9")) {
        NUMBER.lastIndex = p;
        const m = NUMBER.exec(s);
        if (!m) return this.fail(`invalid JSON: bad number`);
        if (p + m[0].length >= s.length && !final) return; // may continue in the next chunk
        v = Number(m[0]);
        this.advance(p + m[0].length);
      } else {
        const word = /^(true|false|null)/.exec(s.slice(p, p + 5));
        if (!word) {
          if (!final && s.length - p < 5 && /^(t|tr|tru|f|fa|fal|fals|n|nu|nul)$/.test(s.slice(p))) return;
          return this.fail(`invalid JSON: unexpected ${JSON.stringify(c)}`);
        }
        v = word[1] === "true" ? true : word[1] === "false" ? false : null;
        this.advance(p + word[1]!.length);
      }
      this.attach(v, false);
    }
  }

  /** Reads a string at pos: the value, undefined when more input is needed, null after an error. */
  private string(final: boolean): string | undefined | null {
    const s = this.buf;
    STRING.lastIndex = this.pos;
    const m = STRING.exec(s);
    if (!m) {
      // Incomplete (no closing quote yet) or invalid.
      let i = this.pos + 1;
      while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
      if (i >= s.length && !final) return this.over(this.consumed + s.length) ? null : undefined;
      this.fail("invalid JSON: bad string (unterminated, a control character, or a bad escape)");
      return null;
    }
    this.advance(this.pos + m[0].length);
    return JSON.parse(m[0]) as string;
  }

  /** Puts a value into the enclosing container (or emits it); containers are attached when opened. */
  private attach(v: unknown, container: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) { if (!container) this.sink.onDocument(v, this.docLine); return; }
    if (top.kind === "obj") {
      const key = top.key!;
      if (top.keys.has(key)) this.sink.onProblem("warning", `duplicate key "${key}" (the last one wins, as the API server reads it)`, this.line);
      top.keys.add(key);
      put(top.value, key, v);
      top.state = "comma";
      return;
    }
    if (!top.items) top.value.push(v);
    else if (!container) this.emitItem(top, v);
    else top.value.push(v); // emitted when it closes
    if (!container) top.index += top.items ? 0 : 1;
    top.state = "comma";
  }

  private emitItem(top: Extract<Frame, { kind: "arr" }>, v: unknown): void {
    if (!this.sink.onItem(v, top.index, top.itemLine)) top.value.push(v);
    else this.streamed += this.at() - top.itemStart;
    top.index++;
  }

  /** Fails when the object being read is over the size limit: an item of a streamed `items`, or else the document less its streamed items. */
  private over(at: number): boolean {
    const items = this.stack[1]?.kind === "arr" && this.stack[1].items ? this.stack[1] : undefined;
    const size = items && this.stack.length > 2 ? at - items.itemStart : at - this.docStart - this.streamed;
    if (size <= this.limits.maxObjectBytes) return false;
    this.fail(`${items && this.stack.length > 2 ? `items[${items.index}] is` : "the document is"} over the ${(this.limits.maxObjectBytes / 1048576).toFixed(1)} MiB limit per object`);
    return true;
  }

  private close(): void {
    const f = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1];
    if (!parent) { this.sink.onDocument(f.value, this.docLine); return; }
    if (parent.kind === "arr" && parent.items) {
      // A completed element of items: hand it over (and drop it) or keep it.
      const v = parent.value.pop();
      this.emitItem(parent, v);
    } else if (parent.kind === "arr") parent.index++;
  }
}
