/**
 * Where the CEL driver's programs come from: CEL source text → @bufbuild/cel parse tree → planned
 * program, with the parse trees of a template kept on disk so that a warm start parses nothing.
 *
 * Input: the expressions of one template (in the order the driver compiles them). Output: one
 * program per expression. Parsing is most of the CEL driver's start-up (@bufbuild/cel's parser
 * is a PEG parser: hundreds of milliseconds for the 16 restricted templates), so:
 *
 * - **Cached trees.** A template whose every expression parsed and planned is stored as one entry
 *   in `<cache>/cel/<key>.json` (`$GPC_CACHE_DIR` or `.gpc-cache/`). The key hashes the entry
 *   format, the identity of @bufbuild/cel and of gpc, and every expression text, so another
 *   parser, another gpc or another expression is another entry. The entry is a header line (format,
 *   key, SHA-256 of the rest, checked on every read), the shape table, then one tree per line in a
 *   compact JSON form (`TreeEncoder`; `decodeTree` gives back objects deep-equal to `parse`'s). A
 *   truncated, corrupt or foreign entry is a miss, and the expressions are parsed again. Entries
 *   are written to a temporary file and renamed, so concurrent processes see a whole entry or none.
 * - **Lazy on a hit.** Planning is deterministic, and an entry is only written after every
 *   expression planned without error, so a cached expression is decoded and planned when it first
 *   runs (a messageExpression of a validation that holds never is).
 * - **Misses are as before.** Each expression is parsed and planned at once, in order, and the
 *   first one that fails throws (the driver names it) — exactly what the uncached driver did.
 * - **Once per process.** Equal texts (templates share many) are parsed, decoded and planned once.
 *
 * Deleting the folder is always safe; `cacheDir: false` (or `GPC_NO_CACHE=1`) keeps it off disk.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse, plan, type CelEnv } from "@bufbuild/cel";
import { gpcFingerprint } from "../gatekeeper/cache.js";
import { noteColdStart, runsFromBundle } from "../host.js";
import { cacheRoot } from "../paths.js";
import { pruneOldest } from "../prune.js";

/** A planned CEL expression: bindings → value (or a CelError). */
export type CelProgram = (ctx: Record<string, unknown>) => unknown;

/** The `expr` of a `cel.expr.ParsedExpr` (what `plan` reads). */
type Tree = ReturnType<typeof parse>["expr"];

/** Format of an entry; bump on any change of the encoding. */
const FORMAT = 2;

/** Entries kept in the folder; the oldest (by modification time) beyond this are removed. */
const MAX_ENTRIES = 512;

// ---- the compact tree encoding ----------------------------------------------------------------

/*
 * A parse tree is plain data: objects (with `$typeName`), arrays, strings, booleans, numbers and
 * bigints (ids, int64/uint64 constants), perhaps bytes. Encoded as JSON where every array is
 * tagged by its first element:
 *   [shape, v1, v2, …]  an object: shapes[shape] = [$typeName or null, key1, key2, …]
 *   [-1, …items]        an array            [-2, 123] or [-2, "123…"]  a bigint
 *   [-3]                undefined           [-4, "base64"]  a Uint8Array
 *   [-5, "NaN"|"Infinity"|"-Infinity"|"-0"]  a number JSON cannot hold
 * Strings, booleans, null and other numbers are themselves.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Encodes trees against one shape table. */
export class TreeEncoder {
  readonly shapes: (string | null)[][] = [];
  private readonly ids = new Map<string, number>();

  encode(v: unknown): unknown {
    switch (typeof v) {
      case "string": case "boolean": return v;
      case "number": return Number.isFinite(v) && !Object.is(v, -0) ? v : [-5, Object.is(v, -0) ? "-0" : String(v)];
      case "bigint": return [-2, v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v.toString()];
      case "undefined": return [-3];
      case "object": break;
      default: throw new Error(`cannot encode a ${typeof v} in a CEL parse tree`);
    }
    if (v === null) return null;
    if (Array.isArray(v)) return [-1, ...v.map((x) => this.encode(x))];
    if (v instanceof Uint8Array) return [-4, Buffer.from(v).toString("base64")];
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new Error("cannot encode a class instance in a CEL parse tree");
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const typeName = keys[0] === "$typeName" && typeof o.$typeName === "string" ? o.$typeName : null;
    const fields = typeName === null ? keys : keys.slice(1);
    const sig = JSON.stringify([typeName, ...fields]);
    let id = this.ids.get(sig);
    if (id === undefined) { id = this.shapes.length; this.shapes.push([typeName, ...fields]); this.ids.set(sig, id); }
    return [id, ...fields.map((k) => this.encode(o[k]))];
  }
}

