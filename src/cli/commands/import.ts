/**
 * `gpc import psp FILE… [--out DIR] [--import-from SPEC] [--force]`.
 * Thin: plan the import (read, validate, print), report, write all or nothing.
 * Exit codes: 0 every PodSecurityPolicy imported (or already up to date); 1 some file was kept
 * because it exists and differs (use --force); 2 input errors (nothing written) or no
 * PodSecurityPolicy found. Objects of other kinds are reported and skipped; they alone do not
 * change the exit code.
 */
import type { Argv, CommandModule } from "yargs";
import { planPspImport, writeImport } from "../../import/psp/index.js";
import { formatSource } from "../../import/psp/read.js";

export interface ImportArgs {
  what: "psp";
  inputs: string[];
  out: string;
  "import-from"?: string;
  force: boolean;
}

/** Where output goes. */
export interface ImportIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const importCommand: CommandModule<object, ImportArgs> = {
  command: "import <what> <inputs..>",
  describe: "Turn PodSecurityPolicy manifests into TypeScript policies (gpc import psp FILES_OR_DIRS…)",
  builder: (y: Argv) =>
    y
      // yargs drops a lone "-" when it re-parses positionals, unless unknown options stay arguments (as in audit).
      .parserConfiguration({ "unknown-options-as-args": true })
      .positional("what", { type: "string", choices: ["psp"] as const, describe: "what to import: psp (PodSecurityPolicy, policy/v1beta1 or extensions/v1beta1)" })
      .positional("inputs", { type: "string", array: true, demandOption: true, describe: "manifest files or folders (multi-document YAML, JSON, List), or - for stdin" })
      .option("out", { type: "string", default: "policies", describe: "folder the policy files go to, one <name>.ts per PodSecurityPolicy" })
      .option("import-from", { type: "string", describe: "module the files import gpc from (default: gpc, or a relative path to src/index.js inside gpc's own repository)" })
      .option("force", { type: "boolean", default: false, describe: "overwrite existing files that differ (default: keep them and exit 1)" }) as unknown as Argv<ImportArgs>,
  handler: async (args) => {
    process.exitCode = runImport(args);
  },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Runs `gpc import psp`; returns the exit code. */
export function runImport(args: ImportArgs, io: ImportIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }, cwd = process.cwd()): number {
  const plan = planPspImport({ inputs: args.inputs, outDir: args.out, ...(args["import-from"] !== undefined ? { importFrom: args["import-from"] } : {}), force: args.force, cwd });
  for (const w of plan.readWarnings) io.err(`gpc import psp: ${w}\n`);
  for (const w of plan.warnings) {
    io.err(`gpc import psp: warning: ${w.subject}: gpc validates pods and does not change them, so PSP's defaults are not applied:\n`);
    for (const m of w.messages) io.err(`    ${m}\n`);
  }
  for (const s of plan.skipped) io.err(`gpc import psp: skipped ${s.kind} ${JSON.stringify(s.name)} (${s.apiVersion}) at ${formatSource(s.source)}: not a PodSecurityPolicy\n`);
  if (plan.errors.length) {
    for (const e of plan.errors) io.err(`gpc import psp: ${e}\n`);
    io.err(`gpc import psp: ${plural(plan.errors.length, "error")}; nothing written\n`);
    return 2;
  }
  if (plan.files.length === 0) {
    io.err(`gpc import psp: no PodSecurityPolicy found in ${args.inputs.join(", ")}; nothing written\n`);
    return 2;
  }
  try {
    writeImport(plan);
  } catch (e) {
    io.err(`gpc import psp: cannot write: ${(e as Error).message}; nothing written\n`);
    return 2;
  }
  const label = { new: "wrote    ", overwrite: "replaced ", unchanged: "unchanged", kept: "kept     " } as const;
  for (const f of plan.files) {
    const note = f.status === "kept" ? "exists and differs; --force overwrites it" : `${plural(f.cases, "sample case")}`;
    io.out(`  ${label[f.status]} ${f.display}  PodSecurityPolicy ${JSON.stringify(f.psp.name)}, ${note}\n`);
  }
  const count = (s: string) => plan.files.filter((f) => f.status === s).length;
  const written = count("new") + count("overwrite");
  io.out(`gpc import psp: ${plural(plan.files.length, "PodSecurityPolicy").replace("Policys", "Policies")}: ${written} written, ${count("unchanged")} unchanged, ${count("kept")} kept; ${plural(plan.skipped.length, "other object")} skipped\n`);
  return count("kept") ? 1 : 0;
}
