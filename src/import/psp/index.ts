/**
 * `gpc import psp`: PodSecurityPolicy manifests → one TypeScript policy file each.
 *
 * Input: paths of manifests and an output folder. Output: a plan — every file to write with its
 * content and what writing it would do (new, unchanged, overwrite, kept) — plus the objects
 * skipped, errors and warnings; `writeImport` then writes the plan all or nothing. Each policy
 * is validated with `definePolicy` (the PSP spec and its generated cases) before anything is
 * written, so an imported file that is written also builds.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pspToChecks } from "../../checks/psp.js";
import { definePolicy } from "../../dsl/policy.js";
import { allowed, denied, samplePod, type SampleCaseProps } from "../../dsl/samples.js";
import { applyOps, pspSampleCases, SAMPLE_POD_NAME } from "./cases.js";
import { descriptionOf, policyNameOf, printPolicyFile, splitSpec } from "./emit.js";
import { formatReadError, formatSource, readPsps, type ImportedPsp, type SkippedObject } from "./read.js";

export { readPsps, type ImportedPsp, type SkippedObject } from "./read.js";
export { printPolicyFile, policyNameOf, splitSpec, tsString } from "./emit.js";
export { pspSampleCases } from "./cases.js";

/** Options of `planPspImport`. */
export interface PspImportOptions {
  /** Files, folders or `-`. */
  readonly inputs: readonly string[];
  /** Folder the policy files go to. @default "policies" */
  readonly outDir?: string;
  /** Module specifier the files import gpc from. @default `importSpecifier(outDir)` */
  readonly importFrom?: string;
  /** Overwrite existing files that differ. @default false */
  readonly force?: boolean;
  /** Relative paths resolve against this folder. @default process.cwd() */
  readonly cwd?: string;
}

/** One policy file of the plan. */
export interface PlannedFile {
  /** Absolute path. */
  readonly path: string;
  /** Path as printed (relative to cwd when inside it). */
  readonly display: string;
  readonly policy: string;
  readonly psp: ImportedPsp;
  readonly content: string;
  readonly cases: number;
  /** `new`: does not exist; `unchanged`: exists with this content; `overwrite`: differs, --force; `kept`: differs, not overwritten. */
  readonly status: "new" | "unchanged" | "overwrite" | "kept";
}

/** The outcome of planning an import. */
export interface PspImportPlan {
  readonly files: PlannedFile[];
  readonly skipped: SkippedObject[];
  /** Input errors (located); when any, nothing may be written. */
  readonly errors: string[];
  /** What gpc does not do as PSP did (its defaults), per PodSecurityPolicy. */
  readonly warnings: ImportWarning[];
  /** The reader's warnings (duplicate keys, skipped folders), formatted; they do not stop the import. */
  readonly readWarnings: string[];
}

/** One PodSecurityPolicy's warnings. */
export interface ImportWarning {
  /** `PodSecurityPolicy "name" (file, document n (line l))`. */
  readonly subject: string;
  /** `field: message`, one per field. */
  readonly messages: string[];
}

/**
 * The specifier generated files import gpc from: a relative path to `src/index.js` when `outDir`
 * lies inside gpc's own source tree (this repository's policies and tests), else `gpc`.
 */
export function importSpecifier(outDir: string): string {
  let dir = resolve(outDir);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      let name: unknown;
      try { name = (JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name; } catch { name = undefined; }
      if (name === "gpc" && existsSync(join(dir, "src", "index.ts"))) {
        const rel = relative(resolve(outDir), join(dir, "src", "index.js")).split(sep).join("/");
        return rel.startsWith(".") ? rel : `./${rel}`;
      }
      return "gpc";
    }
    const up = dirname(dir);
    if (up === dir) return "gpc";
    dir = up;
  }
}

const MUST_RUN_AS_NOTE = (key: string) => `rule MustRunAs: PSP filled in a value where a pod left ${key} unset; gpc denies such pods instead`;

/** Behaviour PSP had and gpc does not (its defaults), one line per field. */
function importWarnings(psp: ImportedPsp): string[] {
  const out: string[] = [];
  for (const d of pspToChecks(psp.spec, "spec").diagnostics) if (d.severity === "warning") out.push(`${d.path}: ${d.message}`);
  for (const key of ["runAsUser", "runAsGroup", "supplementalGroups", "fsGroup"] as const) {
    if (psp.spec[key]?.rule === "MustRunAs") out.push(`spec.${key}: ${MUST_RUN_AS_NOTE(key)}`);
  }
  return out;
}

