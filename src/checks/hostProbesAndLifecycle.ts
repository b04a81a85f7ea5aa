/**
 * Check `hostProbesAndLifecycle` (PSS baseline ≥ v1.34).
 *
 * Fields checked: `{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host` and
 * `lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host` of every container, initContainer and
 * ephemeralContainer.
 * Allowed values: unset, `""`, or one of `allowedHosts` (default none: PSA forbids even 127.0.0.1).
 * Pod vs container: container-only fields.
 */
import { arr, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, str } from "./define.js";
import type { HostProbesAndLifecycleParams } from "./params.js";
import * as C from "../cel/lib.js";

export const hostProbesAndLifecycle = defineCheck<HostProbesAndLifecycleParams>({
  id: "hostProbesAndLifecycle",
  kind: "GpcHostProbesAndLifecycle",
  title: "Probe and lifecycle hosts",
  description: "Probes and lifecycle handlers must not target another host: their host field must be unset or empty (or allowed).",
  parameters: obj({ allowedHosts: arr(str("host"), "allowed host values besides unset and empty"), ...EXEMPTION_PROPS }),
  libs: ["exempt", "match", "params"],
  // One validation per handler field, one flat comprehension per (field, action): no list of
  // handler maps per container, so each expression stays within Kubernetes' per-call cost limit
  // for 1,000 containers (src/cel/cost.ts).
  cel: () => C.celForm((b) => {
    const handlers = [...["livenessProbe", "readinessProbe", "startupProbe"].map((f) => [f, [f]] as const), ...["postStart", "preStop"].map((f) => [`lifecycle.${f}`, ["lifecycle", f]] as const)];
    for (const [path, fields] of handlers) {
      b.deny(`hosts_${fields[fields.length - 1]}`, C.plus(...["httpGet", "tcpSocket"].map((act) => C.filterMap(b.checked, "e", (e) => {
        let x = C.sel(e, "c");
        const guards: C.Expr[] = [];
        for (const f of [...fields, act]) { guards.push(C.hasTyped(x, f, "map")); x = C.sel(x, f); }
        const host = C.sel(x, "host");
        return C.and(...guards, C.hasTyped(x, "host", "string"), C.ne(host, C.str("")), C.not(C.isIn(host, b.param("allowedHosts", C.list()))));
      }, (e) => {
        const host = C.sel(C.sel(e, "c"), ...fields, act, "host");
        return C.plus(C.sel(e, "label"), C.str(` must not set ${path}.${act}.host to "`), host, C.str('"'));
      }))));
    }
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Probe and lifecycle handler \`host\` must be unset${p.allowedHosts?.length ? ` or ${list(p.allowedHosts)}` : ""}${exemptText(p)}.`,
});
