/**
 * `gpc init [DIR] [--force]`: scaffold a policy repository (see src/init/scaffold.ts).
 * Thin: parse, scaffold, print one line per file and the next steps.
 * Exit codes: 0 scaffolded (existing files kept are not an error), 2 the folder cannot be written.
 */
import type { Argv, CommandModule } from "yargs";
import { scaffold, ScaffoldError } from "../../init/scaffold.js";

export interface InitArgs {
  dir: string;
  force: boolean;
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: "init [dir]",
  describe: "Scaffold a policy repository: package.json scripts, tsconfig.json, an example policy, CI workflow",
  builder: (y: Argv) =>
    y
      .positional("dir", { type: "string", default: ".", describe: "repository folder (created when missing)" })
      .option("force", { type: "boolean", default: false, describe: "overwrite existing files" }) as unknown as Argv<InitArgs>,
  handler: (args) => {
    process.exitCode = runInit(args);
  },
};

/** Runs `gpc init`; returns the exit code. */
export function runInit(args: InitArgs, io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): number {
  let entries;
  try {
    entries = scaffold({ dir: args.dir, force: args.force });
  } catch (e) {
    if (!(e instanceof ScaffoldError)) throw e;
    io.err(`gpc init: ${e.message}\n`);
    return 2;
  }
  const shown = args.dir === "." ? "the current folder" : `${args.dir.replace(/\/+$/, "")}/`;
  io.out(`gpc init: ${shown}\n`);
  const width = Math.max(...entries.map((e) => e.action.length));
  for (const e of entries) io.out(`  ${e.action.padEnd(width)}  ${e.path}${e.note ? `  (${e.note})` : ""}\n`);
  const cd = args.dir === "." ? "" : `cd ${args.dir} && `;
  io.out(`next: ${cd}npm i -D gpc typescript (unless installed), then npm run build && npm test && npm run audit\n`);
  return 0;
}
