/**
 * Bytes → documents, streamed: one input (file, stdin, FIFO, device) read in chunks, decoded as
 * UTF-8, split into YAML documents at `---`/`...` lines or parsed as a JSON stream, and handed
 * on one value at a time so memory stays bounded whatever the input's size.
 *
 * Input: something to read (a path, `-`, or text already in memory) and the limits. Output,
 * through a `DocumentSink`: each document's value with its source (file, 1-based document, line,
 * and `item` for the elements of a `List` that was streamed item by item), and every problem.
 * Bounds: `maxInputBytes` per input (then reading stops), `maxObjectBytes` per document — except
 * that a YAML or JSON document over it whose top level is a `List` (`items:` at column 0, as
 * `kubectl get -o yaml|json` writes) is read item by item, each item bounded instead.
 * NUL bytes or invalid UTF-8 stop the read: binary input is not a manifest.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { JsonStream } from "./json.js";
import { CHUNK_BYTES, mib, type ReadLimits } from "./limits.js";
import { parseYamlDocument, type YamlProblem } from "./yaml.js";

/** Where a value came from. */
export interface DocumentSource {
  /** The file as printed, `-` for standard input. */
  readonly file: string;
  /** 1-based document number in the file. */
  readonly document: number;
  /** 1-based line where the document (or the `List` item) starts. */
  readonly line: number;
  /** Index in the document's `items`, for a `List` read item by item. */
  readonly item?: number;
}

/** A problem with one input, located as precisely as known. */
export interface ReadProblem {
  readonly severity: "error" | "warning";
  readonly file: string;
  readonly document?: number;
  readonly line?: number;
  readonly item?: number;
  readonly message: string;
}

/** Receives what a read produces, in input order. */
export interface DocumentSink {
  /** A document (or, with `source.item`, one item of a streamed `List`). */
  document(value: unknown, source: DocumentSource): void;
  /** The rest of a streamed `List` document once its items have all been handed over; its `items` key is absent. */
  streamedList?(wrapper: unknown, source: DocumentSource, items: number): void;
  problem(p: ReadProblem): void;
}

/** What to read: `path` on disk (or `-` for stdin, fd 0), or `text` already in memory. */
export type ReadSource = { readonly file: string; readonly path: string } | { readonly file: string; readonly text: string };

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * One read of up to `buf.length` bytes from `fd`; 0 at the end of the input. A non-blocking fd
 * with nothing to read yet (stdin as a pipe) is waited on; any other error is thrown.
 */
export function readChunk(fd: number, buf: Buffer): number {
  for (;;) {
    try { return readSync(fd, buf, 0, buf.length, null); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN" || code === "EWOULDBLOCK") { Atomics.wait(sleeper, 0, 0, 5); continue; }
      if (code === "EOF") return 0;
      throw e;
    }
  }
}

/** Reads one input to the end (or to a limit), calling `sink` as documents complete. Never throws for bad input. */
export function readStream(src: ReadSource, limits: ReadLimits, sink: DocumentSink): void {
  const file = src.file;
  const splitter = new Splitter(file, limits, sink);
  if ("text" in src) { splitter.push(src.text.charCodeAt(0) === 0xfeff ? src.text.slice(1) : src.text); splitter.end(); return; }
  let fd: number;
  const stdin = src.path === "-";
  try { fd = stdin ? 0 : openSync(src.path, "r"); } catch (e) {
    sink.problem({ severity: "error", file, message: `cannot read: ${describe(e)}` });
    return;
  }
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let total = 0, first = true;
  try {
    for (;;) {
      let n: number;
      try { n = readChunk(fd, buf); } catch (e) {
        sink.problem({ severity: "error", file, message: `cannot read${stdin ? " standard input" : ""}: ${describe(e)}` });
        splitter.abort();
        return;
      }
      if (n === 0) break;
      total += n;
      const chunk = buf.subarray(0, n);
      if (chunk.includes(0)) {
        sink.problem({ severity: "error", file, message: `binary input (a NUL byte): not a manifest; not read further` });
        splitter.abort();
        return;
      }
      let text: string;
      try { text = decoder.decode(chunk, { stream: true }); } catch {
        sink.problem({ severity: "error", file, message: `binary input (not UTF-8 text): not a manifest; not read further` });
        splitter.abort();
        return;
      }
      if (first && text.length) { if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); first = false; }
      splitter.push(text);
      if (splitter.stopped) return;
      if (total > limits.maxInputBytes) {
        splitter.abort(); // the document being read is cut: not read at all
        sink.problem({ severity: "error", file, message: `input is over the ${mib(limits.maxInputBytes)} limit per input; the rest was not read` });
        return;
      }
    }
    try { splitter.push(decoder.decode()); } catch {
      sink.problem({ severity: "error", file, message: "binary input (truncated UTF-8 at the end): not a manifest" });
      splitter.abort();
      return;
    }
    splitter.end();
  } finally {
    if (!stdin) { try { closeSync(fd); } catch { /* already closed */ } }
  }
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES") return "permission denied";
  return (e as Error).message;
}

