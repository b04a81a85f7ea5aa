/**
 * Check `hostNamespaces` (PSS baseline, all versions; PSP `hostNetwork`, `hostPID`, `hostIPC`).
 *
 * Fields checked: `spec.hostNetwork`, `spec.hostPID`, `spec.hostIPC`.
 * Allowed values: unset, `false`; `true` when the matching allow flag is set.
 * Pod vs container: pod-only fields.
 */
import { bool, defineCheck, obj } from "./define.js";
import type { HostNamespacesParams } from "./params.js";
import * as C from "../cel/lib.js";

export const hostNamespaces = defineCheck<HostNamespacesParams>({
  id: "hostNamespaces",
  kind: "GpcHostNamespaces",
  title: "Host namespaces",
  description: "Pods must not share the host's network, PID or IPC namespace unless allowed.",
  parameters: obj({
    allowHostNetwork: bool("allow spec.hostNetwork: true"),
    allowHostPID: bool("allow spec.hostPID: true"),
    allowHostIPC: bool("allow spec.hostIPC: true"),
  }),
  libs: ["params", "pod"],
  cel: () => C.celForm((b) => {
    for (const [field, allow] of [["hostIPC", "allowHostIPC"], ["hostNetwork", "allowHostNetwork"], ["hostPID", "allowHostPID"]] as const) {
      b.denyIf(C.and(b.specIs(field, C.TRUE), C.not(C.eq(b.param(allow, C.FALSE), C.TRUE))), `pod must not set spec.${field} to true`);
    }
  }),
  describe: (p) => {
    const denied = [["hostNetwork", p.allowHostNetwork], ["hostPID", p.allowHostPID], ["hostIPC", p.allowHostIPC]].filter(([, a]) => !a).map(([f]) => `\`${f}\``);
    return denied.length ? `Pods must not set ${denied.join(", ")} to \`true\`.` : "Pods may use host namespaces.";
  },
});
