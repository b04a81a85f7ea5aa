/**
 * Paths → the inputs to read, and what was skipped and why.
 *
 * Input: paths as given (files, folders, `-` for stdin). Output: inputs in order (folders walked
 * recursively and sorted, keeping `.yaml`, `.yml`, `.json`), plus problems: an error for what
 * cannot be read and for every manifest-named entry that a walk does not read — a symbolic link
 * (unless `followSymlinks`), a dangling link, a FIFO, socket or device — and a warning for a
 * skipped folder (`node_modules/`, `.git/`, a linked folder without `followSymlinks`). A path
 * given explicitly is always read, whatever it is (a FIFO or device is read with the byte bound).
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from "node:fs";
import { extname, join, relative } from "node:path";
import type { ReadProblem } from "./stream.js";

/** One thing to read: `path` on disk (`-`: stdin), `file` as printed. */
export interface ReadInput {
  readonly path: string;
  readonly file: string;
}

/** Options of `listInputs`. */
export interface WalkOptions {
  /** Paths are printed relative to this folder. @default process.cwd() */
  readonly cwd?: string;
  /** Read symbolic links found in folders (files and folders; cycles are cut). @default false */
  readonly followSymlinks?: boolean;
}

export const MANIFEST_EXTENSIONS: ReadonlySet<string> = new Set([".yaml", ".yml", ".json"]);
const IGNORED_FOLDERS = new Set([".git", "node_modules"]);

function kindOf(st: Stats): string {
  return st.isFIFO() ? "a FIFO" : st.isSocket() ? "a socket" : st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : "not a regular file";
}

/**
 * Expands `paths` into inputs, in order. `order` numbers inputs and problems in one sequence, so
 * results read in parallel can be put back in the order a sequential read gives.
 */
export function listInputs(paths: readonly string[], opts: WalkOptions = {}): { inputs: { input: ReadInput; order: number }[]; problems: { problem: ReadProblem; order: number }[] } {
  const cwd = opts.cwd ?? process.cwd();
  const inputs: { input: ReadInput; order: number }[] = [];
  const problems: { problem: ReadProblem; order: number }[] = [];
  let order = 0;
  const note = (severity: "error" | "warning", file: string, message: string) => problems.push({ problem: { severity, file, message }, order: order++ });
  const show = (p: string) => {
    const r = relative(cwd, p);
    return r && !r.startsWith("..") ? r : p;
  };
  for (const p of paths) {
    if (p === "-") { inputs.push({ input: { path: "-", file: "-" }, order: order++ }); continue; }
    let st: Stats;
    try { st = statSync(p); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      let dangling = false;
      try { dangling = lstatSync(p).isSymbolicLink(); } catch { /* not there at all */ }
      note("error", show(p), dangling ? "cannot read: dangling symbolic link" : `cannot read: ${code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
      continue;
    }
    if (!st.isDirectory()) { inputs.push({ input: { path: p, file: show(p) }, order: order++ }); continue; }
    const files: string[] = [];
    let others = 0;
    const seen = new Set<string>();
    const walk = (dir: string) => {
      try { const real = realpathSync(dir); if (seen.has(real)) { note("warning", show(dir), "skipped: a folder already walked (a symbolic link cycle)"); return; } seen.add(real); } catch { /* listed below */ }
      let entries;
      try { entries = readdirSync(dir, { withFileTypes: true }); } catch (e) { note("error", show(dir), `cannot list: ${(e as Error).message}`); return; }
      for (const ent of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = join(dir, ent.name);
        const manifestName = MANIFEST_EXTENSIONS.has(extname(ent.name).toLowerCase());
        if (ent.isDirectory()) {
          if (IGNORED_FOLDERS.has(ent.name)) { note("warning", show(full), "skipped: ignored folder"); continue; }
          walk(full);
          continue;
        }
        if (ent.isFile()) { if (manifestName) files.push(full); else others++; continue; }
        if (ent.isSymbolicLink()) {
          let target: Stats | undefined;
          try { target = statSync(full); } catch { /* dangling */ }
          if (!target) { if (manifestName) note("error", show(full), "not read: dangling symbolic link"); continue; }
          if (target.isDirectory()) {
            if (!opts.followSymlinks) { note("warning", show(full), "skipped: symbolic link to a folder (--follow-symlinks reads it)"); continue; }
            walk(full);
            continue;
          }
          if (!manifestName) { others++; continue; }
          if (!target.isFile()) { note("error", show(full), `not read: symbolic link to ${kindOf(target)}`); continue; }
          if (!opts.followSymlinks) { note("error", show(full), "not read: symbolic link (kubectl would apply it; --follow-symlinks reads it)"); continue; }
          files.push(full);
          continue;
        }
        // FIFOs, sockets, devices: never opened by a walk (a FIFO would block).
        if (manifestName) { let k = "not a regular file"; try { k = kindOf(lstatSync(full)); } catch { /* gone */ } note("error", show(full), `not read: ${k}`); }
        else others++;
      }
    };
    const errorsBefore = problems.filter((x) => x.problem.severity === "error").length;
    walk(p);
    if (files.length === 0 && problems.filter((x) => x.problem.severity === "error").length === errorsBefore) {
      note("error", show(p), `no .yaml, .yml or .json files in this folder${others ? ` (${others} other file${others === 1 ? "" : "s"} ignored)` : ""}`);
      continue;
    }
    for (const f of files) inputs.push({ input: { path: f, file: show(f) }, order: order++ });
  }
  return { inputs, problems };
}
