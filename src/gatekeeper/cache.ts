/**
 * The build cache: `buildProject`'s result, kept on disk so that commands on unchanged policies
 * neither load a policy nor rebuild one.
 *
 * Input: the policy files, the build options, and gpc itself. Output: the cached `Artifacts`
 * (and warnings), or nothing. An entry is found by a key over gpc's fingerprint, the options, the
 * working folder and the policy file list; it is used only when every file the policies were
 * bundled from (each recorded with its SHA-256) still has that content. Anything else — a changed
 * or missing input, another gpc, an unreadable or corrupt entry — is a miss and the policies are
 * built again. Entries live in `<cache>/build/` (`$GPC_CACHE_DIR` or `.gpc-cache/`); deleting them
 * is always safe. `GPC_NO_CACHE=1` turns the cache off.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { ownModuleRoot, packagePath, packageVersion } from "../paths.js";
import type { Artifacts } from "./artifacts.js";
import { pruneOldest } from "../prune.js";

/** Format of an entry; bump on any change of what is stored. */
const FORMAT = 2;

/**
 * `<key>.json`; the output files are in `<key>.files.json` (`[path, text][]`), parsed only when
 * used (`gpc test` and `gpc audit` never do), and checked against `filesHash` when read.
 */
interface Entry {
  readonly format: number;
  readonly key: string;
  /** Absolute path → SHA-256 (hex) of every file the policies were bundled from. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly filesHash: string;
  readonly templates: Artifacts["templates"];
  readonly policies: Artifacts["policies"];
  readonly diagnostics: Diagnostic[];
}

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/** A read-only Map parsed from JSON text on first use. */
function lazyMap(text: string): ReadonlyMap<string, string> {
  let real: Map<string, string> | undefined;
  const load = () => (real ??= new Map(JSON.parse(text) as [string, string][]));
  return new Proxy(new Map<string, string>(), {
    get(_target, prop) {
      const m = load();
      const v = Reflect.get(m, prop, m) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(m) : v;
    },
  });
}

let fingerprintMemo: string | undefined;

/** A folder of gpc's files, and which of its files count. */
export interface FingerprintTree {
  readonly dir: string;
  readonly keep: (name: string) => boolean;
}

/**
 * The identity of a version and the files of some folders: for each file (sorted, recursive) its
 * path, size, inode and modification and change times. Any write to a file changes its change
 * time (which, unlike the modification time, npm and tar cannot set back), so edited, rebuilt or
 * reinstalled files give another identity — without reading them.
 */
export function fingerprintOf(version: string, trees: readonly FingerprintTree[]): string {
  const h = createHash("sha256").update(`gpc ${version}\n`);
  // Some 400 files: paths by concatenation onto a resolved folder (what `join` gives, without its cost).
  const walk = (dir: string, keep: (name: string) => boolean) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); } catch { return; }
    const base = dir.endsWith(sep) ? dir : dir + sep;
    for (const e of entries) {
      const p = base + e.name;
      if (e.isDirectory()) walk(p, keep);
      else if (keep(e.name)) {
        const st = statSync(p);
        h.update(`${p}\0${st.size}\0${st.ino}\0${st.mtimeMs}\0${st.ctimeMs}\n`);
      }
    }
  };
  for (const t of trees) walk(resolve(t.dir), t.keep);
  return h.digest("hex");
}

/**
 * gpc's own identity (`fingerprintOf`): its version, its modules (`dist/src/` or `src/`, the CLI's
 * bundle included), `templates/` and the Wasm runtime. Computed once per process.
 */
export function gpcFingerprint(): string {
  return (fingerprintMemo ??= fingerprintOf(packageVersion(), [
    { dir: ownModuleRoot(), keep: (n) => /\.(c?js|ts)$/.test(n) && !n.endsWith(".d.ts") },
    { dir: packagePath("templates"), keep: () => true },
    { dir: packagePath("runtime", "build"), keep: (n) => n.endsWith(".wasm") },
  ]));
}

/** SHA-256 of a file's bytes, or undefined when it cannot be read. */
export function fileHash(file: string): string | undefined {
  try { return sha256(readFileSync(file)); } catch { return undefined; }
}

/** Entries kept per cache folder; older ones (by modification time) are removed. */
const MAX_ENTRIES = 32;

/** The build cache of one cache folder. */
export class BuildCache {
  private readonly dir: string | undefined;

  constructor(cacheRoot: string) {
    this.dir = process.env.GPC_NO_CACHE ? undefined : join(cacheRoot, "build");
  }

  /** The key of a build of `files` (absolute, sorted) from `cwd` with `options`. */
  key(files: readonly string[], cwd: string, options: Readonly<Record<string, unknown>>): string {
    return createHash("sha256").update(JSON.stringify({ format: FORMAT, gpc: gpcFingerprint(), cwd, files, options })).digest("hex");
  }

  /** The cached build, when every input it recorded is unchanged. */
  get(key: string): { artifacts: Artifacts; diagnostics: Diagnostic[] } | undefined {
    if (!this.dir) return undefined;
    let entry: Entry, files: string;
    try {
      const base = join(this.dir, key.slice(0, 32));
      entry = JSON.parse(readFileSync(`${base}.json`, "utf8")) as Entry;
      files = readFileSync(`${base}.files.json`, "utf8");
    } catch { return undefined; }
    if (!entry || entry.format !== FORMAT || entry.key !== key || typeof entry.inputs !== "object" || !Array.isArray(entry.templates) || !Array.isArray(entry.policies) || !Array.isArray(entry.diagnostics)) return undefined;
    if (sha256(files) !== entry.filesHash) return undefined;
    const inputs = Object.entries(entry.inputs);
    if (inputs.length === 0) return undefined;
    for (const [file, hash] of inputs) if (fileHash(file) !== hash) return undefined;
    // Used: the entry is young again for `prune`.
    try { const now = new Date(); utimesSync(join(this.dir, `${key.slice(0, 32)}.json`), now, now); } catch { /* ignore */ }
    return { artifacts: { files: lazyMap(files), templates: entry.templates, policies: entry.policies }, diagnostics: entry.diagnostics };
  }

  /** Stores a build. `inputs`: absolute path → hash, taken before the files were loaded. An unwritable cache only costs time. */
  set(key: string, inputs: Readonly<Record<string, string>>, artifacts: Artifacts, diagnostics: readonly Diagnostic[]): void {
    if (!this.dir) return;
    const files = JSON.stringify([...artifacts.files]);
    const entry: Entry = { format: FORMAT, key, inputs, filesHash: sha256(files), templates: artifacts.templates, policies: artifacts.policies, diagnostics: [...diagnostics] };
    const base = join(this.dir, key.slice(0, 32));
    const write = (file: string, text: string) => {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    };
    try {
      mkdirSync(this.dir, { recursive: true });
      // Files first: an entry is only ever read with its files beside it.
      write(`${base}.files.json`, files);
      write(`${base}.json`, JSON.stringify(entry));
      this.prune();
    } catch { /* ignore */ }
  }

  /** Removes the oldest entries beyond MAX_ENTRIES (only files this cache writes), each with its files. */
  private prune(): void {
    pruneOldest(this.dir!, /^[0-9a-f]{32}\.json$/, MAX_ENTRIES, (n) => [n.replace(/\.json$/, ".files.json")]);
  }
}
