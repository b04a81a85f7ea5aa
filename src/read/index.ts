/**
 * The reader: bytes → Kubernetes objects, as the API server reads them, for every command.
 *
 *   paths ──walk──▶ inputs ──stream (chunks, UTF-8, `---` / JSON)──▶ documents ──yaml/json──▶ values ──objects──▶ objects
 *
 * Use it like this:
 *
 * ```ts
 * import { readObjects, parseDocuments, listInputs, formatProblem } from "../read/index.js";
 * // Kubernetes objects from a file (or "-" for stdin), streamed one at a time:
 * readObjects({ file: "deploy.yaml", path: "deploy.yaml" }, {}, {
 *   object: ({ object, source }) => …,      // source: { file, document, line, item? }
 *   problem: (p) => console.error(formatProblem(p)),   // p.severity: "error" | "warning"
 * });
 * // Any YAML/JSON text (ConstraintTemplates, gator Suites, PSPs…) as plain values, all in memory:
 * const { documents, problems } = parseDocuments(text, { file: "suite.yaml" });
 * for (const d of documents) d.value, d.source.line;
 * ```
 *
 * How it reads (what kubectl, sigs.k8s.io/yaml and go-yaml v2 do):
 * - YAML 1.1 scalars: `yes/no/on/off/y/n` (any case form go-yaml lists) are booleans; `012`
 *   octal, `0x1F`, `0b101`, `1_000`, `1e3`, `.5` numbers; ``/`~`/`null` null; `.inf`/`.nan`
 *   are errors (JSON cannot carry them). Quoted scalars are strings. Non-string keys become
 *   strings (`yes:` → `"true"`, `1:` → `"1"`). `%YAML 1.1` is accepted; other versions are
 *   errors, as in go-yaml v2. Merge keys `<<` are applied.
 * - Duplicate keys: the last one wins, with a warning (the API server's default
 *   `fieldValidation=Warn`); the same for YAML and JSON, files and stdin.
 * - Content starting with `{` or `[` is JSON (a stream of values); anything else is YAML.
 * - Bounds (./limits.ts): bytes per input, bytes per object, nesting depth, values per
 *   document after alias expansion, containers and volumes per pod spec. A `List` over the
 *   per-object limit (`kubectl get -A -o yaml`) is read item by item in bounded memory.
 * - Objects: `apiVersion`/`kind` required, `List`s unwrapped, the fields gpc checks type-checked
 *   (./validate.ts). Every problem names the file, document, line and field.
 *
 * Values are what `sigs.k8s.io/yaml.YAMLToJSON` gives (no typed target), which is what the API
 * server and kubectl see. A Go program that decodes into a typed struct (sigs.k8s.io/yaml with a
 * target) turns a bool or number back into a string where the field is a string (`name: yes` →
 * `"true"`); a reader of such files (gator suites) must apply that per field itself.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHUNK_BYTES, DEFAULT_LIMITS, mib, type ReadLimits } from "./limits.js";
import { documentObjects, streamedListProblems, type ReadObject } from "./objects.js";
import { readChunk, readStream, type DocumentSource, type ReadProblem, type ReadSource } from "./stream.js";

export { DEFAULT_LIMITS, MAX_CONTAINERS, MAX_DEPTH, MAX_INPUT_BYTES, MAX_NODES, MAX_OBJECT_BYTES, MAX_VOLUMES, type ReadLimits } from "./limits.js";
export { listInputs, MANIFEST_EXTENSIONS, type ReadInput, type WalkOptions } from "./walk.js";
export { objectLabel, type ReadObject } from "./objects.js";
export { validateObject } from "./validate.js";
export { resolvePlain, keyString } from "./scalar.js";
export { parseYamlDocument, relaxIndentation } from "./yaml.js";
export type { DocumentSource, ReadProblem, ReadSource } from "./stream.js";

/** Options of the read functions. */
export interface ReadOptions {
  /** Overrides of the limits. @default DEFAULT_LIMITS */
  readonly limits?: Partial<ReadLimits>;
}

