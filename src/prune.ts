/**
 * Bounding the cache folders (build, CEL parse trees, V8 code cache): the oldest files beyond a
 * count are removed, by modification time, and only files whose names `pattern` matches — what
 * the cache itself writes — with their `companions` (files stored beside an entry).
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

export function pruneOldest(dir: string, pattern: RegExp, max: number, companions: (name: string) => readonly string[] = () => []): void {
  const names = readdirSync(dir).filter((n) => pattern.test(n));
  if (names.length <= max) return;
  const aged = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - max)) {
    for (const f of [n, ...companions(n)]) rmSync(join(dir, f), { force: true });
  }
}
