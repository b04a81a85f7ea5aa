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
