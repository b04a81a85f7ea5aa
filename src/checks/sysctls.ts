/**
 * Check `sysctls` (PSS baseline, all versions, allowed = the safe set of that version; PSP
 * `allowedUnsafeSysctls` / `forbiddenSysctls`).
 *
 * Fields checked: `spec.securityContext.sysctls[].name`.
 * Allowed values: names matching `allowedSysctls` (default: the newest safe set) and no
 * `forbiddenSysctls` pattern; a trailing `*` matches by prefix.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, patternErrors, str } from "./define.js";
import type { SysctlsParams } from "./params.js";
import * as C from "../cel/lib.js";

/** Safe sysctls by the PSA version that added them. */
export const SAFE_SYSCTLS_BY_VERSION: readonly (readonly [version: number, names: readonly string[]])[] = [
  [0, ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"]],
  [27, ["net.ipv4.ip_local_reserved_ports"]],
  [29, ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]],
  [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
  [37, ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]],
];

/** The safe set at PSA version v1.<minor>. */
export function safeSysctls(minor: number): string[] {
  return SAFE_SYSCTLS_BY_VERSION.filter(([v]) => v <= minor).flatMap(([, names]) => names);
}

/** The newest safe set (the default of `allowedSysctls`). */
export const SAFE_SYSCTLS: readonly string[] = safeSysctls(Infinity);

export const sysctls = defineCheck<SysctlsParams>({
  id: "sysctls",
  kind: "GpcSysctls",
  title: "Sysctls",
  description: "Pod sysctls must be allowed (by default the Kubernetes safe set) and not forbidden.",
  parameters: obj({
    allowedSysctls: arr(str("sysctl name, trailing * for a prefix"), "allowed sysctls (default: the safe set)"),
    forbiddenSysctls: arr(str("sysctl name, trailing * for a prefix"), "forbidden sysctls"),
  }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const named = b.define("sysctls", () => C.macro("filter", C.typedOr(b.podSecurityContext, "sysctls", "list", C.list()), "s", C.and(C.isMap(C.ident("s")), C.hasTyped(C.ident("s"), "name", "string"))));
    const msg = (why: string) => (s: C.Expr) => C.plus(C.str("pod must not set sysctl "), C.quote(C.sel(s, "name")), C.str(` in spec.securityContext.sysctls: ${why}`));
    b.deny("notAllowed", C.filterMap(named, "s", (s) => C.not(C.matchesAny(C.sel(s, "name"), b.param("allowedSysctls", C.list(...SAFE_SYSCTLS.map(C.str))))), msg("not an allowed sysctl")));
    b.deny("forbidden", C.filterMap(named, "s", (s) => C.matchesAny(C.sel(s, "name"), b.param("forbiddenSysctls", C.list())), msg("forbidden")));
  }),
  crossValidate: (p, path) => [...patternErrors(p.allowedSysctls, `${path}.allowedSysctls`), ...patternErrors(p.forbiddenSysctls, `${path}.forbiddenSysctls`)],
  describe: (p) => `Sysctls must be ${p.allowedSysctls ? list(p.allowedSysctls) : "in the Kubernetes safe set"}${p.forbiddenSysctls?.length ? `, never ${list(p.forbiddenSysctls)}` : ""}.`,
});
