/**
 * Where gpc's own files are: the package root, found once by walking up from this module to the
 * `package.json` named "gpc". Works the same from `src/` (tsx, tests) and `dist/src/` (the CLI).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let rootMemo: string | undefined;

/** The gpc package root (the folder holding package.json, templates/, runtime/). */
export function packageRoot(): string {
  if (rootMemo) return rootMemo;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "gpc") return (rootMemo = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`gpc: cannot find the gpc package root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** A path inside the package root. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** gpc's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
}

/**
 * The running gpc's own module for a source path relative to `src/` ("index", "engine/index"):
 * `dist/src/<p>.js` when gpc runs compiled, `src/<p>.ts` when it runs from source (tests, tsx).
 * Policies that import "gpc" are bound to these, so a policy always uses the gpc that loads it.
 */
export function ownModule(p: string): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), `${p}${here.endsWith(".ts") ? ".ts" : ".js"}`);
}

/** The folder of the running gpc's modules (`dist/src/` or `src/`). */
export function ownModuleRoot(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** gpc's cache folder: `$GPC_CACHE_DIR`, or `.gpc-cache/` in `cwd`. Deleting it is always safe. */
export function cacheRoot(cwd = process.cwd()): string {
  return process.env.GPC_CACHE_DIR || join(cwd, ".gpc-cache");
}
