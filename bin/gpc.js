#!/usr/bin/env node
// Launcher: the compiled CLI (npm run build:ts → dist/). Failures are one line and exit 2, never
// a stack trace (GPC_DEBUG=1 adds the stack): see src/cli/fatal.ts.
const fatalLine = (e) => `gpc: internal error: ${String(e && e.message ? e.message : e).split("\n")[0]}\n${process.env.GPC_DEBUG && process.env.GPC_DEBUG !== "0" && e && e.stack ? e.stack + "\n" : ""}`;
let fatalModule;
try {
  fatalModule = await import("../dist/src/cli/fatal.js");
  fatalModule.installFatalHandlers();
} catch (e) {
  process.stderr.write(fatalLine(e).replace("\n", " (is gpc built? run `npm run build`)\n"));
  process.exit(2);
}
try {
  const { main } = await import("../dist/src/cli/main.js");
  await main();
} catch (e) {
  fatalModule.fatal(e);
}
