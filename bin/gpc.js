#!/usr/bin/env node
// Launcher: the compiled CLI (npm run build:ts → dist/), started by dist/src/cli/launch.js (the
// bundle with V8's code cache, or the modules). Failures are one line and exit 2, never a stack
// trace (GPC_DEBUG=1 adds the stack): see src/cli/fatal.ts.
const fatalLine = (e) => `gpc: internal error: ${String(e && e.message ? e.message : e).split("\n")[0]}\n${process.env.GPC_DEBUG && process.env.GPC_DEBUG !== "0" && e && e.stack ? e.stack + "\n" : ""}`;
let launch;
try {
  ({ launch } = await import("../dist/src/cli/launch.js"));
} catch (e) {
  process.stderr.write(fatalLine(e).replace("\n", " (is gpc built? run `npm run build`)\n"));
  process.exit(2);
}
try {
  await launch();
} catch (e) {
  // Only before the CLI's own handlers are installed (src/cli/fatal.ts handles everything after).
  process.stderr.write(fatalLine(e));
  process.exit(2);
}
