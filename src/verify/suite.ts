/**
 * gator suites: finding and reading `test.gatekeeper.sh` `Suite` files as `gator verify` does.
 *
 * Input: a path as given on the command line — a suite file, a folder (its files, not its
 * subfolders) or `folder/...` (recursively). Output: the suite files, sorted, each with the path
 * gator prints for it, and each parsed into a `Suite` or a reason it cannot be read. Files that are
 * not YAML or not Suites are skipped silently, as gator does; suite paths are relative to the
 * suite file. Suites are YAML 1.2, as gator reads them (go-yaml v3); the files they name are read
 * by gpc's reader (src/read/), as Kubernetes reads objects.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { loadAll, YAMLException } from "js-yaml";
import { byCodeUnits as byName } from "../order.js";

/** `violations:` is `yes` (the default), `no`, or an exact count. `message:` a Go regex. */
export interface Assertion {
  readonly violations?: number | string;
  readonly message?: string;
}

/** One case: an object (or AdmissionReview) file reviewed against the test's constraint. */
export interface SuiteCase {
  readonly name: string;
  readonly object: string;
  readonly inventory: readonly string[];
  readonly assertions: readonly Assertion[];
  readonly skip: boolean;
}

/** One test: a template, a constraint, optional ExpansionTemplates and cases. */
export interface SuiteTest {
  readonly name: string;
  readonly template: string;
  readonly constraint: string;
  readonly expansion: string;
  readonly cases: readonly SuiteCase[];
  /** The constraint must fail schema validation. */
  readonly invalid: boolean;
  readonly skip: boolean;
}

/** A parsed suite file. */
export interface Suite {
  /** Absolute file path. */
  readonly file: string;
  /** The path gator prints: the argument as given, followed by the file's path under it. */
  readonly path: string;
  readonly name: string;
  readonly tests: readonly SuiteTest[];
  readonly skip: boolean;
}

/** A suite file that could not be read or does not have the Suite shape. */
export interface SuiteReadError {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

const isYaml = (p: string) => { const e = extname(p); return e === ".yaml" || e === ".yml"; };

/**
 * The YAML files `gator verify ARG` would read. Throws an Error (usage problem) when the path
 * does not exist, a file is not YAML, or `/...` follows a file.
 */
export function suiteFiles(arg: string, cwd: string = process.cwd()): { file: string; path: string }[] {
  const recursive = arg.endsWith("/...") || arg === "...";
  const original = recursive ? arg.slice(0, -3) : arg;
  const abs = resolve(cwd, original === "" ? "." : original);
  let st;
  try { st = statSync(abs); } catch { throw new Error(`${original || "."}: no such file or directory`); }
  const shown = (f: string) => {
    if (!st.isDirectory()) return arg;
    const rest = relative(abs, f).split(sep).join("/");
    return original === "" ? rest : original.endsWith("/") ? original + rest : `${original}/${rest}`;
  };
  const files: string[] = [];
  if (!st.isDirectory()) {
    if (recursive) throw new Error(`can only recursively traverse directories, not a directory: ${JSON.stringify(original)}`);
    if (!isYaml(abs)) throw new Error(`unsupported extension: ${JSON.stringify(extname(abs))}`);
    files.push(abs);
  } else {
    const walk = (dir: string, deep: boolean) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name))) {
        const full = join(dir, e.name);
        if (e.isDirectory()) { if (deep && e.name !== "node_modules" && e.name !== ".git") walk(full, true); }
        else if (isYaml(e.name)) files.push(full);
      }
    };
    walk(abs, recursive);
  }
  return files.sort(byName).map((file) => ({ file, path: shown(file) }));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class ShapeError extends Error {}

