/**
 * `gpc test [POLICY_FILES_OR_DIRS…] [--reporter table|json|junit] [--cross-check] [--engine rego|cel|both]`.
 * Thin: build the policies, run every sample case through the engine, print a report. Folders
 * and files of Gatekeeper YAML (e.g. `generated/`) are tested through the gator suites they hold.
 * Exit codes: 0 every case passed, 1 a case failed (or there were none), 2 the policies do not build.
 */
import type { Argv, CommandModule } from "yargs";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";
import { CEL_COST } from "../../gatekeeper/build.js";
import { buildProject } from "../../gatekeeper/artifacts.js";
import { findOpa, opaEvalLoader } from "../../engine/crosscheck.js";
import { runCases } from "../../engine/cases.js";
import { splitPolicyInputs } from "../../gatekeeper/read-objects.js";
import { runSuiteCases } from "../../verify/cases.js";
import { exitQuietlyOnClosedPipe } from "./audit.js";
import { renderTestJson, renderTestJunit, renderTestTable } from "../../engine/report/test.js";

export interface TestArgs {
  inputs?: string[];
  reporter: "table" | "json" | "junit";
  "cross-check": boolean;
  engine?: "rego" | "cel" | "both";
}

/** Where output goes; `tty` turns on the progress line (on `err`). */
export interface TestIO {
  out: (s: string) => void;
  err: (s: string) => void;
  tty?: boolean;
}

export const testCommand: CommandModule<object, TestArgs> = {
  command: "test [inputs..]",
  describe: "Run every policy's sample cases through the Gatekeeper-faithful engine",
  builder: (y: Argv) =>
    y
      .positional("inputs", { type: "string", array: true, describe: "policy files or folders (default: policies/); YAML folders (e.g. generated/) run the gator suites in them" })
      .option("reporter", { alias: "r", type: "string", choices: ["table", "json", "junit"] as const, default: "table" as const, describe: "output format" })
      .option("engine", { type: "string", choices: ["rego", "cel", "both"] as const, describe: "Gatekeeper engine: rego, cel (K8sNativeValidation) or both, where any difference fails the case (default: both when templates carry CEL)" })
      .option("cross-check", { type: "boolean", default: false, describe: "also evaluate each case with an `opa` binary (PATH or $GPC_OPA) and report differences" }) as unknown as Argv<TestArgs>,
  handler: async (args) => {
    exitQuietlyOnClosedPipe();
    process.exitCode = await runTest(args);
  },
};

/** Runs `gpc test`; returns the exit code. */
export async function runTest(args: TestArgs, io: TestIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), tty: !!process.stderr.isTTY }, cwd = process.cwd()): Promise<number> {
  const t0 = performance.now();
  // Gatekeeper YAML inputs (e.g. generated/) are tested through the gator suites they hold.
  const { ts, objects } = splitPolicyInputs(args.inputs?.length ? args.inputs : ["policies"], cwd);
  const fromSuites = objects.length ? await runSuiteCases(objects, { cwd }) : { results: [], problems: [], suites: 0 };
  if (objects.length && fromSuites.suites === 0 && fromSuites.problems.length === 0) io.err(`gpc test: no gator suites (kind: Suite) in ${objects.join(", ")}\n`);
  const { artifacts, diagnostics } = ts.length ? await buildProject({ inputs: ts, cwd }) : { artifacts: { files: new Map(), templates: [], policies: [] }, diagnostics: [] };
  for (const d of diagnostics) if (d.code !== CEL_COST) io.err(`${d.severity}: ${formatDiagnostic(d)}\n`);
  if (!artifacts) {
    io.err(`gpc test: the policies do not build (${diagnostics.filter((d) => d.severity === "error").length} error(s))\n`);
    return 2;
  }
  let crossCheck;
  if (args["cross-check"]) {
    const opa = findOpa();
    if (opa) crossCheck = opaEvalLoader(opa);
    else io.err("gpc test: --cross-check: no `opa` binary on the PATH and GPC_OPA is not set; cross-check skipped\n");
  }
  const progress = io.tty && args.reporter === "table";
  let width = 0;
  const { results: tsResults, problems: tsProblems } = await runCases(artifacts, {
    ...(crossCheck ? { crossCheck } : {}),
    ...(args.engine ? { engine: args.engine } : {}),
    onCase: progress ? (r, done, total) => {
      const line = `[${String(done).padStart(String(total).length)}/${total}] ${r.policy}: ${r.name}`.slice(0, 100);
      io.err(`\r${line.padEnd(width)}`);
      width = line.length;
    } : undefined,
  });
  if (progress && width) io.err(`\r${" ".repeat(width)}\r`);
  const results = [...tsResults, ...fromSuites.results], problems = [...tsProblems, ...fromSuites.problems];
  const ms = performance.now() - t0;
  if (args.reporter === "json") io.out(renderTestJson(results));
  else if (args.reporter === "junit") io.out(renderTestJunit(results, ms));
  else io.out(renderTestTable(results, problems, ms));
  if (results.length === 0) {
    io.err("gpc test: no sample cases found; nothing was tested\n");
    return 1;
  }
  return results.every((r) => r.passed) && problems.length === 0 ? 0 : 1;
}
