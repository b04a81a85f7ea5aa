/**
 * Reading manifests for `gpc audit`.
 *
 * Input: paths — files, folders (walked recursively for `.yaml`, `.yml`, `.json`) or `-` for
 * stdin. Output: every object with where it came from (file, 1-based document number, line),
 * `List` kinds unwrapped, and one `InputError` per unreadable file or document: invalid YAML or
 * JSON, a document that is not a mapping or has no `kind`/`apiVersion`, binary content, a file
 * over the size limit, a folder with no manifests. Nothing is skipped silently.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { load, loadAll, YAMLException } from "js-yaml";
import type { K8sObject, Manifest, ManifestSource } from "./types.js";

/** One unreadable input, located as precisely as we can. */
export interface InputError {
  readonly file: string;
  /** 1-based document number inside the file, when the problem is one document. */
  readonly document?: number;
  readonly line?: number;
  readonly message: string;
}

/** Options of `loadManifests`. */
export interface LoadManifestOptions {
  /** Largest file (or stdin) accepted, in bytes. @default 32 MiB */
  readonly maxFileBytes?: number;
  /** Reads standard input for `-`. @default fs.readFileSync(0) */
  readonly readStdin?: () => Buffer;
  /** Paths are printed relative to this folder. @default process.cwd() */
  readonly cwd?: string;
}

/** The default size limit: manifests are small; anything larger is almost surely a mistake. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** `"file: document 2 (line 14): message"`. */
export function formatInputError(e: InputError): string {
  const where = e.document !== undefined ? `: document ${e.document}${e.line !== undefined ? ` (line ${e.line})` : ""}` : e.line !== undefined ? `:${e.line}` : "";
  return `${e.file}${where}: ${e.message}`;
}

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** One thing to read: a file (`path` as given on disk, `file` as printed) or stdin (`path` = `-`). */
export interface ManifestInput {
  readonly path: string;
  readonly file: string;
}

/**
 * Expands `paths` into the inputs to read, in order (folders walked recursively, sorted), and the
 * problems found on the way. `order` numbers inputs and problems in one sequence, so results read
 * in parallel can be put back in the order a sequential read gives.
 */
export function listManifestInputs(paths: readonly string[], opts: LoadManifestOptions = {}): { inputs: { input: ManifestInput; order: number }[]; errors: { error: InputError; order: number }[] } {
  const cwd = opts.cwd ?? process.cwd();
  const inputs: { input: ManifestInput; order: number }[] = [];
  const errors: { error: InputError; order: number }[] = [];
  let order = 0;
  const err = (error: InputError) => errors.push({ error, order: order++ });
  const show = (p: string) => {
    const r = relative(cwd, p);
    return r && !r.startsWith("..") ? r : p;
  };
  for (const p of paths) {
    if (p === "-") { inputs.push({ input: { path: "-", file: "-" }, order: order++ }); continue; }
    let st;
    try { st = statSync(p); } catch (e) { err({ file: show(p), message: `cannot read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}` }); continue; }
    if (!st.isDirectory()) { inputs.push({ input: { path: p, file: show(p) }, order: order++ }); continue; }
    const files: string[] = [];
    let skipped = 0;
    const walk = (dir: string) => {
      let entries;
      try { entries = readdirSync(dir, { withFileTypes: true }); } catch (e) { err({ file: show(dir), message: `cannot list: ${(e as Error).message}` }); return; }
      for (const ent of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const full = join(dir, ent.name);
        if (ent.isDirectory()) { if (ent.name !== ".git" && ent.name !== "node_modules") walk(full); }
        else if (ent.isFile()) { if (MANIFEST_EXTENSIONS.has(extname(ent.name).toLowerCase())) files.push(full); else skipped++; }
      }
    };
    walk(p);
    if (files.length === 0) {
      err({ file: show(p), message: `no .yaml, .yml or .json files in this folder${skipped ? ` (${skipped} other file${skipped === 1 ? "" : "s"} ignored)` : ""}` });
      continue;
    }
    for (const f of files) inputs.push({ input: { path: f, file: show(f) }, order: order++ });
  }
  return { inputs, errors };
}

/** Reads and parses one input. Never throws for bad input. */
export function readManifestInput(input: ManifestInput, opts: LoadManifestOptions = {}): { manifests: Manifest[]; errors: InputError[] } {
  const max = opts.maxFileBytes ?? MAX_FILE_BYTES;
  const manifests: Manifest[] = [];
  const errors: InputError[] = [];
  const file = input.file;
  if (input.path === "-") {
    let buf: Buffer;
    try { buf = (opts.readStdin ?? (() => readFileSync(0)))(); } catch (e) { errors.push({ file: "-", message: `cannot read standard input: ${(e as Error).message}` }); return { manifests, errors }; }
    if (buf.length > max) errors.push({ file: "-", message: `standard input is ${mib(buf.length)}, over the ${mib(max)} limit` });
    else parseText(buf, "-", "yaml", manifests, errors);
    return { manifests, errors };
  }
  let size: number;
  try { size = statSync(input.path).size; } catch (e) { errors.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }); return { manifests, errors }; }
  if (size > max) { errors.push({ file, message: `file is ${mib(size)}, over the ${mib(max)} limit` }); return { manifests, errors }; }
  let buf: Buffer;
  try { buf = readFileSync(input.path); } catch (e) { errors.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }); return { manifests, errors }; }
  parseText(buf, file, extname(input.path).toLowerCase() === ".json" ? "json" : "yaml", manifests, errors);
  return { manifests, errors };
}

