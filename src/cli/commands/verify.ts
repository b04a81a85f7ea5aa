/**
 * `gpc verify [PATH…] [--run REGEX] [--format text|json|junit] [-v] [--engine rego|cel|both]`: runs gator suites.
 * Thin: find and run the suites, print the report.
 * Exit codes: 0 every suite passed, 1 a test or case failed or a suite could not be read (or no
 * suite was found), 2 usage errors (a missing path, an invalid --run filter).
 */
import type { Argv, CommandModule } from "yargs";
import { renderVerifyJson, renderVerifyJunit, renderVerifyText, verifyPaths } from "../../verify/index.js";
import { exitQuietlyOnClosedPipe } from "./audit.js";

export interface VerifyArgs {
  paths?: string[];
  run?: string;
  format: "text" | "json" | "junit";
  verbose: boolean;
  engine?: "rego" | "cel" | "both";
}

export interface VerifyIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: "verify [paths..]",
  describe: "Run gator verify suites (kind: Suite) on gpc's engine; PATH/... recurses",
  builder: (y: Argv) =>
    y
      .positional("paths", { type: "string", array: true, describe: "suite files or folders; FOLDER/... recurses (default: ./...)" })
      .option("run", { alias: "r", type: "string", requiresArg: true, describe: "regular expression filtering tests and cases by name: TEST//CASE" })
      .option("format", { alias: "f", type: "string", choices: ["text", "json", "junit"] as const, default: "text" as const, describe: "output format" })
      .option("verbose", { alias: "v", type: "boolean", default: false, describe: "also list tests and cases that passed or were skipped" })
      .option("engine", { type: "string", choices: ["rego", "cel", "both"] as const, describe: "which engine decides a template that carries CEL: cel (as gator, --enable-k8s-native-validation on; the default), rego (the flag off), or both: CEL decides, the Rego runs too and any difference in decision or message fails the case" }) as unknown as Argv<VerifyArgs>,
  handler: async (args) => {
    exitQuietlyOnClosedPipe();
    process.exitCode = await runVerify(args);
  },
};

/** Runs `gpc verify`; returns the exit code. */
export async function runVerify(args: VerifyArgs, io: VerifyIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }, cwd = process.cwd()): Promise<number> {
  const paths = args.paths?.length ? args.paths : ["./..."];
  let r;
  try {
    r = await verifyPaths(paths, { cwd, ...(args.run ? { run: args.run } : {}), ...(args.engine ? { engine: args.engine } : {}) });
  } catch (e) {
    io.err(`gpc verify: ${(e as Error).message}\n`);
    return 2;
  }
  if (r.results.length === 0) {
    // Nothing ran: no "PASS" line (text) that a reader could take for success; JSON and JUnit stay well-formed.
    if (args.format === "json") io.out(renderVerifyJson(r.results));
    else if (args.format === "junit") io.out(renderVerifyJunit(r.results));
    io.err(`gpc verify: no suites (kind: Suite, apiVersion: test.gatekeeper.sh/…) in ${paths.join(" ")}; nothing was verified (FOLDER/... recurses)\n`);
    return 1;
  }
  if (args.format === "json") io.out(renderVerifyJson(r.results));
  else if (args.format === "junit") io.out(renderVerifyJunit(r.results));
  else io.out(renderVerifyText(r.results, args.verbose));
  return r.failed ? 1 : 0;
}
