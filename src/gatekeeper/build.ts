/**
 * `buildProject`: policy files → validated models → artifacts.
 *
 * Input: files or folders of `*.ts` policies (bundled and imported by ./load.ts, so authors need
 * no compile step and the repository's module type does not matter; each file default-exports one
 * policy or an array). Output: `Artifacts` and diagnostics; no artifacts unless every policy
 * loaded, validated and compiled. A build of unchanged inputs comes from the build cache
 * (./cache.ts) without loading any policy.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { policyLabel } from "../dsl/errors.js";
import type { PolicyModel } from "../model/index.js";
import type { Artifacts, BuildOptions } from "./artifacts.js";
import { cacheRoot } from "../paths.js";
import { BuildCache } from "./cache.js";
import type { SourcedPolicy } from "./emit.js";
import { loadPolicyModule, PolicyBundleError } from "./load.js";

const error = (code: string, message: string, path?: string): Diagnostic => ({ code, severity: "error", message, ...(path ? { path } : {}) });

/** Policy files named by `inputs`: files as given, folders' `*.ts` (not `_*.ts`, `*.d.ts`, `*.test.ts`), sorted. */
export function policyFiles(inputs: readonly string[], cwd: string): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const abs = isAbsolute(input) ? input : resolve(cwd, input);
    if (!existsSync(abs)) { diagnostics.push(error("input-missing", `no such file or folder: ${input}`)); continue; }
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) {
        if (name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts") && !name.startsWith("_") && statSync(join(abs, name)).isFile()) files.push(join(abs, name));
      }
    } else files.push(abs);
  }
  return { files: [...new Set(files)].sort(), diagnostics };
}

function isPolicy(x: unknown): x is PolicyModel {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "Policy" && typeof (x as { name?: unknown }).name === "string";
}

/** A thrown PolicyDefinitionError, from whichever copy of the DSL module the policy imported. */
function definitionIssues(e: unknown): { policyName: string; issues: readonly { path: string; message: string }[] } | undefined {
  const x = e as { name?: unknown; policyName?: unknown; issues?: unknown };
  if (x && x.name === "PolicyDefinitionError" && typeof x.policyName === "string" && Array.isArray(x.issues)) return x as never;
  return undefined;
}

/**
 * Load one policy file; definition errors become diagnostics naming the file. `inputs` collects
 * every file the policy was built from (path → SHA-256).
 */
export async function loadPolicyFile(file: string, rel: string, opts: { cwd?: string; cacheDir?: string; inputs?: Record<string, string> } = {}): Promise<{ policies: PolicyModel[]; diagnostics: Diagnostic[] }> {
  const cwd = opts.cwd ?? process.cwd();
  let mod: { default?: unknown };
  try {
    const loaded = await loadPolicyModule(file, { cwd, cacheDir: opts.cacheDir ?? cacheRoot(cwd) });
    mod = loaded.module;
    if (opts.inputs) Object.assign(opts.inputs, loaded.inputs);
  } catch (e) {
    if (e instanceof PolicyBundleError) return { policies: [], diagnostics: e.messages.map((m) => error("policy-load", `cannot load policy file: ${m}`, rel)) };
    const d = definitionIssues(e);
    if (d) {
      return {
        policies: [],
        diagnostics: d.issues.map((i) => error("dsl-invalid", i.message, i.path ? `${policyLabel(d.policyName, rel)}: ${i.path}` : policyLabel(d.policyName, rel))),
      };
    }
    const msg = e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 4).join("\n") : String(e);
    return { policies: [], diagnostics: [error("policy-load", `cannot load policy file: ${msg}`, rel)] };
  }
  let exported = mod.default;
  // A policy written as CommonJS (`module.exports = …`, `exports.default = …`): unwrap one `default` level.
  if (exported && typeof exported === "object" && !isPolicy(exported) && !Array.isArray(exported) && "default" in (exported as object)) exported = (exported as { default: unknown }).default;
  const list = Array.isArray(exported) ? exported : [exported];
  const policies: PolicyModel[] = [];
  const diagnostics: Diagnostic[] = [];
  list.forEach((p, i) => {
    if (isPolicy(p)) policies.push(p);
    else diagnostics.push(error("policy-load", `the default export${Array.isArray(exported) ? `[${i}]` : ""} is not a policy; export default definePolicy({...}) or an array of them`, rel));
  });
  return { policies, diagnostics };
}

/** See `buildProject` in ./artifacts.ts. */
export async function buildProjectImpl(opts: BuildOptions): Promise<{ artifacts?: Artifacts; diagnostics: Diagnostic[] }> {
  const cwd = opts.cwd ?? process.cwd();
  const { files, diagnostics } = policyFiles(opts.inputs?.length ? opts.inputs : ["policies"], cwd);
  if (files.length === 0 && diagnostics.length === 0) diagnostics.push(error("input-empty", `no policy files in ${(opts.inputs ?? ["policies"]).join(", ")}`));
  const regoVersion = opts.regoVersion ?? "v0";
  const cache = new BuildCache(cacheRoot(cwd));
  const key = diagnostics.length === 0 && files.length > 0 ? cache.key(files, cwd, { regoVersion, ...(opts.engines ? { engines: opts.engines } : {}), ...(opts.vap ? { vap: true } : {}) }) : undefined;
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;
  const inputs: Record<string, string> = {};
  const sourced: SourcedPolicy[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const rel = relative(cwd, file).split(sep).join("/");
    const r = await loadPolicyFile(file, rel, { cwd, inputs });
    diagnostics.push(...r.diagnostics);
    for (const model of r.policies) {
      const other = seen.get(model.name);
      if (other) diagnostics.push(error("dsl-invalid", `policy name is also used in ${other}`, `${policyLabel(model.name, rel)}: name`));
      else { seen.set(model.name, rel); sourced.push({ model, sourceFile: rel }); }
    }
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics: sortDiagnostics(diagnostics) };
  try {
    // Imported here: a cached build needs none of the emitters.
    const { emitArtifacts } = await import("./emit.js");
    const artifacts = emitArtifacts(sourced, regoVersion, { ...(opts.engines ? { engines: opts.engines } : {}), ...(opts.vap ? { vap: true } : {}) });
    for (const w of artifacts.warnings ?? []) diagnostics.push({ code: "cel", severity: "warning", message: w });
    for (const w of artifacts.costWarnings ?? []) diagnostics.push({ code: CEL_COST, severity: "warning", message: w });
    const sorted = sortDiagnostics(diagnostics);
    if (key) cache.set(key, inputs, artifacts, sorted);
    return { artifacts, diagnostics: sorted };
  } catch (e) {
    return { diagnostics: sortDiagnostics([...diagnostics, error("emit-failed", e instanceof Error ? e.message : String(e))]) };
  }
}

/** The code of CEL cost warnings: `gpc build` prints them; `gpc test` and `gpc audit`, which write no templates, do not. */
export const CEL_COST = "cel-cost";
