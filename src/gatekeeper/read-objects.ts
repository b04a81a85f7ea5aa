/**
 * Gatekeeper YAML as policy input: ConstraintTemplates, Constraints and ExpansionTemplates read
 * from `.yaml`, `.yml` and `.json` files and folders (gatekeeper-library checkouts, hand-written
 * constraints, the `generated/` folder `gpc build` writes), beside TypeScript policies.
 *
 * Input: paths. Output: a `PolicyObjects` set — templates, constraints (each with the policy it
 * belongs to: its `gpc.dev/policy` label, else its file), expansion templates, the gator Suite
 * files found on the way — and one `InputError` per unreadable file or document or conflicting
 * definition. Other kinds (sample Pods, kustomizations) are not policy and are left out.
 *
 * `readObjectFile` is the one place YAML becomes objects for policy input and `gpc verify`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatInputError, readManifestInput, type InputError } from "../engine/manifests.js";
import { buildProject, type Artifacts, type K8sObject, type PolicyArtifacts } from "./artifacts.js";
import { byCodeUnits as cmp } from "../order.js";

/** One object of a file, with its 1-based document number and line. */
export interface ReadObject {
  readonly object: K8sObject;
  readonly document: number;
  readonly line: number;
}

/** What reading one file gave: its objects, its errors and its warnings (e.g. duplicate keys). */
export interface ReadFileResult {
  readonly objects: ReadObject[];
  readonly errors: InputError[];
  readonly warnings: InputError[];
}

/** Reads every object of one YAML or JSON file (src/read/, as the API server reads it). Never throws for bad input. */
export function readObjectFile(path: string, shown: string = path): ReadFileResult {
  const cached = parseCache.get(path, shown);
  if (cached) return cached;
  const r = readManifestInput({ path, file: shown });
  const out = {
    objects: r.manifests.map((m) => ({ object: m.object, document: m.source.document, line: m.source.line })),
    errors: r.errors.filter((e) => e.severity !== "warning"),
    warnings: r.errors.filter((e) => e.severity === "warning"),
  };
  parseCache.put(out);
  return out;
}

/** Plain JSON data only (what survives a JSON round trip unchanged). */
function jsonSafe(v: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every((x) => jsonSafe(x, depth + 1));
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every((x) => jsonSafe(x, depth + 1));
  return false;
}

/**
 * Parsed files in `<cache>/yaml/` (`$GPC_CACHE_DIR`, else `.gpc-cache/`; safe to delete):
 * parsing YAML costs far more than reading JSON back. Keys hash the file's path, size,
 * modification time and inode, the shown name and a fingerprint of the reader, so an edited file
 * or a changed reader never serves stale objects.
 */
const parseCache = new (class {
  private dir: string | undefined | false;
  private pending: { file: string; key: string } | undefined;
  private fingerprint(): string {
    const h = createHash("sha256");
    const readDir = new URL("../read/", import.meta.url);
    let reader: URL[] = [];
    try { reader = readdirSync(fileURLToPath(readDir)).sort().map((n) => new URL(n, readDir)); } catch { /* none */ }
    for (const u of [new URL("../engine/manifests.js", import.meta.url), new URL("./read-objects.js", import.meta.url), ...reader]) {
      try { const st = statSync(fileURLToPath(u)); h.update(`${u.pathname}\0${st.size}\0${st.mtimeMs}\n`); } catch { h.update(u.pathname); }
    }
    return h.digest("hex").slice(0, 16);
  }
  private fp: string | undefined;
  get(path: string, shown: string): ReadFileResult | undefined {
    this.pending = undefined;
    if (this.dir === undefined) this.dir = process.env.GPC_CACHE_DIR === "" ? false : join(process.env.GPC_CACHE_DIR ?? join(process.cwd(), ".gpc-cache"), "yaml");
    if (this.dir === false) return undefined;
    let st;
    try { st = statSync(path); } catch { return undefined; }
    if (!st.isFile() || st.size > 4 * 1024 * 1024) return undefined;
    this.fp ??= this.fingerprint();
    // Like make: a file is known by its path, size and modification time (nanoseconds).
    const key = createHash("sha256").update(`${this.fp}\0${shown}\0${resolve(path)}\0${st.size}\0${st.mtimeMs}\0${st.ino}`).digest("hex");
    const file = join(this.dir, `${key}.json`);
    try { return JSON.parse(readFileSync(file, "utf8")) as ReadFileResult; } catch { this.pending = { file, key }; return undefined; }
  }
  put(r: ReadFileResult): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p || !this.dir || !jsonSafe(r.objects.map((o) => o.object))) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${p.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(r));
      renameSync(tmp, p.file);
    } catch { /* an unwritable cache only costs time */ }
  }
})();

