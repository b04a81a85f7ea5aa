/**
 * Golden files with one update switch and orphan detection (STYLE practice 8).
 * `golden(dir, name, actual)` compares with `<dir>/<name>`; `UPDATE_GOLDEN=1` rewrites it.
 * `orphans(dir)` lists golden files under `dir` that no test of this process produced; call it
 * in a last test and assert it is empty.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

const produced = new Set<string>();
export const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Returns an error message, or undefined when `actual` equals the golden file. */
export function golden(dir: string, name: string, actual: string): string | undefined {
  const file = join(dir, name);
  produced.add(file);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return undefined;
  }
  if (!existsSync(file)) return `golden file ${relative(process.cwd(), file)} is missing; run with UPDATE_GOLDEN=1`;
  const want = readFileSync(file, "utf8");
  if (want === actual) return undefined;
  const a = actual.split("\n"), w = want.split("\n");
  const i = a.findIndex((l, k) => l !== w[k]);
  return `${relative(process.cwd(), file)} differs at line ${i + 1}:\n  want: ${JSON.stringify(w[i])}\n  got:  ${JSON.stringify(a[i])}\n(run with UPDATE_GOLDEN=1 to accept)`;
}

/** Golden files under `dir` that no `golden()` call of this process produced. */
export function orphans(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (!produced.has(p)) out.push(relative(process.cwd(), p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}
