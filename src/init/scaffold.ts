/**
 * `gpc init`: a policy repository from nothing.
 *
 * Input: a folder (existing or not) and whether to overwrite. Output: the files of a policy
 * repository — package.json scripts, a tsconfig.json under which `tsc` type-checks the policies,
 * one example policy with sample cases, an example manifest, .gitignore for the cache, and a
 * GitHub Actions workflow — and one line per file saying what happened to it. Existing files are
 * kept unless `force`; an existing package.json only gains the scripts it lacks.
 *
 * The files are copied verbatim from `templates/init/` (the table below says where each goes).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { packagePath, packageVersion } from "../paths.js";

/** Template file (in templates/init/) → path in the new repository. */
export const SCAFFOLD: readonly { readonly template: string; readonly path: string }[] = [
  { template: "tsconfig.json", path: "tsconfig.json" },
  { template: "restricted.ts", path: "policies/restricted.ts" },
  { template: "example-pod.yaml", path: "manifests/example-pod.yaml" },
  { template: "gitignore", path: ".gitignore" },
  { template: "workflow.yml", path: ".github/workflows/gpc.yml" },
];

/** The package.json scripts a policy repository gets. */
export const SCRIPTS: Readonly<Record<string, string>> = {
  build: "gpc build",
  test: "gpc test",
  audit: "gpc audit manifests/",
  typecheck: "tsc --noEmit",
};

/** `npm init -y`'s placeholder test script: replaced, as it is nobody's work. */
const NPM_INIT_TEST = 'echo "Error: no test specified" && exit 1';

/** What happened to one file. */
export interface ScaffoldEntry {
  readonly path: string;
  readonly action: "created" | "overwritten" | "kept" | "updated";
  /** Why it was kept, or what was updated. */
  readonly note?: string;
}

/** Options of `scaffold`. */
export interface ScaffoldOptions {
  /** The repository folder; created when missing. @default (required) */
  readonly dir: string;
  /** Overwrite existing files (package.json: overwrite gpc's scripts, keep everything else). @default false */
  readonly force?: boolean;
}

/** Thrown when the folder cannot be scaffolded (it is a file, or a write failed). */
export class ScaffoldError extends Error {
  override name = "ScaffoldError";
}

function packageName(dir: string): string {
  const n = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|[-]+$/g, "");
  return n || "policies";
}

/** The new or updated package.json text, and what happened; undefined text when nothing changes. */
function packageJson(file: string, force: boolean): { text?: string; entry: ScaffoldEntry } {
  if (!existsSync(file)) {
    const pkg = {
      name: packageName(dirname(file)),
      version: "0.0.0",
      private: true,
      scripts: SCRIPTS,
      devDependencies: { gpc: `^${packageVersion()}` },
    };
    return { text: `${JSON.stringify(pkg, null, 2)}\n`, entry: { path: "package.json", action: "created" } };
  }
  let pkg: { scripts?: Record<string, string> } & Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as typeof pkg;
    if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) throw new Error("not a JSON object");
  } catch (e) {
    return { entry: { path: "package.json", action: "kept", note: `not valid JSON (${(e as Error).message}); add the scripts by hand: ${JSON.stringify(SCRIPTS)}` } };
  }
  const scripts = { ...(pkg.scripts ?? {}) };
  const added: string[] = [], kept: string[] = [];
  for (const [name, cmd] of Object.entries(SCRIPTS)) {
    const had = scripts[name];
    if (had === cmd) continue;
    if (had === undefined || force || (name === "test" && had === NPM_INIT_TEST)) { scripts[name] = cmd; added.push(name); }
    else kept.push(name);
  }
  const keptNote = kept.length ? `kept your ${kept.map((k) => `"${k}"`).join(", ")} script${kept.length === 1 ? "" : "s"} (--force to replace)` : "";
  if (added.length === 0) return { entry: { path: "package.json", action: "kept", ...(keptNote ? { note: keptNote } : { note: "has the scripts already" }) } };
  const text = `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`;
  return { text, entry: { path: "package.json", action: "updated", note: `added scripts ${added.join(", ")}${keptNote ? `; ${keptNote}` : ""}` } };
}

/**
 * Writes the scaffold into `opts.dir`. Returns one entry per file, in the order written.
 * Throws ScaffoldError when the folder is a file or a file cannot be written.
 */
export function scaffold(opts: ScaffoldOptions): ScaffoldEntry[] {
  const dir = resolve(opts.dir);
  const force = opts.force ?? false;
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ScaffoldError(`${opts.dir} exists and is not a folder`);
  const writes: { file: string; text: string }[] = [];
  const entries: ScaffoldEntry[] = [];
  const pkg = packageJson(join(dir, "package.json"), force);
  if (pkg.text !== undefined) writes.push({ file: join(dir, "package.json"), text: pkg.text });
  entries.push(pkg.entry);
  for (const { template, path } of SCAFFOLD) {
    const file = join(dir, path);
    const exists = existsSync(file);
    if (exists && !force) { entries.push({ path, action: "kept", note: "exists; --force to overwrite" }); continue; }
    if (exists && statSync(file).isDirectory()) throw new ScaffoldError(`${join(opts.dir, path)} is a folder`);
    writes.push({ file, text: readFileSync(packagePath("templates", "init", template), "utf8") });
    entries.push({ path, action: exists ? "overwritten" : "created" });
  }
  for (const w of writes) {
    try {
      mkdirSync(dirname(w.file), { recursive: true });
      writeFileSync(w.file, w.text);
    } catch (e) {
      throw new ScaffoldError(`cannot write ${w.file}: ${(e as Error).message}`);
    }
  }
  return entries;
}
