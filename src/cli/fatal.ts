/**
 * The CLI's last resort: an exception nobody handled is gpc's bug, reported as one line
 * `gpc: internal error: <message>` (the stack only with GPC_DEBUG=1) and exit code 2 — never a
 * stack trace. `bin/gpc.js` installs `installFatalHandlers` before loading anything else.
 */

/** The one-line report (plus the stack when `debug`). */
export function internalErrorText(e: unknown, debug = !!process.env.GPC_DEBUG && process.env.GPC_DEBUG !== "0"): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = `gpc: internal error: ${msg.split("\n")[0] || (e as Error)?.name || "unknown error"}\n`;
  return debug && e instanceof Error && e.stack ? line + e.stack + "\n" : line;
}

let reported = false;

/** Report `e` on stderr and exit 2 (once: a second failure while exiting is ignored). */
export function fatal(e: unknown): never {
  if (!reported) {
    reported = true;
    try { process.stderr.write(internalErrorText(e)); } catch { /* stderr is gone */ }
  }
  process.exit(2);
}

/** Route uncaught exceptions and unhandled rejections to `fatal`; a closed stdout (EPIPE) ends quietly. */
export function installFatalHandlers(): void {
  const onError = (e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    // `gpc audit … | head`: the reader went away. Not gpc's bug; stop with the exit code so far (2, "incomplete", when none was set yet).
    if (err?.code === "EPIPE" && err.syscall === "write") process.exit(process.exitCode ?? 2);
    fatal(e);
  };
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
}
