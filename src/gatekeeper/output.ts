/**
 * Writing and checking the out folder, all or nothing, never deleting what gpc did not write.
 *
 * Input: the artifact files (relative path → content), an out folder and what must never be
 * replaced (the cwd, the policy sources). Output: the folder on disk, or an `OutputError` with a
 * one-line reason and nothing changed.
 *
 * - `checkOutDir` refuses a folder that is `/`, the home folder, the cwd or one of its ancestors,
 *   the policy sources or an ancestor of them, a repository root, a symlink, a file, a mount point,
 *   or a folder holding anything gpc did not write (a file without gpc's header, a symlink, a FIFO).
 * - `writeOutDir` writes the new tree into `<parent>/.gpc-tmp/<out>.new-<pid>-<id>/`, on the out
 *   folder's file system, then swaps it in. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`
 *   (made through `perl`'s `syscall`, since Node's fs has no exchange): at every instant the out
 *   folder is the old tree or the new one. Elsewhere (or when exchange is unavailable) it is two
 *   renames, out → `.gpc-tmp/<out>.old-…`, new → out; a kill between the two leaves the old tree
 *   in `.gpc-tmp/`, and the next build puts it back before anything else.
 * - Leftovers of interrupted runs (a dead pid in the name, gpc's marker or only gpc files inside)
 *   are removed by the next build; a failed build removes its own.
 * - `writeFileAtomic` writes one file (`gpc wasm -o`) through a temp file in the same folder.
 */
import { spawnSync } from "node:child_process";
import { open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { randomBytes } from "node:crypto";
import {
  closeSync, constants as fsc, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync,
  renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeSync,
} from "node:fs";
import type { Stats } from "node:fs";
import { constants as osc, homedir } from "node:os";
import { basename, dirname, join, parse, relative, resolve, sep } from "node:path";

/** The marker written at the root of every tree gpc writes (name and fixed content). */
export const MARKER = ".gpc-output";
export const MARKER_TEXT =
  "gpc output folder: every file in it is written by `gpc build`; do not edit, add or remove files here.\n" +
  "gpc replaces the whole folder on each build, and refuses to when it holds a file without gpc's header.\n";
/** The staging folder, created beside the out folder (same file system) and removed when empty. */
export const STAGING = ".gpc-tmp";
const STAGING_GITIGNORE = "# gpc build's staging folder (temporary, removed after each build)\n*\n";

/** A refusal or a failed write: `message` is one line, and nothing was changed. */
export class OutputError extends Error {
  override readonly name = "OutputError";
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** What differs between the expected files and the folder. */
export interface OutDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/** Where the build stands: what may never be replaced. */
export interface OutGuard {
  /** The working folder: never replaced, nor any folder above it. */
  readonly cwd: string;
  /** Policy files or folders (absolute or relative to cwd): never replaced, nor any folder above them. */
  readonly sources: readonly string[];
}

/** The tree gpc writes for `files`: the files plus the marker. */
export function outputTree(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([[MARKER, MARKER_TEXT], ...files]);
}

// ---------------------------------------------------------------------------------------------
// Errors: one line each, naming the path and what went wrong.

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted (read-only or immutable?)",
  EROFS: "read-only file system",
  ENOTDIR: "a path component is a file, not a folder",
  EEXIST: "already exists",
  EISDIR: "is a folder",
  EXDEV: "on another file system (a mount point?)",
  EBUSY: "busy (a mount point, or in use)",
  ENOTEMPTY: "folder not empty",
  ENOENT: "no such file or folder",
  EMFILE: "too many open files",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EIO: "input/output error",
};

/** `<reason> (<CODE>)` for a Node fs error, on one line. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0]!;
}

/** `<what>: <reason>` as an OutputError (an OutputError passes through). */
function fsError(e: unknown, what: string): OutputError {
  if (e instanceof OutputError) return e;
  return new OutputError(`${what}: ${fsReason(e)}`, (e as NodeJS.ErrnoException)?.code);
}

// ---------------------------------------------------------------------------------------------
// Test hooks: deterministic crash points for the crash-safety tests (test/hostile/). Not a
// feature: GPC_TEST_CRASH_AT=<point> SIGKILLs the process there; GPC_TEST_WRITE_DELAY_MS slows
// each file write so that kills after random delays land inside the write.

const CRASH_AT = process.env.GPC_TEST_CRASH_AT;
const WRITE_DELAY = Number(process.env.GPC_TEST_WRITE_DELAY_MS ?? 0);
let crashCounter = 0;

function crashPoint(name: string): void {
  if (!CRASH_AT) return;
  // `file:N` crashes after the N-th file; other names crash at that point.
  if (name === "file") {
    crashCounter++;
    if (CRASH_AT === `file:${crashCounter}`) process.kill(process.pid, "SIGKILL");
  } else if (CRASH_AT === name) process.kill(process.pid, "SIGKILL");
}

/** How many files are written (and fsynced) at once: parallel fsyncs share journal commits. */
const WRITE_CONCURRENCY = 16;

// ---------------------------------------------------------------------------------------------
// What gpc wrote: the header of every generated file, the marker.

const YAML_HEADER = "Do not edit: generated by gpc (`gpc build`).";
const MD_HEADER = "<!-- Generated by gpc ";

function readHead(path: string, n = 2048): string {
  const fd = openSync(path, fsc.O_RDONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
  try {
    const buf = Buffer.alloc(n);
    const len = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, len).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * True for a file gpc wrote: YAML whose leading `#` comment block carries gpc's "Do not edit"
 * line, a README starting with gpc's comment, or the marker. Content below the header is not
 * compared: an edited generated file is still gpc's to overwrite.
 */
export function isGpcFile(path: string, rel: string): boolean {
  let head: string;
  try {
    head = readHead(path);
  } catch {
    return false;
  }
  if (rel === MARKER) return head.split("\n")[0] === MARKER_TEXT.split("\n")[0];
  if (head.startsWith(MD_HEADER)) return true;
  for (const line of head.split("\n")) {
    if (!line.startsWith("#")) break;
    if (line.endsWith(YAML_HEADER)) return true;
  }
  return false;
}

/** Paths (relative, `/`) under `root` that gpc did not write; stops after `limit`. */
function foreignEntries(root: string, limit = 4): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      throw fsError(e, `cannot read ${dir}`);
    }
    for (const name of names) {
      if (out.length >= limit) return;
      const p = join(dir, name), r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p, r);
      else if (!st.isFile()) out.push(`${r} (${kindOf(st)})`);
      else if (!isGpcFile(p, r)) out.push(r);
    }
  };
  walk(root, "");
  return out;
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isDirectory()) return "a folder";
  return "a file";
}