const DOC_START = /^---(?:[ \t]|$)/;
const DOC_END = /^\.\.\.(?:[ \t]|$)/;
const ITEMS_KEY = /^items:[ \t]*(?:#.*)?$/;

/** Text chunks → YAML documents (line-split) or a JSON stream, chosen by the first character. */
class Splitter {
  private mode: "sniff" | "yaml" | "json" = "sniff";
  private pending = "";
  private json?: JsonStream;
  private lineNo = 0;
  private docs = 0;
  // The YAML document being collected.
  private lines: string[] = [];
  private firstLine = 1; // line number of lines[0]
  private docLine = 0; // the document's `---` line (0: none; then its first line is reported)
  private chars = 0;
  private content = false;
  private marker = false; // the document began with `---`
  private skipping = false; // over the limit and not a List: drop lines to the next marker
  private longLine = false; // dropping the rest of an over-long line
  private list?: ListState;
  stopped = false;

  constructor(private readonly file: string, private readonly limits: ReadLimits, private readonly sink: DocumentSink) {}

  push(text: string): void {
    if (this.stopped || !text) return;
    if (this.mode === "sniff") {
      const m = /\S/.exec(text);
      if (!m) { this.pending += text; return; }
      this.mode = text[m.index] === "{" || text[m.index] === "[" ? "json" : "yaml";
      text = this.pending + text;
      this.pending = "";
      if (this.mode === "json") this.json = this.jsonStream();
    }
    if (this.mode === "json") { this.json!.push(text); if (this.json!.stopped) this.stopped = true; return; }
    if (this.longLine) {
      // Dropping the rest of a line over the per-object limit.
      const nl = text.indexOf("\n");
      if (nl < 0) return;
      this.longLine = false;
      text = text.slice(nl + 1);
    }
    const parts = (this.pending + text).split("\n");
    this.pending = parts.pop()!;
    for (const l of parts) this.line(l.endsWith("\r") ? l.slice(0, -1) : l);
    if (this.pending.length > this.limits.maxObjectBytes) {
      // One line longer than an object may be: the document cannot be read.
      if (!this.skipping) {
        if (this.list) { if (!this.list.skipItem) this.refuseItem(); }
        else { this.chars = this.limits.maxObjectBytes + 1; this.lines.push(""); this.content = true; this.overLimit(true); }
      }
      this.pending = "";
      this.longLine = true;
    }
  }

  end(): void {
    if (this.stopped) return;
    if (this.mode === "json") { this.json!.end(); return; }
    if (this.pending) { const l = this.pending; this.pending = ""; this.line(l.endsWith("\r") ? l.slice(0, -1) : l); }
    this.flush();
  }

  abort(): void { this.stopped = true; }

  private jsonStream(): JsonStream {
    let doc = 0;
    let streamed = false;
    let items = 0;
    const buffered: { value: unknown; index: number; line: number }[] = [];
    let bufferedChars = 0;
    const file = this.file;
    return new JsonStream({
      onDocument: (value, line) => {
        doc++;
        const source = { file, document: doc, line };
        if (streamed) this.sink.streamedList ? this.sink.streamedList(value, source, items) : this.sink.document(value, source);
        else {
          // Not over the limit: the items go back into their document.
          if (buffered.length && value && typeof value === "object" && Array.isArray((value as { items?: unknown }).items)) { const arr = (value as { items: unknown[] }).items; for (const b of buffered) arr.push(b.value); }
          this.sink.document(value, source);
        }
        streamed = false;
        items = 0;
        buffered.length = 0;
        bufferedChars = 0;
      },
      onItem: (value, index, line) => {
        // Items are kept with their document until it grows past the per-object limit.
        if (!streamed) {
          buffered.push({ value, index, line });
          bufferedChars += approxSize(value);
          if (bufferedChars <= this.limits.maxObjectBytes) return true;
          streamed = true;
          for (const b of buffered) this.sink.document(b.value, { file, document: doc + 1, line: b.line, item: b.index });
          items = buffered.length;
          buffered.length = 0;
          return true;
        }
        this.sink.document(value, { file, document: doc + 1, line, item: index });
        items++;
        return true;
      },
      onProblem: (severity, message, line) => this.sink.problem({ severity, file, document: doc + 1, line, message }),
    }, this.limits);
  }

  private line(l: string): void {
    this.lineNo++;
    if (DOC_START.test(l)) {
      if (this.content || this.skipping || this.list || this.marker) this.flush();
      this.marker = true;
      if (!this.lines.length) this.firstLine = this.lineNo;
      this.lines.push(l);
      this.docLine = this.lineNo;
      if (/^---[ \t]+[^#\s]/.test(l)) this.content = true;
      this.chars += l.length + 1;
      return;
    }
    if (DOC_END.test(l)) {
      if (!this.skipping && !this.list) this.lines.push(l);
      this.flush();
      return;
    }
    if (l.startsWith("%") && !this.list) {
      // A directive begins the next document (go-yaml ends the current one implicitly).
      if (this.content || this.marker || this.skipping) this.flush();
      if (!this.lines.length) this.firstLine = this.lineNo;
      this.lines.push(l);
      this.chars += l.length + 1;
      return;
    }
    if (this.skipping) return;
    const blank = l.trim() === "" || l.trimStart().startsWith("#");
    if (!this.lines.length) this.firstLine = this.lineNo;
    if (!blank && !l.startsWith("%")) this.content = true;
    if (this.list) { this.listLine(l); return; }
    this.lines.push(l);
    this.chars += l.length + 1;
    if (this.chars > this.limits.maxObjectBytes) this.overLimit();
  }

  /** The document being collected went over the per-object limit: stream it as a List, or skip it. */
  private overLimit(refuse = false): void {
    const at = refuse ? -1 : this.lines.findIndex((l) => ITEMS_KEY.test(l));
    const itemLine = at < 0 ? undefined : this.lines.slice(at + 1).find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
    const m = itemLine === undefined ? null : /^( *)-(?: |$)/.exec(itemLine);
    if (at < 0 || !m) {
      this.docs++;
      this.sink.problem({ severity: "error", file: this.file, document: this.docs, line: this.docLine || this.firstLine, message: `document is over the ${mib(this.limits.maxObjectBytes)} limit per object (the API server's request limit); not read` });
      this.lines = [];
      this.chars = 0;
      this.skipping = true;
      return;
    }
    this.docs++;
    const rest = this.lines.slice(at + 1);
    const restFirst = this.firstLine + at + 1;
    this.list = { indent: m[1]!.length, header: this.lines.slice(0, at), headerFirst: this.firstLine, item: [], itemFirst: 0, itemChars: 0, items: 0, after: false, skipItem: false, document: this.docs, line: this.docLine || this.firstLine };
    this.lines = [];
    this.chars = 0;
    rest.forEach((l, i) => this.listLine(l, restFirst + i));
  }

  private listLine(l: string, lineNo = this.lineNo): void {
    const s = this.list!;
    if (s.after) { s.header.push(l); return; }
    const blank = l.trim() === "" || l.trimStart().startsWith("#");
    const indent = l.length - l.trimStart().length;
    const start = indent === s.indent && /^-(?: |$)/.test(l.slice(indent));
    if (start) {
      this.emitItem();
      s.item = [" ".repeat(indent) + " " + l.slice(indent + 1)];
      s.itemFirst = lineNo;
      s.itemChars = l.length + 1;
      s.skipItem = false;
      return;
    }
    if (blank || indent > s.indent) {
      if (s.skipItem) return;
      if (s.item.length || !blank) s.item.push(l);
      s.itemChars += l.length + 1;
      if (s.itemChars > this.limits.maxObjectBytes) this.refuseItem();
      return;
    }
    // Back at the top level: the rest of the document is the List's other keys.
    this.emitItem();
    s.after = true;
    s.header.push(l);
  }

  /** The List item being collected is over the per-object limit: report it, drop its lines. */
  private refuseItem(): void {
    const s = this.list!;
    this.sink.problem({ severity: "error", file: this.file, document: s.document, line: s.itemFirst, item: s.items, message: `items[${s.items}] is over the ${mib(this.limits.maxObjectBytes)} limit per object; not read` });
    s.items++;
    s.item = [];
    s.skipItem = true;
  }

  private emitItem(): void {
    const s = this.list!;
    if (s.skipItem || !s.item.length) return;
    const text = s.item.join("\n");
    const index = s.items++;
    s.item = [];
    this.parseYaml(text, s.itemFirst, { file: this.file, document: s.document, line: s.itemFirst, item: index }, (v, source) => this.sink.document(v, source));
  }

  private flush(): void {
    if (this.list) {
      const s = this.list;
      this.emitItem();
      this.list = undefined;
      this.parseYaml(s.header.join("\n"), s.headerFirst, { file: this.file, document: s.document, line: s.line }, (v, source) => {
        if (this.sink.streamedList) this.sink.streamedList(v, source, s.items);
        else this.sink.document(v, source);
      });
    } else if (this.content && !this.skipping) {
      this.docs++;
      this.parseYaml(this.lines.join("\n"), this.firstLine, { file: this.file, document: this.docs, line: this.docLine || this.firstLine }, (v, source) => this.sink.document(v, source));
    } else if (this.marker && !this.skipping) this.docs++; // an empty document still has its number

    this.lines = [];
    this.chars = 0;
    this.content = false;
    this.marker = false;
    this.skipping = false;
    this.docLine = 0;
  }

  private parseYaml(text: string, firstLine: number, source: DocumentSource, emit: (v: unknown, s: DocumentSource) => void): void {
    const r = parseYamlDocument(text, this.limits);
    for (const p of r.problems) this.sink.problem(locate(p, firstLine, source));
    if (r.value !== undefined && !r.problems.some((p) => p.severity === "error")) emit(r.value, source);
  }
}

interface ListState {
  readonly indent: number;
  readonly header: string[];
  readonly headerFirst: number;
  item: string[];
  itemFirst: number;
  itemChars: number;
  items: number;
  after: boolean;
  skipItem: boolean;
  readonly document: number;
  readonly line: number;
}

function locate(p: YamlProblem, firstLine: number, source: DocumentSource): ReadProblem {
  const line = p.line !== undefined ? firstLine + p.line : source.line;
  return { severity: p.severity, file: source.file, document: source.document, line, ...(source.item !== undefined ? { item: source.item } : {}), message: p.message };
}

/** A rough size in characters of a parsed value (for buffering decisions only). */
function approxSize(v: unknown): number {
  let n = 0;
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === "string") n += x.length + 3;
    else if (Array.isArray(x)) { n += 2; for (const y of x) stack.push(y); }
    else if (x && typeof x === "object") { for (const [k, y] of Object.entries(x)) { n += k.length + 4; stack.push(y); } }
    else n += 5;
  }
  return n;
}