/** Receives objects and problems as they are read. */
export interface ObjectSink {
  object(o: ReadObject): void;
  problem(p: ReadProblem): void;
}

function limitsOf(opts: ReadOptions): ReadLimits {
  return { ...DEFAULT_LIMITS, ...opts.limits };
}

/** Reads Kubernetes objects from one input, streamed. Never throws for bad input. */
export function readObjects(src: ReadSource, opts: ReadOptions, sink: ObjectSink): void {
  const limits = limitsOf(opts);
  readStream(src, limits, {
    document: (value, source) => documentObjects(value, source, limits, (o) => sink.object(o), (p) => sink.problem(p)),
    streamedList: (wrapper, source, items) => {
      const bad = streamedListProblems(wrapper, items);
      if (bad) sink.problem({ severity: "error", file: source.file, document: source.document, line: source.line, message: bad });
    },
    problem: (p) => sink.problem(p),
  });
}

/** Reads every object of one input into memory (for small inputs and tests). */
export function readAllObjects(src: ReadSource, opts: ReadOptions = {}): { objects: ReadObject[]; problems: ReadProblem[] } {
  const objects: ReadObject[] = [];
  const problems: ReadProblem[] = [];
  readObjects(src, opts, { object: (o) => objects.push(o), problem: (p) => problems.push(p) });
  return { objects, problems };
}

/**
 * Parses YAML or JSON text into plain values, one per document, with Kubernetes' reading rules
 * but no Kubernetes shape checks: for ConstraintTemplates, Constraints, gator Suites, PSPs, any
 * YAML a command reads. Empty documents are left out; an errored document has no entry.
 */
export function parseDocuments(text: string, opts: ReadOptions & { readonly file: string }): { documents: { value: unknown; source: DocumentSource }[]; problems: ReadProblem[] } {
  const documents: { value: unknown; source: DocumentSource }[] = [];
  const problems: ReadProblem[] = [];
  readStream({ file: opts.file, text }, { ...limitsOf(opts), maxObjectBytes: Math.max(limitsOf(opts).maxObjectBytes, text.length + 1) }, {
    document: (value, source) => { if (value !== null && value !== undefined) documents.push({ value, source }); },
    problem: (p) => problems.push(p),
  });
  return { documents, problems };
}

/** `"file: document 2 (line 14): message"`, `"file:14: message"` or `"file: message"`; warnings say so. */
export function formatProblem(p: ReadProblem): string {
  const where = p.document !== undefined ? `: document ${p.document}${p.line !== undefined ? ` (line ${p.line})` : ""}` : p.line !== undefined ? `:${p.line}` : "";
  return `${p.file}${where}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`;
}

/**
 * Copies standard input to a private temporary file in chunks, so it can be read like a file
 * (twice if need be) in bounded memory. Stops at the first NUL byte (binary input) or past
 * `maxInputBytes`; the reader then reports either. `cleanup` removes the copy.
 */
export function spoolStdin(opts: ReadOptions = {}, fd = 0): { path: string; cleanup: () => void } {
  return spool(fd, opts);
}

/** Copies a FIFO or device (given by path) to a private temporary file, as `spoolStdin` does. */
export function spoolInput(path: string, opts: ReadOptions = {}): { path: string; cleanup: () => void } {
  const fd = openSync(path, "r");
  try { return spool(fd, opts); } finally { closeSync(fd); }
}

function spool(fd: number, opts: ReadOptions): { path: string; cleanup: () => void } {
  const limits = limitsOf(opts);
  const dir = mkdtempSync(join(tmpdir(), "gpc-stdin-"));
  const path = join(dir, "stdin");
  const out = openSync(path, "w", 0o600);
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let total = 0;
  try {
    for (;;) {
      const n = readChunk(fd, buf);
      if (n === 0) break;
      writeSync(out, buf, 0, n);
      total += n;
      if (buf.subarray(0, n).includes(0) || total > limits.maxInputBytes) break;
    }
  } finally {
    closeSync(out);
  }
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export { mib };