/** Extensions read as Gatekeeper objects. */
export const OBJECT_EXTENSIONS: ReadonlySet<string> = new Set([".yaml", ".yml", ".json"]);

/** A constraint read from YAML and the policy that reports it. */
export interface ObjectConstraint {
  readonly constraint: K8sObject;
  /** The `gpc.dev/policy` label, else the file it was read from. */
  readonly policy: string;
  readonly file: string;
}

/** Every Gatekeeper policy object found under some paths. */
export interface PolicyObjects {
  readonly templates: K8sObject[];
  readonly constraints: ObjectConstraint[];
  readonly expansionTemplates: K8sObject[];
  /** Files holding a `test.gatekeeper.sh` Suite (for `gpc test`). */
  readonly suites: string[];
  readonly errors: InputError[];
  /** Problems that do not stop the read (duplicate keys: the last one wins). */
  readonly warnings: InputError[];
  /** Files read. */
  readonly files: number;
}

const groupOf = (o: K8sObject) => (o.apiVersion.includes("/") ? o.apiVersion.slice(0, o.apiVersion.indexOf("/")) : "");

/** What a Gatekeeper object is, by group and kind; undefined for anything else. */
export function policyObjectKind(o: K8sObject): "template" | "constraint" | "expansion" | "suite" | undefined {
  const g = groupOf(o);
  if (g === "templates.gatekeeper.sh" && o.kind === "ConstraintTemplate") return "template";
  if (g === "constraints.gatekeeper.sh") return "constraint";
  if (g === "expansion.gatekeeper.sh" && o.kind === "ExpansionTemplate") return "expansion";
  if (g === "test.gatekeeper.sh" && o.kind === "Suite") return "suite";
  return undefined;
}

/** True when `path` names a file gpc reads as Gatekeeper objects (not a TypeScript policy). */
export function isObjectFile(path: string): boolean {
  return OBJECT_EXTENSIONS.has(extname(path).toLowerCase());
}

/** The object files under `path` (itself when a file), recursively, sorted; `.git` and `node_modules` skipped. */
export function objectFilesUnder(path: string): string[] {
  let st;
  try { st = statSync(path); } catch { return []; }
  if (!st.isDirectory()) return isObjectFile(path) ? [path] : [];
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== ".git" && e.name !== "node_modules") walk(full); }
      else if (e.isFile() && isObjectFile(e.name)) out.push(full);
    }
  };
  walk(path);
  return out;
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/**
 * Reads the Gatekeeper objects under `paths` (files, or folders walked recursively). The same
 * object found twice with the same content (as `generated/` holds each constraint in
 * `constraints.yaml` and in `suite/`) counts once; with different content it is an error.
 */
export function readPolicyObjects(paths: readonly string[], cwd: string = process.cwd()): PolicyObjects {
  const show = (p: string) => { const r = relative(cwd, p); return r && !r.startsWith("..") ? r.split("\\").join("/") : p; };
  const templates = new Map<string, { o: K8sObject; file: string; key: string }>();
  const constraints = new Map<string, { c: ObjectConstraint; key: string }>();
  const expansions = new Map<string, { o: K8sObject; file: string; key: string }>();
  const suites: string[] = [];
  const errors: InputError[] = [];
  const warnings: InputError[] = [];
  let files = 0;
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    let st;
    try { st = statSync(abs); } catch { errors.push({ severity: "error", file: p, message: "cannot read: no such file or directory" }); continue; }
    const list = objectFilesUnder(abs);
    if (list.length === 0) { errors.push({ severity: "error", file: p, message: st.isDirectory() ? "no .yaml, .yml or .json files in this folder" : "not a .yaml, .yml or .json file" }); continue; }
    for (const f of list) {
      files++;
      const file = show(f);
      const r = readObjectFile(f, file);
      errors.push(...r.errors);
      warnings.push(...r.warnings);
      for (const { object: o, document } of r.objects) {
        const kind = policyObjectKind(o);
        if (!kind) continue;
        if (kind === "suite") { if (!suites.includes(f)) suites.push(f); continue; }
        const name = o.metadata?.name ?? "";
        const key = stable(o);
        const dup = (map: Map<string, { key: string; file?: string; c?: ObjectConstraint }>, id: string, what: string): boolean => {
          const prev = map.get(id);
          if (!prev) return false;
          if (prev.key !== key) errors.push({ severity: "error", file, document, message: `${what} is also defined, differently, in ${prev.file ?? prev.c?.file}` });
          return true;
        };
        if (kind === "template") { if (!dup(templates, name, `ConstraintTemplate ${name}`)) templates.set(name, { o, file, key }); }
        else if (kind === "expansion") { if (!dup(expansions, name, `ExpansionTemplate ${name}`)) expansions.set(name, { o, file, key }); }
        else {
          const id = `${o.kind}/${name}`;
          if (!dup(constraints, id, `constraint ${id}`)) constraints.set(id, { c: { constraint: o, policy: o.metadata?.labels?.["gpc.dev/policy"] ?? file, file }, key });
        }
      }
    }
  }
  return {
    templates: [...templates.values()].map((t) => t.o).sort((a, b) => cmp(a.metadata?.name ?? "", b.metadata?.name ?? "")),
    constraints: [...constraints.values()].map((c) => c.c),
    expansionTemplates: [...expansions.values()].map((x) => x.o),
    suites: suites.sort(),
    errors,
    warnings,
    files,
  };
}


