/**
 * Installing a packed gpc into a new project without a network: the project gets a
 * package-lock.json naming the tarball and, for gpc's dependencies, the exact entries of this
 * repository's lock file, so `npm ci --offline` takes every package from the npm cache that this
 * repository's own `npm ci` filled.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  [k: string]: unknown;
}

/** Where Node would find `name` required from the package at lock key `from`. */
function resolveKey(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let p = from;
  for (;;) {
    const k = p ? `${p}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[k]) return k;
    if (!p) return undefined;
    const i = p.lastIndexOf("/node_modules/");
    p = i < 0 ? "" : p.slice(0, i);
  }
}

/**
 * Writes package-lock.json into `dir` for a project whose package.json has `gpc` (the tarball at
 * `tarball`, named relative to `dir` as `spec`) in devDependencies.
 */
export function writeLock(repoRoot: string, dir: string, tarball: string, spec: string): void {
  const repoLock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const gpcPkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string>; bin: Record<string, string>; license: string; engines: Record<string, string> };
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  const packages: Record<string, LockEntry> = {
    "": { name: pkg.name, version: pkg.version, devDependencies: pkg.devDependencies as Record<string, string> },
    "node_modules/gpc": {
      version: gpcPkg.version,
      resolved: spec,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      dev: true,
      license: gpcPkg.license,
      dependencies: gpcPkg.dependencies,
      bin: gpcPkg.bin,
      engines: gpcPkg.engines,
    },
  };
  // gpc's dependencies, as this repository's lock resolved them (a flat tree at the top level).
  const todo: [string, string][] = Object.keys(gpcPkg.dependencies).map((n) => ["", n]);
  while (todo.length) {
    const [from, name] = todo.pop()!;
    const key = resolveKey(repoLock.packages, from, name);
    if (!key) {
      if (from && repoLock.packages[from]?.optionalDependencies?.[name]) continue;
      throw new Error(`package-lock.json has no entry for ${name} (needed by ${from || "gpc"})`);
    }
    if (packages[key]) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = repoLock.packages[key]!;
    packages[key] = { ...entry, dev: true };
    for (const n of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) todo.push([key, n]);
  }
  const lock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
}
