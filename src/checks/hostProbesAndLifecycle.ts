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

export const hostProbesAndLifecycle = defineCheck<HostProbesAndLifecycleParams>({
  id: "hostProbesAndLifecycle",
  kind: "GpcHostProbesAndLifecycle",
  title: "Probe and lifecycle hosts",
  description: "Probes and lifecycle handlers must not target another host: their host field must be unset or empty (or allowed).",
  parameters: obj({ allowedHosts: arr(str("host"), "allowed host values besides unset and empty"), ...EXEMPTION_PROPS }),
  libs: ["exempt", "match", "params"],
  crossValidate: exemptionErrors,
  describe: (p) => `Probe and lifecycle handler \`host\` must be unset${p.allowedHosts?.length ? ` or ${list(p.allowedHosts)}` : ""}${exemptText(p)}.`,
});
