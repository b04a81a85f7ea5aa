/**
 * Writing and checking the out folder.
 *
 * Input: the artifact files (relative path → content) and an out folder. `diffOutDir` compares
 * them with what is on disk (every file under the folder counts); `writeOutDir` replaces the
 * folder atomically: everything is written to a sibling temp folder, then renamed into place.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

/** What differs between the expected files and the folder. */
export interface OutDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join("/"));
    }
  };
  walk(root);
  return out;
}

/** Files that would be added, removed or changed by writing `files` to `outDir`. */
export function diffOutDir(files: ReadonlyMap<string, string>, outDir: string): OutDiff {
  const onDisk = new Set(listFiles(outDir));
  const added: string[] = [], changed: string[] = [];
  for (const [p, text] of files) {
    if (!onDisk.has(p)) added.push(p);
    else if (readFileSync(join(outDir, p), "utf8") !== text) changed.push(p);
  }
  const removed = [...onDisk].filter((p) => !files.has(p)).sort();
  return { added: added.sort(), removed, changed: changed.sort() };
}

/** True when nothing differs. */
export function isClean(d: OutDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}

/** Replace `outDir` with exactly `files`: write a temp sibling folder, then swap it in. */
export function writeOutDir(files: ReadonlyMap<string, string>, outDir: string): void {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(outDir)}.old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  for (const [p, text] of files) {
    const target = join(tmp, p);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  if (existsSync(outDir)) renameSync(outDir, old);
  try {
    renameSync(tmp, outDir);
  } catch (e) {
    if (existsSync(old)) renameSync(old, outDir);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