/** Decodes one encoded tree; throws on anything `TreeEncoder` does not write. */
export function decodeTree(shapes: readonly (readonly (string | null)[])[], v: unknown): unknown {
  if (typeof v !== "object" || v === null) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null) return v;
    throw new Error("bad tree value");
  }
  if (!Array.isArray(v) || typeof v[0] !== "number") throw new Error("bad tree node");
  const tag = v[0];
  if (tag >= 0) {
    const shape = shapes[tag];
    if (!shape || shape.length !== v.length) throw new Error("bad tree shape");
    const o: Record<string, unknown> = {};
    if (shape[0] !== null) o.$typeName = shape[0];
    for (let i = 1; i < shape.length; i++) o[shape[i]!] = decodeTree(shapes, v[i]);
    return o;
  }
  switch (tag) {
    case -1: {
      const a = new Array<unknown>(v.length - 1);
      for (let i = 1; i < v.length; i++) a[i - 1] = decodeTree(shapes, v[i]);
      return a;
    }
    case -2: if (v.length === 2 && (Number.isSafeInteger(v[1]) || (typeof v[1] === "string" && /^-?\d+$/.test(v[1])))) return BigInt(v[1] as number | string); break;
    case -3: if (v.length === 1) return undefined; break;
    case -4: if (v.length === 2 && typeof v[1] === "string") return new Uint8Array(Buffer.from(v[1], "base64")); break;
    case -5: if (v.length === 2 && ["NaN", "Infinity", "-Infinity", "-0"].includes(v[1] as string)) return v[1] === "-0" ? -0 : Number(v[1]); break;
  }
  throw new Error("bad tree tag");
}

// ---- the store ----------------------------------------------------------------------------------

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

let libraryMemo: string | undefined;
/**
 * @bufbuild/cel's identity: its version and the size and times of its package.json; in the CLI's
 * bundle, the bundle's (gpc's fingerprint), which spares resolving the package at start-up.
 */
function celLibraryId(): string {
  if (libraryMemo !== undefined) return libraryMemo;
  if (runsFromBundle()) return (libraryMemo = "bundled");
  let id = "unknown";
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve("@bufbuild/cel");
    let dir = dirname(main);
    while (!/[\\/]@bufbuild[\\/]cel$/.test(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const version = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string }).version;
    const st = statSync(join(dir, "package.json"));
    id = `${version}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}`;
  } catch { /* bundled, or unusual layout: gpc's own fingerprint covers a bundled copy */ }
  return (libraryMemo = id);
}

/** Where trees are stored: `<dir>/<key>.json`, or nowhere. */
export class CelTreeStore {
  readonly dir: string | undefined;
  private readonly identity: string | undefined;

  /**
   * `dir`: the cache folder (`<dir>/cel/` is used); false: no disk. `identity`: what the trees
   * depend on besides the texts (tests) — default @bufbuild/cel's identity and gpc's fingerprint.
   * @default dir: $GPC_CACHE_DIR or `.gpc-cache/`
   */
  constructor(dir?: string | false, opts: { readonly identity?: string } = {}) {
    this.dir = dir === false || process.env.GPC_NO_CACHE ? undefined : join(dir ?? cacheRoot(), "cel");
    this.identity = opts.identity;
  }

  /** The entry key of a list of expression texts. */
  key(texts: readonly string[]): string {
    const identity = this.identity ?? `${celLibraryId()}\0${gpcFingerprint()}`;
    return sha256(JSON.stringify({ format: FORMAT, identity, texts }));
  }

  /** Whether an entry for `texts` exists (not whether it is valid). */
  has(texts: readonly string[]): boolean {
    if (!this.dir || texts.length === 0) return false;
    try { return statSync(join(this.dir, `${this.key(texts)}.json`)).isFile(); } catch { return false; }
  }

  /**
   * The stored trees of `texts` (same order), each decoded when called (it throws on a malformed
   * tree), or undefined: absent, unreadable, corrupt.
   */
  get(texts: readonly string[]): (() => unknown)[] | undefined {
    if (!this.dir || texts.length === 0) return undefined;
    const key = this.key(texts);
    try {
      const raw = readFileSync(join(this.dir, `${key}.json`), "utf8");
      const nl = raw.indexOf("\n");
      if (nl < 0) return undefined;
      const head = JSON.parse(raw.slice(0, nl)) as { format?: unknown; key?: unknown; payload?: unknown };
      const payload = raw.slice(nl + 1);
      if (head.format !== FORMAT || head.key !== key || head.payload !== sha256(payload)) return undefined;
      // Line 1 the shapes, then one tree per line, each read when first needed.
      const lines = payload.split("\n");
      if (lines.length !== texts.length + 1) return undefined;
      const shapes = JSON.parse(lines[0]!) as unknown;
      if (!Array.isArray(shapes) || !shapes.every((s) => Array.isArray(s) && s.length >= 1 && (s[0] === null || typeof s[0] === "string") && s.slice(1).every((k) => typeof k === "string" && k !== "$typeName" && k !== "__proto__"))) return undefined;
      return lines.slice(1).map((line) => () => decodeTree(shapes as (string | null)[][], JSON.parse(line)));
    } catch {
      return undefined;
    }
  }