/**
 * Artifacts for the engine from YAML policy objects, merged with TypeScript policies' artifacts
 * when given: one policy per `gpc.dev/policy` label or file. Every expansion template applies to
 * every YAML policy, as installing them in a cluster would.
 */
export function objectArtifacts(set: PolicyObjects, ts?: Artifacts): Artifacts {
  const byPolicy = new Map<string, PolicyArtifacts>();
  for (const c of set.constraints) {
    let p = byPolicy.get(c.policy);
    if (!p) byPolicy.set(c.policy, (p = { name: c.policy, sourceFile: c.file, constraints: [], cases: [], expansionTemplates: set.expansionTemplates }));
    p.constraints.push(c.constraint);
  }
  const templates = new Map<string, K8sObject>();
  for (const t of ts?.templates ?? []) templates.set(t.metadata?.name ?? "", t);
  for (const t of set.templates) if (!templates.has(t.metadata?.name ?? "")) templates.set(t.metadata?.name ?? "", t);
  const policies = [...(ts?.policies ?? [])];
  const tsNames = new Set(policies.map((p) => p.name));
  for (const p of byPolicy.values()) {
    // A generated/ folder beside the policies that produced it: the TypeScript policy wins.
    if (!tsNames.has(p.name)) policies.push(p);
  }
  return {
    files: ts?.files ?? new Map(),
    templates: [...templates.values()].sort((a, b) => cmp(a.metadata?.name ?? "", b.metadata?.name ?? "")),
    policies: policies.sort((a, b) => cmp(a.name, b.name)),
  };
}

/** Which inputs are TypeScript policies and which Gatekeeper YAML (a folder may be both). */
export function splitPolicyInputs(inputs: readonly string[], cwd: string): { ts: string[]; objects: string[] } {
  const ts: string[] = [], objects: string[] = [];
  for (const input of inputs) {
    const abs = isAbsolute(input) ? input : resolve(cwd, input);
    let st;
    try { st = statSync(abs); } catch { ts.push(input); continue; } // buildProject reports it
    if (!st.isDirectory()) { (isObjectFile(abs) ? objects : ts).push(input); continue; }
    let hasTs = false;
    try { hasTs = readdirSync(abs).some((n) => n.endsWith(".ts") && !n.endsWith(".d.ts") && !n.endsWith(".test.ts") && !n.startsWith("_")); } catch { /* reported below */ }
    const hasObjects = objectFilesUnder(abs).length > 0;
    if (hasTs || !hasObjects) ts.push(input);
    if (hasObjects) objects.push(input);
  }
  return { ts, objects };
}

/**
 * The policies named by `inputs` — TypeScript policy files and folders, and Gatekeeper YAML files
 * and folders — as one set of artifacts for the engine. No artifacts unless everything loaded.
 */
export async function loadPolicyInputs(inputs: readonly string[], cwd: string = process.cwd()): Promise<{ artifacts?: Artifacts; diagnostics: Diagnostic[]; objects?: PolicyObjects }> {
  const { ts, objects } = splitPolicyInputs(inputs, cwd);
  const diagnostics: Diagnostic[] = [];
  let built: Artifacts | undefined;
  if (ts.length) {
    const r = await buildProject({ inputs: ts, cwd });
    diagnostics.push(...r.diagnostics);
    if (!r.artifacts) return { diagnostics };
    built = r.artifacts;
  }
  if (!objects.length) return { artifacts: built, diagnostics };
  const set = readPolicyObjects(objects, cwd);
  for (const e of set.errors) diagnostics.push({ code: "policy-input", severity: "error", message: formatInputError(e) });
  for (const e of set.warnings) diagnostics.push({ code: "policy-input", severity: "warning", message: formatInputError(e) });
  if (set.errors.length) return { diagnostics, objects: set };
  return { artifacts: objectArtifacts(set, built), diagnostics, objects: set };
}
