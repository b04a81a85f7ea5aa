#!/usr/bin/env node
// Launcher: the compiled CLI (npm run build:ts → dist/). Failures are one line and exit 2, never
// a stack trace (GPC_DEBUG=1 adds the stack): see src/cli/fatal.ts.
// Start-up: the bundle of the CLI (scripts/bundle-cli.mjs) when it is at least as new as the
// compiled modules it was made from, else those modules.
import { statSync } from "node:fs";

const fatalLine = (e) => `gpc: internal error: ${String(e && e.message ? e.message : e).split("\n")[0]}\n${process.env.GPC_DEBUG && process.env.GPC_DEBUG !== "0" && e && e.stack ? e.stack + "\n" : ""}`;
const mtime = (rel) => { try { return statSync(new URL(rel, import.meta.url)).mtimeMs; } catch { return undefined; } };
const bundled = (mtime("../dist/src/cli/bundle/cli.js") ?? -1) >= (mtime("../dist/src/cli/main.js") ?? Infinity);
let cli;
try {
  cli = bundled
    ? await import("../dist/src/cli/bundle/cli.js")
    : { ...(await import("../dist/src/cli/fatal.js")), main: undefined };
  cli.installFatalHandlers();
} catch (e) {
  process.stderr.write(fatalLine(e).replace("\n", " (is gpc built? run `npm run build`)\n"));
  process.exit(2);
}
try {
  const main = cli.main ?? (await import("../dist/src/cli/main.js")).main;
  await main();
} catch (e) {
  cli.fatal(e);
}
