/**
 * The `gpc` command line: yargs with one CommandModule per file in ./commands/.
 * To add a command, add its module name to COMMANDS (one line); the module exports a
 * `CommandModule` (any export with `command` and `handler`).
 */
import type { Argv, CommandModule } from "yargs";
import { importModule } from "../host.js";
import { packageVersion } from "../paths.js";
import { fastArgs } from "./fast-argv.js";
import { fatal } from "./fatal.js";

/** Command modules under ./commands/, by file name. */
export const COMMANDS: readonly string[] = [
  "build",
  "wasm",
  "test",
  "audit",
  "import",
  "init",
  "verify",
];

/** The CommandModule a module under ./commands/ exports. */
export function commandOf(mod: Record<string, unknown>): CommandModule | undefined {
  const all = Object.values(mod).filter((v): v is CommandModule => typeof v === "object" && v !== null && "command" in v && "handler" in v);
  return all[0];
}

async function loadCommand(name: string): Promise<CommandModule> {
  const mod = (await import(`./commands/${name}.js`)) as Record<string, unknown>;
  const cmd = commandOf(mod);
  if (!cmd) throw new Error(`src/cli/commands/${name}: no CommandModule export`);
  return cmd;
}

/** gpc's settings of a yargs instance (before its commands). */
export function configureYargs(y: Argv): Argv {
  return y.scriptName("gpc").strict().demandCommand(1, "name a command").help().alias("h", "help").version(packageVersion());
}

/** Run the CLI on `argv` (default: process arguments, as yargs' `hideBin` gives them). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // Start-up time: import only the command being run; all of them for help and usage errors.
  const first = argv.find((a) => !a.startsWith("-"));
  const only = first && COMMANDS.includes(first) ? first : undefined;
  // Plain arguments (./fast-argv.ts) go straight to the handler, without loading yargs.
  if (only && argv[0] === only) {
    const cmd = await loadCommand(only);
    const args = fastArgs(cmd, argv);
    if (args) {
      // As under yargs' fail handler below: anything thrown out of a handler is an internal error.
      try { await cmd.handler(args as never); } catch (e) { fatal(e); }
      return;
    }
  }
  const { default: yargs } = await importModule<typeof import("yargs")>("yargs");
  let cli = configureYargs(yargs(argv));
  for (const name of only ? [only] : COMMANDS) cli = cli.command(await loadCommand(name));
  // yargs renders the whole help text before running a command, to show should the handler fail;
  // gpc prints its own errors, and that rendering is a sizeable part of start-up. --help still works.
  const usage = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
  await cli.fail((msg, err, y) => {
    // A usage error (yargs' own, or a YError from an option) exits 2 with the usage; anything
    // else thrown out of a command handler is an internal error (./fatal.ts), never a stack trace.
    if (err && err.name !== "YError") fatal(err);
    process.stderr.write(`gpc: ${msg ?? err?.message}\n\n`);
    y.showHelp((s: string) => process.stderr.write(`${s}\n`));
    process.exit(2);
  }).parseAsync();
}
