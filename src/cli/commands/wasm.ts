/**
 * `gpc wasm`: compile Rego to an OPA-ABI Wasm module, like `opa build -t wasm -e …`.
 * Thin: parse arguments, call the library, write the file atomically, print diagnostics.
 * `-o` must be a regular file or not exist yet, in an existing folder: it is written through a
 * temp file beside it and one rename, so it is the old module or the new one at every instant.
 */
import type { Argv, CommandModule } from "yargs";
import { readFileSync } from "node:fs";
import { OutputError, writeFileAtomic } from "../../gatekeeper/output.js";
import { compileRegoDetailed } from "../../rego/wasm/compile.js";
import { compileWithOpa, findOpa } from "../../rego/wasm/opa-backend.js";
import { formatDiagnostic } from "../../diagnostics/diagnostic.js";

export interface WasmArgs {
  files: string[];
  entrypoint: string[];
  output: string;
  "rego-version": "v0" | "v1";
  backend?: "gpc" | "opa";
}

export const wasmCommand: CommandModule<object, WasmArgs> = {
  command: "wasm <files..>",
  describe: "Compile Rego files to an OPA Wasm module (like `opa build -t wasm -e`)",
  builder: (y: Argv) =>
    y
      .positional("files", { type: "string", array: true, demandOption: true, describe: "Rego files" })
      // Not `array: true`: that would swallow the file names that follow `-e x`.
      .option("entrypoint", { alias: "e", type: "string", demandOption: true, describe: "entry point, as pkg/path/rule (repeat -e for more)" })
      .coerce("entrypoint", (v: string | string[]) => (Array.isArray(v) ? v : [v]))
      .option("output", { alias: "o", type: "string", default: "policy.wasm", describe: "output file (new, or a regular file to replace; written atomically)" })
      .option("rego-version", { type: "string", choices: ["v0", "v1"] as const, default: "v1" as const, describe: "Rego syntax of the files" })
      .option("backend", { type: "string", choices: ["gpc", "opa"] as const, describe: "compiler: gpc's built-in one (default) or a real `opa build` (also chosen by GPC_OPA=/path/to/opa)" }) as unknown as Argv<WasmArgs>,
  handler: (args) => {
    process.exitCode = runWasm(args);
  },
};

/** Where the command prints; tests pass their own. */
export interface WasmIO { out(s: string): void; err(s: string): void }
const stdio: WasmIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Returns the process exit code: 0 ok, 2 invalid input or usage. */
export function runWasm(args: WasmArgs, io: WasmIO = stdio, env: NodeJS.ProcessEnv = process.env): number {
  const modules: Record<string, string> = {};
  for (const f of args.files) {
    try {
      modules[f] = readFileSync(f, "utf8");
    } catch (e) {
      io.err(`gpc wasm: cannot read ${f}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const opts = { modules, entrypoints: args.entrypoint, regoVersion: args["rego-version"] };
  const useOpa = args.backend === "opa" || (args.backend === undefined && !!env.GPC_OPA);
  let wasm: Uint8Array;
  if (useOpa) {
    const opa = findOpa(env);
    if (!opa) {
      io.err("gpc wasm: --backend opa needs an `opa` binary on the PATH or GPC_OPA=/path/to/opa\n");
      return 2;
    }
    try {
      wasm = compileWithOpa(opts, opa);
    } catch (e) {
      io.err(`gpc wasm: ${(e as Error).message}\n`);
      return 2;
    }
  } else {
    const r = compileRegoDetailed(opts); // bad input comes back as diagnostics; a throw is gpc's bug (see ../fatal.ts)
    for (const d of r.diagnostics) io.err(formatDiagnostic(d, modules) + "\n");
    if (!r.wasm) return 2;
    wasm = r.wasm;
  }
  try {
    writeFileAtomic(args.output, wasm);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.err(`gpc wasm: ${e.message}\n`);
    return 2;
  }
  io.out(`wrote ${args.output} (${wasm.length} bytes, entrypoints: ${args.entrypoint.join(", ")})\n`);
  return 0;
}