/** The `definePolicy` props of an imported PSP, built from the same data the file prints. */
function policyProps(psp: ImportedPsp, name: string) {
  const { live } = splitSpec(psp.spec);
  const { base, cases } = pspSampleCases(psp.spec);
  const ok = applyOps(samplePod(SAMPLE_POD_NAME), base);
  const props: SampleCaseProps[] = cases.map((c) => {
    const object = applyOps(ok, c.ops);
    return c.expect === "allowed" ? allowed(c.name, object) : denied(c.name, object, { deniedBy: c.deniedBy!, ...(c.messages?.length ? { messages: c.messages } : {}) });
  });
  return { props: { name, description: descriptionOf(psp), psp: live, cases: props }, base, cases };
}

/** Plans the import: reads, validates and prints everything; writes nothing. */
export function planPspImport(opts: PspImportOptions): PspImportPlan {
  const cwd = opts.cwd ?? process.cwd();
  const outDir = resolve(cwd, opts.outDir ?? "policies");
  const importFrom = opts.importFrom ?? importSpecifier(outDir);
  const { psps, skipped, errors: readErrors, readWarnings } = readPsps(opts.inputs, cwd);
  const errors = readErrors.map(formatReadError);
  const warnings: ImportWarning[] = [];
  const files: PlannedFile[] = [];
  const byName = new Map<string, ImportedPsp>();
  const show = (p: string) => { const r = relative(cwd, p); return r && !r.startsWith("..") ? r.split(sep).join("/") : p; };
  for (const psp of psps) {
    const at = (field: string, message: string) => formatReadError({ ...psp.source, field, message });
    const name = policyNameOf(psp.name);
    const other = byName.get(name);
    if (other) {
      errors.push(at("metadata.name", `PodSecurityPolicy ${JSON.stringify(psp.name)} would be policy ${JSON.stringify(name)}, as PodSecurityPolicy ${JSON.stringify(other.name)} (${formatSource(other.source)}) is; rename one`));
      continue;
    }
    byName.set(name, psp);
    try {
      const w = importWarnings(psp);
      if (w.length) warnings.push({ subject: `PodSecurityPolicy ${JSON.stringify(psp.name)} (${formatSource(psp.source)})`, messages: w });
      const { props, base, cases } = policyProps(psp, name);
      if (!cases.some((c) => c.expect === "denied")) {
        errors.push(at("spec", `PodSecurityPolicy ${JSON.stringify(psp.name)} allows everything gpc checks, so its policy would never deny a pod; nothing to import`));
        continue;
      }
      try {
        definePolicy(props);
      } catch (e) {
        const issues = (e as { issues?: readonly { path: string; message: string }[] }).issues;
        if (!issues) throw e;
        for (const i of issues) {
          // The PSP form's paths are the PSP's own field names under `spec`; anything else would be a bug here.
          const path = i.path.startsWith("psp") ? `spec${i.path.slice(3)}` : `(generated policy) ${i.path}`;
          errors.push(at(path, i.message));
        }
        continue;
      }
      const content = printPolicyFile({ psp, policyName: name, base, cases, importFrom });
      const path = join(outDir, `${name}.ts`);
      let status: PlannedFile["status"] = "new";
      if (existsSync(path)) {
        let current: string | undefined;
        try { current = statSync(path).isFile() ? readFileSync(path, "utf8") : undefined; } catch { current = undefined; }
        if (current === undefined) { errors.push(`${show(path)}: exists and is not a readable file`); continue; }
        status = current === content ? "unchanged" : opts.force ? "overwrite" : "kept";
      }
      files.push({ path, display: show(path), policy: name, psp, content, cases: cases.length, status });
    } catch (e) {
      // A bug here must not become a stack trace or a half-written import: report it, write nothing.
      errors.push(at("spec", `internal error while importing PodSecurityPolicy ${JSON.stringify(psp.name)}: ${(e as Error).message}`));
    }
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), skipped, errors, warnings, readWarnings };
}

/**
 * Writes the plan's `new` and `overwrite` files, all or nothing: every file is first written
 * beside its target under a temporary name, then renamed into place; if any write fails, the
 * temporary files are removed and nothing is replaced. Throws the first write error.
 */
export function writeImport(plan: PspImportPlan): void {
  const todo = plan.files.filter((f) => f.status === "new" || f.status === "overwrite");
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of todo) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = `${f.path}.gpc-import-${process.pid}.tmp`;
      writeFileSync(tmp, f.content, { flag: "wx" });
      temps.push({ tmp, path: f.path });
    }
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) renameSync(t.tmp, t.path);
}