/** Reads every manifest under `paths`. Never throws for bad input. */
export function loadManifests(paths: readonly string[], opts: LoadManifestOptions = {}): { manifests: Manifest[]; errors: InputError[] } {
  const { inputs, errors: listed } = listManifestInputs(paths, opts);
  const manifests: Manifest[] = [];
  const errors: { error: InputError; order: number }[] = [...listed];
  for (const { input, order } of inputs) {
    const r = readManifestInput(input, opts);
    manifests.push(...r.manifests);
    for (const error of r.errors) errors.push({ error, order });
  }
  return { manifests, errors: errors.sort((a, b) => a.order - b.order).map((e) => e.error) };
}

/** Decodes UTF-8 text; undefined for binary content (NUL bytes or invalid UTF-8). */
function decodeText(buf: Buffer): string | undefined {
  if (buf.subarray(0, 8192).includes(0)) return undefined;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** Splits a YAML stream at `---` / `...` markers, keeping each document's first line. */
export function splitDocuments(text: string): { text: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  const docs: { text: string; line: number }[] = [];
  const blank = (xs: string[]) => xs.every((x) => x.trim() === "" || x.trimStart().startsWith("#") || x.startsWith("%"));
  let cur: string[] = [];
  let start = 1;
  let open = true;
  let sawMarker = false;
  lines.forEach((l, i) => {
    if (/^---(\s|$)/.test(l)) {
      // Text before the first marker is a document only when it has content.
      if (open && (sawMarker || !blank(cur))) docs.push({ text: cur.join("\n"), line: start });
      sawMarker = true;
      open = true;
      start = i + 1;
      cur = ["   " + l.slice(3)];
      return;
    }
    if (/^\.\.\.\s*$/.test(l)) {
      if (open && (sawMarker || !blank(cur))) docs.push({ text: cur.join("\n"), line: start });
      sawMarker = true;
      open = false;
      cur = [];
      return;
    }
    if (!open) {
      if (l.trim() === "" || l.trimStart().startsWith("#")) return;
      open = true;
      start = i + 1;
      cur = [];
    }
    cur.push(l);
  });
  if (open && (sawMarker || !blank(cur))) docs.push({ text: cur.join("\n"), line: start });
  return docs;
}

function parseText(buf: Buffer, file: string, format: "yaml" | "json", out: Manifest[], errors: InputError[]): void {
  const text = decodeText(buf);
  if (text === undefined) { errors.push({ file, message: "binary file: not UTF-8 text, not a manifest" }); return; }
  if (format === "json") {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
      errors.push({ file, ...(line ? { line } : {}), message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    const docs = Array.isArray(doc) ? doc : [doc];
    docs.forEach((d, i) => addDocument(d, { file, document: i + 1, line: 1 }, out, errors));
    return;
  }
  const docs = splitDocuments(text);
  const blank = (d: { text: string }) => /^\s*$/.test(d.text.replace(/^\s*#.*$/gm, ""));
  // Fast path: one parse of the whole stream (much cheaper per document than one parse each),
  // used when its documents line up one-to-one with the split ones; otherwise (or on any error)
  // each document is parsed alone, which also locates errors per document.
  let whole: unknown[] | undefined;
  try { whole = loadAll(text, { maxAliases: 100 }).filter((d) => d !== null && d !== undefined); } catch { whole = undefined; }
  const nonBlank = docs.map((d, i) => ({ d, n: i + 1 })).filter(({ d }) => !blank(d));
  if (whole && whole.length === nonBlank.length) {
    nonBlank.forEach(({ d, n }, i) => addDocument(whole![i], { file, document: n, line: d.line }, out, errors));
    return;
  }
  let n = 0;
  for (const d of docs) {
    n++;
    if (blank(d)) continue; // an empty document
    let doc: unknown;
    try {
      doc = load(d.text, { maxAliases: 100 });
    } catch (e) {
      const mark = e instanceof YAMLException ? (e as YAMLException & { mark?: { line?: number } }).mark : undefined;
      const reason = e instanceof YAMLException ? ((e as YAMLException & { reason?: string }).reason ?? e.message) : (e as Error).message;
      errors.push({ file, document: n, line: d.line + (mark?.line ?? 0), message: `invalid YAML: ${reason}` });
      continue;
    }
    addDocument(doc, { file, document: n, line: d.line }, out, errors);
  }
}

function addDocument(doc: unknown, source: ManifestSource, out: Manifest[], errors: InputError[], path = ""): void {
  if (doc === null || doc === undefined) return; // an empty document
  const err = (message: string) => errors.push({ file: source.file, document: source.document, line: source.line, message: path ? `${path}: ${message}` : message });
  if (typeof doc !== "object" || Array.isArray(doc)) { err(`not a Kubernetes object (a ${Array.isArray(doc) ? "list" : typeof doc}, expected a mapping with apiVersion and kind)`); return; }
  const o = doc as Record<string, unknown>;
  if (typeof o.kind !== "string" || o.kind === "") { err("has no kind"); return; }
  if (typeof o.apiVersion !== "string" || o.apiVersion === "") { err(`${o.kind} has no apiVersion`); return; }
  if (o.kind.endsWith("List") && Array.isArray(o.items)) {
    o.items.forEach((item, i) => addDocument(item, { ...source, item: i }, out, errors, `${path}items[${i}]`));
    return;
  }
  if (o.metadata !== undefined && (typeof o.metadata !== "object" || o.metadata === null || Array.isArray(o.metadata))) { err(`${o.kind}: metadata is not a mapping`); return; }
  const obj = (o.metadata === undefined ? { ...o, metadata: {} } : o) as K8sObject;
  out.push({ object: obj, source });
}