/** A tree gpc made as a whole: empty (killed before the marker), or holding the marker. */
function isGpcTree(dir: string): boolean {
  try {
    const names = readdirSync(dir);
    return names.length === 0 || (names.includes(MARKER) && isGpcFile(join(dir, MARKER), MARKER));
  } catch {
    return false;
  }
}

/** A tree written by gpc before the marker existed: every file carries gpc's header. */
function isLegacyGpcTree(dir: string): boolean {
  try {
    return foreignEntries(dir, 1).length === 0;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Which folders may be replaced.

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fsError(e, `cannot inspect ${p}`);
  }
}

/** The real path of `p`, resolving the part that exists (the rest may not exist yet). */
function realPathOf(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync(cur), ...rest.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return abs;
      rest.push(basename(cur));
      cur = up;
    }
  }
}

const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

/** Files or folders whose presence marks a repository or project root. */
const ROOT_MARKERS = [".git", ".hg", ".svn", "package.json"];

/**
 * Refuses (throws `OutputError`) an out folder that gpc must not replace; reads, never writes.
 * `shown` is the folder as the user wrote it, for messages.
 */
export function checkOutDir(outDir: string, guard: OutGuard, shown = outDir): void {
  const refuse = (why: string): never => {
    throw new OutputError(`refusing to replace ${shown}: ${why}`, "refused");
  };
  const real = realPathOf(outDir);
  if (parse(real).root === real) refuse("it is the root of the file system");
  if (basename(real) === STAGING) refuse(`${STAGING} is the name of gpc's staging folder`);
  let home: string | undefined;
  try { home = realpathSync(homedir()); } catch { home = undefined; }
  if (home && real === home) refuse("it is your home folder");
  const cwd = realPathOf(guard.cwd);
  if (real === cwd) refuse("it is the current folder; give the output its own folder (default: generated)");
  if (within(cwd, real)) refuse("it contains the current folder");
  for (const s of guard.sources) {
    const src = realPathOf(resolve(guard.cwd, s));
    if (within(src, real)) refuse(`it ${real === src ? "is" : "contains"} the policy source ${s}`);
  }
  let st: Stats | undefined;
  try {
    st = lstatSync(outDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") refuse("a folder on its path is a file");
    throw fsError(e, `cannot inspect ${shown}`);
  }
  if (!st) return;
  if (st.isSymbolicLink()) refuse("it is a symbolic link; give the folder it points to");
  if (!st.isDirectory()) refuse(`it is ${kindOf(st)}, not a folder`);
  for (const m of ROOT_MARKERS) if (lstatOrUndefined(join(outDir, m))) refuse(`it is a repository root (it holds ${m})`);
  const parentSt = lstatOrUndefined(dirname(outDir));
  if (parentSt && parentSt.dev !== st.dev) refuse("it is a mount point, which cannot be replaced by a rename; write to a folder inside it");
  const foreign = foreignEntries(outDir);
  if (foreign.length) {
    const more = foreign.length > 3 ? `, …` : "";
    refuse(`it holds files gpc did not write (${foreign.slice(0, 3).join(", ")}${more}); move them away or choose another --out`);
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing.

function listFiles(root: string): string[] {
  if (!lstatOrUndefined(root)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join("/"));
    }
  };
  walk(root);
  return out;
}

/** Files that would be added, removed or changed by writing `files` (the whole tree, marker included) to `outDir`. */
export function diffOutDir(files: ReadonlyMap<string, string>, outDir: string): OutDiff {
  const onDisk = new Set(listFiles(outDir));
  const added: string[] = [], changed: string[] = [];
  for (const [p, text] of files) {
    if (!onDisk.has(p)) added.push(p);
    else if (!lstatSync(join(outDir, p)).isFile() || readFileSync(join(outDir, p), "utf8") !== text) changed.push(p);
  }
  const removed = [...onDisk].filter((p) => !files.has(p)).sort();
  return { added: added.sort(), removed, changed: changed.sort() };
}

/** True when nothing differs. */
export function isClean(d: OutDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}

// ---------------------------------------------------------------------------------------------
// The swap.

/** renameat2's syscall number per Node architecture (Linux); others use the two-rename swap. */
const RENAMEAT2: Readonly<Record<string, number>> = { x64: 316, arm64: 276, riscv64: 276, loong64: 276 };
const RENAME_EXCHANGE = 2;
const AT_FDCWD = -100;
const PERL_EXCHANGE = `my $r = syscall($ARGV[0] + 0, ${AT_FDCWD}, $ARGV[1], ${AT_FDCWD}, $ARGV[2], ${RENAME_EXCHANGE}); if ($r != 0) { print STDERR ($! + 0); exit 3 } exit 0`;

/** How the out folder is swapped: `exchange` (atomic), or `rename` (two renames). */
export type SwapMode = "exchange" | "rename";

let exchangeBroken = false;

/**
 * Atomically exchange two folders (both must exist). Returns false when no exchange is available
 * here (not Linux, no perl, unknown architecture, a file system without RENAME_EXCHANGE);
 * throws `OutputError` when the exchange itself was refused (permissions, immutable, busy).
 */
function exchange(a: string, b: string): boolean {
  const nr = RENAMEAT2[process.arch];
  if (process.platform !== "linux" || nr === undefined || exchangeBroken || process.env.GPC_SWAP === "rename") return false;
  // A clean environment: no PERL5OPT/PERL5LIB from the user's shell can change what the one-liner does.
  const r = spawnSync("perl", ["-e", PERL_EXCHANGE, String(nr), a, b], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], timeout: 10_000, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  if (r.error || (r.status !== 0 && r.status !== 3)) { exchangeBroken = true; return false; }
  if (r.status === 0) return true;
  const errno = Number(r.stderr.trim());
  const code = Object.entries(osc.errno).find(([, n]) => n === errno)?.[0];
  if (code === "EINVAL" || code === "ENOSYS" || code === undefined) { exchangeBroken = true; return false; }
  throw Object.assign(new Error(code), { code });
}

/** The staging folder `<parent>/.gpc-tmp`: gpc's (holding its .gitignore), or refused. */
function openStaging(parent: string): { dir: string; created: boolean } {
  const dir = join(parent, STAGING);
  const st = lstatOrUndefined(dir);
  if (st) {
    if (!st.isDirectory() || (!marked(dir) && !unfinishedStaging(dir))) throw notStaging(dir);
    if (!marked(dir)) {
      // A build killed while it made or removed the folder: nothing in it but (part of) its marker.
      rmSync(join(dir, ".gitignore"), { force: true });
      writeMarker(dir);
    }
    return { dir, created: false };
  }
  mkdirSync(dir);
  try {
    writeMarker(dir);
  } catch (e) {
    // Only the empty folder this build made; never what another build has put there since.
    try { rmdirSync(dir); } catch { /* not empty: another build's */ }
    throw e;
  }
  return { dir, created: true };
}

const notStaging = (dir: string) => new OutputError(`cannot stage the build: ${dir} exists and is not gpc's staging folder; move it away`, "refused");

/** Write the staging folder's marker; a concurrent build's same marker written first will do, another file refuses. */
function writeMarker(dir: string): void {
  try {
    writeWhole(join(dir, ".gitignore"), STAGING_GITIGNORE, false);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    if (!marked(dir)) throw notStaging(dir);
  }
}

/** `dir` holds gpc's staging marker. */
function marked(dir: string): boolean {
  try { return readFileSync(join(dir, ".gitignore"), "utf8") === STAGING_GITIGNORE; } catch { return false; }
}

/**
 * Whether `dir` is what a build killed between making the staging folder and writing its
 * .gitignore (or between removing the two) leaves: empty, or holding only a regular .gitignore
 * whose text is a beginning of the marker's. Nothing there is anyone else's.
 */
function unfinishedStaging(dir: string): boolean {
  try {
    const names = readdirSync(dir);
    if (names.length === 0) return true;
    if (names.length !== 1 || names[0] !== ".gitignore") return false;
    const f = join(dir, ".gitignore");
    if (!lstatSync(f).isFile()) return false;
    return STAGING_GITIGNORE.startsWith(readFileSync(f, "utf8"));
  } catch {
    return false;
  }
}

/** Remove the staging folder when nothing but its .gitignore is left. */
function closeStaging(dir: string): void {
  try {
    const names = readdirSync(dir);
    if (names.length === 1 && names[0] === ".gitignore") {
      unlinkSync(join(dir, ".gitignore"));
      rmdirSync(dir);
    }
  } catch {
    // best effort: a concurrent build may have put something there
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Take `<staging>/<out>.lock`; a lock left by a dead process is taken over. */
function lock(staging: string, base: string, shown: string): string {
  const path = join(staging, `${base}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeWhole(path, `${process.pid}\n`, false);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let pid = NaN;
      try { pid = Number(readFileSync(path, "utf8").trim()); } catch { /* removed meanwhile */ }
      if (pidAlive(pid)) throw new OutputError(`another gpc build (pid ${pid}) is writing ${shown}; try again when it is done`, "locked");
      rmSync(path, { force: true });
    }
  }
  throw new OutputError(`cannot lock ${shown}: ${path} keeps reappearing`, "locked");
}

/**
 * Clean up after interrupted builds of `outDir`: if the out folder is missing and an interrupted
 * two-rename swap left the old tree in staging, put it back; then remove every leftover of a dead
 * process that gpc recognises as its own. Returns what it did, for the user.
 */
function recover(outDir: string, staging: string | undefined): string[] {
  const notes: string[] = [];
  const base = basename(outDir), parent = dirname(outDir);
  type Left = { path: string; kind: "new" | "old"; mtime: number };
  const left: Left[] = [];
  if (staging) {
    const re = new RegExp(`^${escapeRe(base)}\\.(new|old)-(\\d+)-[0-9a-f]{8}$`);
    for (const name of readdirSync(staging)) {
      const m = re.exec(name);
      if (!m || pidAlive(Number(m[2]))) continue;
      const p = join(staging, name);
      const st = lstatOrUndefined(p);
      if (st?.isDirectory() && (isGpcTree(p) || isLegacyGpcTree(p))) left.push({ path: p, kind: m[1] as "new" | "old", mtime: st.mtimeMs });
    }
  }
  // gpc before the marker left `.<out>.tmp-<pid>` and `.<out>.old-<pid>` beside the out folder.
  const legacy = new RegExp(`^\\.${escapeRe(base)}\\.(tmp|old)-(\\d+)$`);
  for (const name of readdirSync(parent)) {
    const m = legacy.exec(name);
    if (!m || pidAlive(Number(m[2]))) continue;
    const p = join(parent, name);
    const st = lstatOrUndefined(p);
    if (st?.isDirectory() && isLegacyGpcTree(p)) left.push({ path: p, kind: m[1] === "old" ? "old" : "new", mtime: st.mtimeMs });
  }
  if (!lstatOrUndefined(outDir)) {
    const old = left.filter((l) => l.kind === "old").sort((a, b) => b.mtime - a.mtime)[0];
    if (old) {
      renameSync(old.path, outDir);
      left.splice(left.indexOf(old), 1);
      notes.push(`restored ${base}/ from an interrupted build`);
    }
  }
  for (const l of left) rmSync(l.path, { recursive: true, force: true });
  if (left.length) notes.push(`removed ${left.length} leftover folder(s) of interrupted builds`);
  return notes;
}

/** Write a whole file: create (exclusively), write, fsync, close; on failure the file is removed. */
function writeWhole(path: string, data: string | Uint8Array, sync: boolean): void {
  const fd = openSync(path, "wx", 0o666);
  let ok = false;
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (sync) fsyncSync(fd);
    ok = true;
  } finally {
    closeSync(fd);
    if (!ok) rmSync(path, { force: true });
  }
}

/** `writeWhole`, asynchronously. */
async function writeWholeAsync(path: string, data: string, sync: boolean): Promise<void> {
  const fh = await open(path, "wx", 0o666);
  let ok = false;
  try {
    await fh.writeFile(data, "utf8");
    if (sync) await fh.sync();
    ok = true;
  } finally {
    await fh.close();
    if (!ok) rmSync(path, { force: true });
  }
}

/** Write every file of `files` under `root`, WRITE_CONCURRENCY at a time; the first failure stops it (after the writes in flight). */
async function writeTree(files: ReadonlyMap<string, string>, root: string, sync: boolean): Promise<Set<string>> {
  const list = [...files];
  const dirs = new Set<string>();
  for (const [p] of list) {
    const d = dirname(join(root, ...p.split("/")));
    if (!dirs.has(d)) { mkdirSync(d, { recursive: true }); dirs.add(d); }
  }
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < list.length) {
      const [p, text] = list[next++]!;
      try {
        if (WRITE_DELAY > 0) await sleep(WRITE_DELAY);
        await writeWholeAsync(join(root, ...p.split("/")), text, sync);
        crashPoint("file");
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, list.length) }, worker));
  if (failure !== undefined) throw failure;
  return dirs;
}

function fsyncDir(dir: string): void {
  if (process.platform === "win32") return;
  try {
    const fd = openSync(dir, "r");
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch {
    // some file systems refuse fsync on folders; the rename order still holds
  }
}

/** What `writeOutDir` did. */
export interface WriteResult {
  /** False when the folder already held exactly `files` (nothing written). */
  readonly written: boolean;
  readonly diff: OutDiff;
  /** How the swap was made. */
  readonly swap?: SwapMode;
  /** Recovery done on the way (restored folder, removed leftovers). */
  readonly notes: string[];
}

/**
 * Replace `outDir` with exactly `files` (the whole tree, as from `outputTree`), all or nothing.
 * Throws `OutputError` (nothing changed, nothing left behind) on refusal or failure.
 */
export async function writeOutDir(files: ReadonlyMap<string, string>, outDir: string, guard: OutGuard, shown = outDir): Promise<WriteResult> {
  if (files.get(MARKER) !== MARKER_TEXT) throw new Error("writeOutDir: the tree must come from outputTree() (it has no marker)");
  outDir = resolve(outDir);
  checkOutDir(outDir, guard, shown); // path rules before anything is created
  const parent = dirname(outDir), base = basename(outDir);
  let createdParent: string | undefined;
  try {
    createdParent = mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw fsError(e, `cannot create the folder of ${shown}`);
  }
  let staging: { dir: string; created: boolean } | undefined;
  let lockPath: string | undefined;
  let tmp: string | undefined;
  try {
    staging = openStaging(parent);
    lockPath = lock(staging.dir, base, shown);
    const notes = recover(outDir, staging.dir);
    checkOutDir(outDir, guard, shown); // again: recovery may have restored the folder
    const diff = diffOutDir(files, outDir);
    if (isClean(diff)) return { written: false, diff, notes };
    const id = randomBytes(4).toString("hex");
    tmp = join(staging.dir, `${base}.new-${process.pid}-${id}`);
    mkdirSync(tmp);
    crashPoint("staged");
    const sync = process.env.GPC_FSYNC !== "0";
    // The marker first, alone: a killed build's temp tree is recognised by it (or by being empty).
    writeWhole(join(tmp, MARKER), MARKER_TEXT, sync);
    crashPoint("file");
    const dirs = await writeTree(new Map([...files].filter(([p]) => p !== MARKER)), tmp, sync);
    if (sync) for (const d of [...dirs].sort((a, b) => b.length - a.length)) fsyncDir(d);
    crashPoint("written");
    let swap: SwapMode;
    if (!lstatOrUndefined(outDir)) {
      renameSync(tmp, outDir);
      tmp = undefined;
      swap = "rename";
    } else if (exchange(tmp, outDir)) {
      swap = "exchange"; // tmp now holds the old tree
      crashPoint("exchanged");
    } else {
      const old = join(staging.dir, `${base}.old-${process.pid}-${id}`);
      renameSync(outDir, old);
      crashPoint("between-renames");
      try {
        renameSync(tmp, outDir);
      } catch (e) {
        renameSync(old, outDir);
        throw e;
      }
      tmp = old; // the old tree, to remove
      swap = "rename";
      crashPoint("renamed");
    }
    fsyncDir(parent);
    // The new tree is in place: failing to remove the old one is not a failed build (the next
    // build removes it as a leftover).
    try { if (tmp) rmSync(tmp, { recursive: true, force: true }); } catch { /* leftover */ }
    tmp = undefined;
    crashPoint("cleaned");
    return { written: true, diff, swap, notes };
  } catch (e) {
    throw fsError(e, `cannot write ${shown}`);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (lockPath) rmSync(lockPath, { force: true });
    if (staging) closeStaging(staging.dir);
    if (createdParent && !lstatOrUndefined(outDir)) {
      // Remove the folders made for an out folder that was never written.
      for (let d = parent; within(d, createdParent); d = dirname(d)) {
        try { rmdirSync(d); } catch { break; }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One file (`gpc wasm -o`).

/**
 * Write `data` to `path` through a temp file in the same folder and one rename: the file is the
 * old content or the new one at every instant. Refuses (OutputError) a path that exists and is
 * not a regular file (folder, symlink, FIFO, device) and a missing folder; removes its temp file
 * on failure and temp files of dead processes before writing.
 */
export function writeFileAtomic(path: string, data: Uint8Array, shown = path): void {
  const abs = resolve(path);
  const dir = dirname(abs), base = basename(abs);
  let dst: Stats | undefined;
  try { dst = statSync(dir); } catch { dst = undefined; }
  if (!dst) throw new OutputError(`cannot write ${shown}: the folder ${dirname(shown)} does not exist`, "ENOENT");
  if (!dst.isDirectory()) throw new OutputError(`cannot write ${shown}: ${dirname(shown)} is not a folder`, "ENOTDIR");
  const st = lstatOrUndefined(abs);
  if (st && !st.isFile()) throw new OutputError(`refusing to write ${shown}: it is ${kindOf(st)}, not a regular file`, "refused");
  const re = new RegExp(`^\\.${escapeRe(base)}\\.gpc-(\\d+)-[0-9a-f]{8}\\.tmp$`);
  try {
    for (const name of readdirSync(dir)) {
      const m = re.exec(name);
      if (m && !pidAlive(Number(m[1]))) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // an unreadable folder fails below with a clear message
  }
  const tmp = join(dir, `.${base}.gpc-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  let written = false;
  try {
    writeWhole(tmp, data, process.env.GPC_FSYNC !== "0");
    written = true;
    crashPoint("file-written");
    renameSync(tmp, abs);
    written = false;
  } catch (e) {
    throw fsError(e, `cannot write ${shown}`);
  } finally {
    if (written || lstatOrUndefined(tmp)) rmSync(tmp, { force: true });
  }
}
