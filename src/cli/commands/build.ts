/**
 * `gpc build [POLICY_FILES_OR_DIRS…] [--out DIR] [--check] [--rego-version v0|v1] [--engines rego,cel] [--vap]`.
 * Thin: parse, call `buildProject`, write (or compare) the out folder, print.
 * Exit codes: 0 ok, 1 `--check` found differences, 2 invalid input.
 */
import type { Argv, CommandModule } from "yargs";
import { resolve } from "node:path";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { buildProject } from "../../gatekeeper/artifacts.js";
import { MIN_GATEKEEPER } from "../../gatekeeper/emit.js";
import { checkOutDir, diffOutDir, isClean, OutputError, outputTree, writeOutDir } from "../../gatekeeper/output.js";

export interface BuildArgs {
  inputs?: string[];
  out: string;
  check: boolean;
  "rego-version": "v0" | "v1";
  /** `rego`, `cel` or both, comma-separated; unset: both where every check has a CEL form. */
  engines?: string;
  vap?: boolean;
}

/** `--engines rego,cel` → the engine list, or an error message. */
export function parseEngines(s: string | undefined): { engines?: ("rego" | "cel")[]; error?: string } {
  if (s === undefined) return {};
  const parts = [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))];
  const bad = parts.filter((p) => p !== "rego" && p !== "cel");
  if (bad.length || parts.length === 0) return { error: `--engines: expected rego, cel or rego,cel, got ${JSON.stringify(s)}` };
  return { engines: (["cel", "rego"] as const).filter((e) => parts.includes(e)) };
}

export const buildCommand: CommandModule<object, BuildArgs> = {
  command: "build [inputs..]",
  describe: "Compile policies/*.ts into Gatekeeper ConstraintTemplates, Constraints and gator suites",
  builder: (y: Argv) =>
    y
      .positional("inputs", { type: "string", array: true, describe: "policy files or folders (default: policies/)" })
      .option("out", { type: "string", default: "generated", describe: "output folder, replaced as a whole (all or nothing); refused when it holds files gpc did not write" })
      .option("check", { type: "boolean", default: false, describe: "write nothing; exit 1 if the output folder is stale" })
      .option("engines", { type: "string", describe: "engines the templates carry: rego, cel or rego,cel (default: both where every check has a CEL form; rego: the Rego-only output for Gatekeeper < 3.16)" })
      .option("vap", { type: "boolean", default: false, describe: "also write <policy>/vap.yaml: ValidatingAdmissionPolicy + Binding (Kubernetes ≥ 1.30)" })
      .option("rego-version", { type: "string", choices: ["v0", "v1"] as const, default: "v0" as const, describe: `v0: \`rego:\` (Gatekeeper ≥ ${MIN_GATEKEEPER.v0.split(" ")[0]}); v1: \`code:\` with source.version v1 (Gatekeeper ≥ ${MIN_GATEKEEPER.v1.split(" ")[0]})` }) as unknown as Argv<BuildArgs>,
  handler: async (args) => {
    process.exitCode = await runBuild(args);
  },
};

/** Runs the build; returns the exit code. Output goes to the given streams. */
export async function runBuild(args: BuildArgs, io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }, cwd = process.cwd()): Promise<number> {
  const inputs = args.inputs?.length ? args.inputs : ["policies"];
  const outDir = resolve(cwd, args.out);
  const guard = { cwd, sources: inputs };
  const cmd = args.check ? "gpc build --check" : "gpc build";
  try {
    checkOutDir(outDir, guard, args.out); // refuse before loading anything
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.err(`${cmd}: ${e.message}\n`);
    return 2;
  }
  const picked = parseEngines(args.engines);
  if (picked.error) { io.err(`${cmd}: ${picked.error}\n`); return 2; }
  const { artifacts, diagnostics } = await buildProject({ inputs, regoVersion: args["rego-version"], cwd, ...(picked.engines ? { engines: picked.engines } : {}), ...(args.vap ? { vap: true } : {}) });
  for (const d of diagnostics) io.err(`${d.severity}: ${formatDiagnostic(d)}\n`);
  if (!artifacts) {
    io.err(`gpc build: ${diagnostics.filter((d) => d.severity === "error").length} error(s); nothing written\n`);
    return 2;
  }
  const tree = outputTree(artifacts.files);
  const summary = `${artifacts.policies.length} policies, ${artifacts.templates.length} templates, ${artifacts.policies.reduce((n, p) => n + p.constraints.length, 0)} constraints, ${tree.size} files`;
  if (args.check) {
    const diff = diffOutDir(tree, outDir);
    if (isClean(diff)) {
      io.out(`gpc build --check: ${args.out}/ is up to date (${summary})\n`);
      return 0;
    }
    io.err(`gpc build --check: ${args.out}/ is stale; run \`gpc build\`\n`);
    for (const p of diff.changed) io.err(`  changed  ${p}\n`);
    for (const p of diff.added) io.err(`  missing  ${p}\n`);
    for (const p of diff.removed) io.err(`  extra    ${p}\n`);
    io.err(`  ${diff.changed.length} changed, ${diff.added.length} missing, ${diff.removed.length} extra\n`);
    return 1;
  }
  let r;
  try {
    r = await writeOutDir(tree, outDir, guard, args.out);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.err(`gpc build: ${e.message}${e.code === "refused" || e.code === "locked" ? "" : `; ${args.out}/ is unchanged`}\n`);
    return 2;
  }
  for (const n of r.notes) io.err(`gpc build: ${n}\n`);
  const { diff } = r;
  if (!r.written) {
    io.out(`gpc build: ${args.out}/ unchanged (${summary})\n`);
    return 0;
  }
  io.out(`gpc build: wrote ${args.out}/ (${summary}; ${diff.changed.length} changed, ${diff.added.length} added, ${diff.removed.length} removed)\n`);
  return 0;
}