function str(o: Obj, key: string, at: string): string {
  const v = o[key];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw new ShapeError(`${at}.${key}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}
function bool(o: Obj, key: string, at: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") throw new ShapeError(`${at}.${key}: expected a boolean, got ${JSON.stringify(v)}`);
  return v;
}
function list(o: Obj, key: string, at: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ShapeError(`${at}.${key}: expected a list`);
  return v;
}
function item(v: unknown, at: string): Obj {
  if (v === null || v === undefined) return {};
  if (!isObj(v)) throw new ShapeError(`${at}: expected a mapping`);
  return v;
}

/** Parses a Suite object (gator's JSON decoding: unknown fields ignored, wrong types rejected). */
export function parseSuite(doc: Obj, file: string, path: string): Suite {
  const tests = list(doc, "tests", "tests").map((t, i) => {
    const at = `tests[${i}]`;
    const o = item(t, at);
    return {
      name: str(o, "name", at),
      template: str(o, "template", at),
      constraint: str(o, "constraint", at),
      expansion: str(o, "expansion", at),
      invalid: bool(o, "invalid", at),
      skip: bool(o, "skip", at),
      cases: list(o, "cases", at).map((c, j) => {
        const cat = `${at}.cases[${j}]`;
        const co = item(c, cat);
        return {
          name: str(co, "name", cat),
          object: str(co, "object", cat),
          inventory: list(co, "inventory", cat).map((x, k) => { if (typeof x !== "string") throw new ShapeError(`${cat}.inventory[${k}]: expected a string`); return x; }),
          skip: bool(co, "skip", cat),
          assertions: list(co, "assertions", cat).map((a, k) => {
            const aat = `${cat}.assertions[${k}]`;
            const ao = item(a, aat);
            const v = ao.violations;
            if (v !== undefined && v !== null && typeof v !== "string" && !(typeof v === "number" && Number.isInteger(v))) throw new ShapeError(`${aat}.violations: expected an integer, "yes" or "no", got ${JSON.stringify(v)}`);
            const m = str(ao, "message", aat);
            return { ...(v !== undefined && v !== null ? { violations: v as number | string } : {}), ...(ao.message !== undefined && ao.message !== null ? { message: m } : {}) };
          }),
        };
      }),
    };
  });
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  return { file, path, name: typeof meta.name === "string" ? meta.name : "", tests, skip: bool(doc, "skip", "skip") };
}

/**
 * Reads one YAML file: a Suite, `undefined` when its (first) document is not a Suite (skipped,
 * as gator does), or an error.
 */
export function readSuite(file: string, path: string): Suite | SuiteReadError | undefined {
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch (e) { return { file, path, message: `reading file ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }; }
  // A Suite names its group and kind in plain text: skip the (costly) parse of other files.
  if (!text.includes("test.gatekeeper.sh") || !text.includes("Suite")) return undefined;
  // gator reads suites with go-yaml v3, i.e. YAML 1.2 (`violations: yes` is the string "yes"),
  // and only their first document; js-yaml's default schema is YAML 1.2's core schema.
  let doc: unknown;
  try {
    doc = (loadAll(text, { maxAliases: 100 } as never) as unknown[]).find((d) => d !== null && d !== undefined);
  } catch (e) {
    const mark = e instanceof YAMLException ? (e as YAMLException & { mark?: { line?: number } }).mark : undefined;
    const reason = e instanceof YAMLException ? ((e as YAMLException & { reason?: string }).reason ?? e.message) : (e as Error).message;
    return { file, path, message: `invalid yaml: parsing yaml file ${JSON.stringify(path)}${mark?.line !== undefined ? ` (line ${mark.line + 1})` : ""}: ${reason}` };
  }
  if (!isObj(doc) || typeof doc.apiVersion !== "string" || doc.kind !== "Suite") return undefined;
  const group = doc.apiVersion.includes("/") ? doc.apiVersion.split("/")[0] : "";
  if (group !== "test.gatekeeper.sh") return undefined;
  try {
    return parseSuite(doc, file, path);
  } catch (e) {
    if (e instanceof ShapeError) return { file, path, message: `invalid yaml: ${path}: ${e.message}` };
    throw e;
  }
}

/** The folder suite paths are relative to. */
export function suiteDir(s: Suite): string {
  return dirname(s.file);
}

/** Resolves a path written in a suite. */
export function suitePath(s: Suite, p: string): string {
  return isAbsolute(p) ? p : join(suiteDir(s), p);
}