  /** Stores the trees of `texts`. An unwritable cache only costs time. */
  set(texts: readonly string[], trees: readonly unknown[]): void {
    if (!this.dir || texts.length === 0) return;
    try {
      const enc = new TreeEncoder();
      const encoded = trees.map((t) => JSON.stringify(enc.encode(t)));
      const payload = [JSON.stringify(enc.shapes), ...encoded].join("\n");
      const key = this.key(texts);
      const file = join(this.dir, `${key}.json`);
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
      try {
        writeFileSync(tmp, `${JSON.stringify({ format: FORMAT, key, payload: sha256(payload) })}\n${payload}`);
        renameSync(tmp, file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      this.prune();
    } catch { /* ignore */ }
  }

  /** Removes the oldest entries beyond MAX_ENTRIES (only files this store writes). */
  private prune(): void {
    pruneOldest(this.dir!, /^[0-9a-f]{64}\.json$/, MAX_ENTRIES);
  }
}

let defaultStore: CelTreeStore | undefined;
/** The store of `$GPC_CACHE_DIR` / `.gpc-cache/` (of the working folder when first used). */
export function defaultCelTreeStore(): CelTreeStore {
  return (defaultStore ??= new CelTreeStore());
}

/** An expression of this process: its program (planned once, lazily for cached trees) and its tree. */
interface Known {
  readonly run: CelProgram;
  readonly tree: () => Tree;
}

/** Expressions of this process, per environment and text: templates share many expressions. */
const known = new WeakMap<CelEnv, Map<string, Known>>();

/** Counters, for tests and the bench. */
export const celProgramStats = { parsed: 0, planned: 0, cachedTemplates: 0 };

/**
 * The programs of one template's expressions. Construct it with every text the template will
 * ask for; call `program(text)` for each (in the driver's order), then `done()`.
 */
export class CelPrograms {
  private readonly memo: Map<string, Known>;
  private readonly cached: Map<string, () => unknown> | undefined;
  private readonly compiled = new Set<string>();
  /** Whether the store may lack this template's entry (then `done` writes it). */
  private readonly write: boolean;

  constructor(private readonly env: CelEnv, private readonly texts: readonly string[], private readonly store: CelTreeStore = defaultCelTreeStore()) {
    let memo = known.get(env);
    if (!memo) known.set(env, (memo = new Map()));
    this.memo = memo;
    // Every text known already: only make sure the entry exists, without reading it.
    if (texts.every((t) => memo.has(t)) && store.has(texts)) {
      this.write = false;
      return;
    }
    const trees = store.get(texts);
    if (trees) celProgramStats.cachedTemplates++;
    this.cached = trees && new Map(texts.map((t, i) => [t, trees[i]!]));
    this.write = !trees;
  }

  /** The program of `text`: planned on first use when its tree was cached, else parsed and planned now (throws as parse / plan do). */
  program(text: string): CelProgram {
    let k = this.memo.get(text);
    if (!k) {
      const decode = this.cached?.get(text);
      k = decode ? lazily(this.env, text, decode) : eagerly(this.env, text);
      this.memo.set(text, k);
    }
    this.compiled.add(text);
    return k.run;
  }

  /** Stores the trees when the store may lack them and every expression compiled. */
  done(): void {
    if (!this.write || !this.texts.every((t) => this.compiled.has(t))) return;
    try {
      this.store.set(this.texts, this.texts.map((t) => this.memo.get(t)!.tree()));
    } catch { /* a tree that cannot be had: no entry */ }
  }
}

/** A cached tree: decoded and planned when first run (a tree that does not decode is parsed after all). */
function lazily(env: CelEnv, text: string, decode: () => unknown): Known {
  let tree: Tree | undefined;
  let run: CelProgram | undefined;
  const treeOnce = (): Tree => {
    if (tree) return tree;
    try { tree = decode() as Tree; } catch { tree = parsed(text); }
    return tree;
  };
  return { run: (ctx) => (run ??= planned(env, treeOnce()))(ctx), tree: treeOnce };
}

/** An uncached text: parsed and planned now (throws as they do). */
function eagerly(env: CelEnv, text: string): Known {
  const tree = parsed(text);
  const run = planned(env, tree);
  return { run, tree: () => tree };
}

function parsed(text: string): Tree {
  celProgramStats.parsed++;
  noteColdStart();
  return parse(text).expr;
}

function planned(env: CelEnv, tree: Tree): CelProgram {
  celProgramStats.planned++;
  return plan(env, tree) as CelProgram;
}
