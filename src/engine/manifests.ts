/**
 * Manifests for `gpc audit` and `gpc test`: a thin layer over the reader (src/read/), which
 * turns bytes into Kubernetes objects as the API server reads them.
 *
 * Input: paths — files, folders (walked recursively for `.yaml`, `.yml`, `.json`) or `-` for
 * stdin. Output: every object with where it came from (file, 1-based document number, line,
 * `List` item) and one `InputError` per problem (errors make the audit exit 2; warnings — such
 * as a duplicate key or a skipped folder — are printed and do not). Nothing is skipped silently.
 */
import { listInputs, readObjects, formatProblem, type ReadInput, type ReadLimits, type ReadProblem, MAX_OBJECT_BYTES } from "../read/index.js";
import type { Manifest } from "./types.js";

/** One problem with the input, located as precisely as we can. */
export type InputError = ReadProblem;

/** Options of `loadManifests`. */
export interface LoadManifestOptions {
  /** Overrides of the reader's limits (src/read/limits.ts). */
  readonly limits?: Partial<ReadLimits>;
  /** Reads standard input for `-` (tests); by default it is streamed from fd 0. */
  readonly readStdin?: () => Buffer;
  /** A file holding a copy of standard input (see `spoolStdin`), read for `-` instead of fd 0. */
  readonly stdinPath?: string;
  /** Paths are printed relative to this folder. @default process.cwd() */
  readonly cwd?: string;
  /** Read symbolic links found in folders. @default false */
  readonly followSymlinks?: boolean;
}

/** The per-object size limit (see src/read/limits.ts). */
export const MAX_FILE_BYTES = MAX_OBJECT_BYTES;

/** `"file: document 2 (line 14): message"`. */
export const formatInputError = formatProblem;

/** One thing to read: a file (`path` as given on disk, `file` as printed) or stdin (`path` = `-`). */
export type ManifestInput = ReadInput;

/** Expands `paths` into the inputs to read, in order, and the problems found on the way. */
export function listManifestInputs(paths: readonly string[], opts: LoadManifestOptions = {}): { inputs: { input: ManifestInput; order: number }[]; errors: { error: InputError; order: number }[] } {
  const r = listInputs(paths, opts);
  return { inputs: r.inputs, errors: r.problems.map((p) => ({ error: p.problem, order: p.order })) };
}

/** Streams the objects of one input to `onManifest`, problems to `onError`. Never throws for bad input. */
export function streamManifestInput(input: ManifestInput, opts: LoadManifestOptions, onManifest: (m: Manifest) => void, onError: (e: InputError) => void): void {
  let src: { file: string; path: string } | { file: string; text: string } = { file: input.file, path: input.path };
  if (input.path === "-" && opts.readStdin) {
    const text = decodeStdin(opts.readStdin());
    if (typeof text !== "string") { onError(text); return; }
    src = { file: "-", text };
  } else if (input.path === "-") src = { file: "-", path: opts.stdinPath ?? "-" };
  readObjects(src, opts.limits ? { limits: opts.limits } : {}, {
    object: (o) => onManifest({ object: o.object, source: o.source }),
    problem: onError,
  });
}

/** Text of an in-memory stdin buffer, or the problem that makes it unreadable (the same messages as a streamed read). */
function decodeStdin(buf: Buffer): string | InputError {
  if (buf.includes(0)) return { severity: "error", file: "-", message: "binary input (a NUL byte): not a manifest; not read further" };
  try { return new TextDecoder("utf-8", { fatal: true }).decode(buf); } catch { return { severity: "error", file: "-", message: "binary input (not UTF-8 text): not a manifest; not read further" }; }
}

/** Reads and parses one input into memory. Never throws for bad input. */
export function readManifestInput(input: ManifestInput, opts: LoadManifestOptions = {}): { manifests: Manifest[]; errors: InputError[] } {
  const manifests: Manifest[] = [];
  const errors: InputError[] = [];
  streamManifestInput(input, opts, (m) => manifests.push(m), (e) => errors.push(e));
  return { manifests, errors };
}

/** Reads every manifest under `paths` into memory (small inputs, `gpc test`, tests). Never throws for bad input. */
export function loadManifests(paths: readonly string[], opts: LoadManifestOptions = {}): { manifests: Manifest[]; errors: InputError[] } {
  const { inputs, errors: listed } = listManifestInputs(paths, opts);
  const manifests: Manifest[] = [];
  const errors: { error: InputError; order: number }[] = [...listed];
  for (const { input, order } of inputs) streamManifestInput(input, opts, (m) => manifests.push(m), (error) => errors.push({ error, order }));
  return { manifests, errors: errors.sort((a, b) => a.order - b.order).map((e) => e.error) };
}
