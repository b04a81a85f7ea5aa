/**
 * `gpc audit [--policy FILE]… [--format table|json|sarif] [--follow-symlinks] PATHS…`.
 * Thin: build the policies, read the manifests (streamed, src/read/), evaluate, print.
 * Exit codes: 0 no `deny` finding, 1 some finding has action `deny`, 2 input errors (file,
 * document and field named on stderr), objects whose pods were not checked, policies that do not
 * build, or reviews that error. Warnings (duplicate keys, skipped folders) are printed only.
 */
import { packageVersion } from "../../paths.js";
import type { Argv, CommandModule } from "yargs";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { CEL_COST } from "../../gatekeeper/build.js";
import { loadPolicyInputs } from "../../gatekeeper/read-objects.js";
import { auditPaths } from "../../engine/audit.js";
import { hasDeny } from "../../engine/findings.js";
import { formatInputError } from "../../engine/manifests.js";
import { spoolStdin } from "../../read/index.js";
import { renderAuditJson, renderAuditSarif, renderAuditTable } from "../../engine/report/audit.js";

export interface AuditArgs {
  paths: string[];
  policy?: string | string[];
  format: "table" | "json" | "sarif";
  jobs?: number;
  followSymlinks?: boolean;
  engine?: "rego" | "cel" | "both";
}

export interface AuditIO {
  out: (s: string) => void;
  err: (s: string) => void;
  readStdin?: () => Buffer;
}

export const auditCommand: CommandModule<object, AuditArgs> = {
  command: "audit <paths..>",
  describe: "Evaluate policies against manifests (files, folders, multi-document YAML, JSON, - for stdin)",
  builder: (y: Argv) =>
    y
      // yargs drops a lone "-" when it re-parses positionals, unless unknown options stay arguments.
      .parserConfiguration({ "unknown-options-as-args": true })
      .positional("paths", { type: "string", array: true, demandOption: true, describe: "manifest files or folders, or - for stdin" })
      // Not `array: true`: that would swallow the positional paths after it. Repeats still collect.
      .option("policy", { alias: "p", type: "string", requiresArg: true, describe: "policy file or folder: TypeScript policies, or YAML ConstraintTemplates, Constraints and ExpansionTemplates (repeatable; default: policies/)" })
      .option("follow-symlinks", { type: "boolean", default: false, describe: "read symbolic links found in folders (default: a linked manifest is an input error, a linked folder a warning)" })
      .option("jobs", { alias: "j", type: "number", describe: "worker threads reading and reviewing files (default: 1 under 4 CPUs or 1 MiB of input; $GPC_JOBS)" })
      .option("engine", { type: "string", choices: ["rego", "cel", "both"] as const, describe: "Gatekeeper engine: rego, cel (K8sNativeValidation) or both, where any difference is reported and exits 1 (default: both when templates carry CEL)" })
      .option("format", { alias: "f", type: "string", choices: ["table", "json", "sarif"] as const, default: "table" as const, describe: "output format" }) as unknown as Argv<AuditArgs>,
  handler: async (args) => {
    exitQuietlyOnClosedPipe();
    process.exitCode = await runAudit(args);
  },
};

/** `gpc … | head` closes stdout early: stop quietly (no EPIPE stack trace), keeping the exit code. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw e;
  });
}

function toolVersion(): string {
  return packageVersion();
}

/** Runs `gpc audit`; returns the exit code. */
export async function runAudit(args: AuditArgs, io: AuditIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }, cwd = process.cwd()): Promise<number> {
  const t0 = performance.now();
  // Take stdin before building (policy loading may start processes that would inherit it):
  // tests hand it in; otherwise it is copied in chunks to a private temporary file, bounded.
  let stdin: Buffer | undefined;
  let spooled: ReturnType<typeof spoolStdin> | undefined;
  if (args.paths.includes("-")) {
    try { if (io.readStdin) stdin = io.readStdin(); else spooled = spoolStdin(); } catch (e) { io.err(`gpc audit: -: cannot read standard input: ${(e as Error).message}\n`); return 2; }
  }
  try {
    return await audit(args, io, cwd, t0, stdin, spooled?.path);
  } finally {
    spooled?.cleanup();
  }
}

async function audit(args: AuditArgs, io: AuditIO, cwd: string, t0: number, stdin: Buffer | undefined, stdinPath: string | undefined): Promise<number> {
  const policies = args.policy === undefined ? [] : Array.isArray(args.policy) ? args.policy : [args.policy];
  const { artifacts, diagnostics } = await loadPolicyInputs(policies.length ? policies : ["policies"], cwd);
  for (const d of diagnostics) if (d.code !== CEL_COST) io.err(`${d.severity}: ${formatDiagnostic(d)}\n`);
  if (!artifacts) {
    io.err(`gpc audit: the policies do not build (${diagnostics.filter((d) => d.severity === "error").length} error(s))\n`);
    return 2;
  }
  const result = await auditPaths(artifacts, args.paths, {
    cwd,
    ...(stdin ? { readStdin: () => stdin } : {}),
    ...(stdinPath ? { stdinPath } : {}),
    ...(args.followSymlinks ? { followSymlinks: true } : {}),
    ...(args.jobs && args.jobs > 0 ? { jobs: Math.floor(args.jobs) } : {}),
    ...(args.engine ? { engine: args.engine } : {}),
  });
  for (const e of result.inputErrors) io.err(`gpc audit: ${formatInputError(e)}\n`);
  const errors = result.inputErrors.filter((e) => e.severity === "error");
  if (result.objects === 0 && errors.length === 0) {
    const e = { severity: "error" as const, file: args.paths.join(" "), message: "no Kubernetes objects in the input; nothing to audit" };
    errors.push(e);
    io.err(`gpc audit: ${formatInputError(e)}\n`);
  }
  for (const p of result.problems) io.err(`gpc audit: ${p.subject}: ${p.message}\n`);
  for (const d of result.engineDifferences ?? []) io.err(`gpc audit: engines differ: ${d}\n`);
  for (const e of result.errors) io.err(`gpc audit: ${e.source.file}: document ${e.source.document}: review error: ${e.message}\n`);
  const ms = performance.now() - t0;
  if (args.format === "json") io.out(renderAuditJson(result.findings, result.notChecked));
  else if (args.format === "sarif") io.out(renderAuditSarif(result.findings, toolVersion(), result.notChecked));
  else io.out(renderAuditTable(result.findings, { objects: result.objects, policies: artifacts.policies.length, constraints: result.constraints, ms }, result.notChecked));
  if (errors.length || result.problems.length || result.errors.length || result.notChecked.length) {
    const nc = result.notChecked.length ? `, ${result.notChecked.length} object(s) not checked` : "";
    io.err(`gpc audit: ${errors.length + result.errors.length} input error(s), ${result.problems.length} policy problem(s)${nc}; the report is incomplete\n`);
    return 2;
  }
  if (result.engineDifferences?.length) return 1;
  return hasDeny(result.findings) ? 1 : 0;
}
