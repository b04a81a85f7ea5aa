/**
 * How bin/gpc.js starts the CLI: the bundle (scripts/bundle-cli.mjs → `bundle/cli.cjs` beside this
 * module) compiled with V8's code cache, or — when there is no bundle, or it is stale
 * (`freshBundle`) — the modules as they are (`./main.js`, and from sources under tsx).
 *
 * The code cache (V8's compiled bytecode of the bundle's functions) spares a warm start most of
 * its JavaScript compilation. It is one file per bundle and command in the user's cache folder
 * (`$XDG_CACHE_HOME/gpc/v8/`, `~/.cache/gpc/v8/`; `$GPC_CACHE_DIR/v8/` when that is set;
 * none with `GPC_NO_CACHE=1`), never in the project: it is code, so it is read only from a folder
 * and a file owned by the user and writable by nobody else. A file is
 * `SHA-256(data) ‖ data`, named by a hash of the Node.js version, the bundle's path and identity
 * (size, inode, modification and change times) and the command; a digest that does not match, or
 * data V8 rejects (another V8, other flags), is ignored and the file written again. It is written
 * when a command ends normally (exit code 0 or 1, no `--help`) after a warm start (no policy loaded,
 * no Rego compiled, no CEL parsed: src/host.ts), to a temporary file then renamed, so concurrent
 * processes see a whole file or none. Deleting the folder is always safe.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { wasColdStart } from "../host.js";
import { pruneOldest } from "../prune.js";

/** What the bundle exports (src/cli/main.ts and fatal.ts). */
interface Cli {
  main(argv?: string[]): Promise<void>;
  fatal(e: unknown): never;
  installFatalHandlers(): void;
}

/** Command names (src/cli/main.ts COMMANDS): each gets its own code cache. */
const COMMANDS = new Set(["build", "wasm", "test", "audit", "import", "init", "verify"]);

/** Code cache files kept; the oldest beyond this are removed. */
const MAX_FILES = 24;

/**
 * The bundle, when there is one and it is what the modules would run: always in a packed gpc (no
 * `src/` beside `dist/`: `prepare` built both at once); in a working copy only while every file it
 * was made from has the size and modification time it had then (`cli.inputs.json`, written by
 * scripts/bundle-cli.mjs) — after a `tsc` of its own, or `tsc --watch`, the modules run.
 */
export function freshBundle(here = fileURLToPath(import.meta.url)): string | undefined {
  const bundle = join(dirname(here), "bundle", "cli.cjs");
  const root = join(dirname(here), "..", "..", "..");
  try {
    if (!statSync(bundle).isFile()) return undefined;
    if (!existsSync(join(root, "src"))) return bundle;
    const inputs = JSON.parse(readFileSync(join(dirname(bundle), "cli.inputs.json"), "utf8")) as [string, number, number][];
    const base = resolve(root) + sep; // some 300 files: plain concatenation, no path.join
    for (const [rel, size, mtimeMs] of inputs) {
      const st = statSync(base + rel, { throwIfNoEntry: false });
      if (!st || st.size !== size || st.mtimeMs !== mtimeMs) return undefined;
    }
    return bundle;
  } catch {
    return undefined;
  }
}

/** The folder of code cache files, or undefined (caching off, no home). */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GPC_NO_CACHE) return undefined;
  if (env.GPC_CACHE_DIR) return join(env.GPC_CACHE_DIR, "v8");
  const base = env.XDG_CACHE_HOME || (() => { try { return join(homedir(), ".cache"); } catch { return undefined; } })();
  return base ? join(base, "gpc", "v8") : undefined;
}

/** Whether `p` is the user's own and writable by nobody else (always true where there are no uids). */
function private_(p: string): boolean {
  if (typeof process.getuid !== "function") return true;
  const st = statSync(p);
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest();

/** A verified code cache file's data, or undefined. */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    if (!private_(dirname(file)) || !private_(file)) return undefined;
    const raw = readFileSync(file);
    if (raw.length <= 32) return undefined;
    const data = raw.subarray(32);
    return sha256(data).equals(raw.subarray(0, 32)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a code cache file (whole or not at all); a failure only costs time. */
export function writeCodeCache(file: string, data: Buffer): void {
  const dir = dirname(file);
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!private_(dir)) return;
    writeFileSync(tmp, Buffer.concat([sha256(data), data]), { mode: 0o600 });
    renameSync(tmp, file);
    pruneOldest(dir, /^[0-9a-f]{32}\.bin$/, MAX_FILES);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** The code cache file of `bundle` (by Node.js version, path and file identity) for the command in `argv`. */
export function codeCacheFile(dir: string, bundle: string, argv: readonly string[]): string {
  const st = statSync(bundle);
  const command = COMMANDS.has(argv[0] ?? "") ? argv[0] : "-";
  const id = JSON.stringify([process.version, process.arch, bundle, st.size, st.ino, st.mtimeMs, st.ctimeMs, command]);
  return join(dir, `${sha256(id).toString("hex").slice(0, 32)}.bin`);
}

/** Compiles and runs the bundle (with the code cache when there is one); returns its exports. */
export function loadBundle(bundle: string, argv: readonly string[] = process.argv.slice(2)): Cli {
  // The bundle is ASCII (scripts/bundle-cli.mjs checks it), so Latin-1 reads it faster, the same.
  const source = readFileSync(bundle, "latin1");
  const dir = codeCacheDir();
  const file = dir ? codeCacheFile(dir, bundle, argv) : undefined;
  const cachedData = file ? readCodeCache(file) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  if (file && (!cachedData || script.cachedDataRejected) && !argv.includes("--help") && !argv.includes("-h")) {
    const target = file;
    // Not from a cold run (src/host.ts): its cache would hold code warm runs never use.
    process.once("exit", (code) => { if ((code === 0 || code === 1) && !wasColdStart()) writeCodeCache(target, script.createCachedData()); });
  }
  const module = { exports: {} as Cli };
  // A script cannot import(); the bundle's ES module imports go through this (src/host.ts).
  (globalThis as { [k: symbol]: unknown })[Symbol.for("gpc.import")] = (s: string) => import(s);
  (script.runInThisContext() as (...a: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return module.exports;
}

/** Starts the CLI: installs the fatal handlers, then runs `main`. */
export async function launch(): Promise<void> {
  const bundle = freshBundle();
  const cli: Cli = bundle ? loadBundle(bundle) : { ...((await import("./fatal.js")) as Omit<Cli, "main">), main: async (a) => (await import("./main.js")).main(a) };
  cli.installFatalHandlers();
  try {
    await cli.main();
  } catch (e) {
    cli.fatal(e);
  }
  await exitWhenFlushed();
}

/**
 * Ends the process once stdout and stderr are flushed, with the command's exit code. Letting the
 * event loop drain instead would also wait for V8's background work — TurboFan tiering up the Wasm
 * modules of an audit — some 30 ms on a one-pod audit that needs none of it. Every command has
 * finished its work when `main` resolves (writes are awaited, caches written synchronously).
 */
async function exitWhenFlushed(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) await new Promise<void>((resolve) => { stream.once("drain", resolve); stream.once("error", resolve); stream.once("close", resolve); });
  }
  process.exit();
}
