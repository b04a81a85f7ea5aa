// Imports from the host (module `env`) and the AssemblyScript abort handler mapped onto them.

/** Throws the NUL-terminated ASCII string at addr in the host (the SDK rethrows it). */
// @ts-ignore: decorator
@external("env", "opa_abort")
export declare function opa_abort(addr: usize): void;

/** console.log of the NUL-terminated string at addr. */
// @ts-ignore: decorator
@external("env", "opa_println")
export declare function opa_println(addr: usize): void;

/** Abort with an AS string message (non-ASCII characters become '?'). */
export function abortWith(msg: string): void {
  let n = msg.length;
  let p = __alloc(<usize>n + 1);
  for (let i = 0; i < n; i++) {
    let c = msg.charCodeAt(i);
    store<u8>(p + <usize>i, <u8>(c > 0 && c < 0x80 ? c : 0x3F));
  }
  store<u8>(p + <usize>n, 0);
  opa_abort(p);
  unreachable();
}

/** Print an AS string through opa_println (debugging aid). */
export function println(msg: string): void {
  let b = String.UTF8.encode(msg, true);
  opa_println(changetype<usize>(b));
}

/** AssemblyScript's abort (assertions, bounds checks), routed to opa_abort via `--use abort=`. */
export function gpcAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let m = "gpc runtime: " + (message !== null ? message : "abort");
  if (fileName !== null) m += " (" + fileName + ":" + line.toString() + ":" + column.toString() + ")";
  abortWith(m);
}
