/**
 * Check `hostPorts` (PSS baseline, all versions, with no range; PSP `hostPorts`).
 *
 * Fields checked: `ports[].hostPort` of every container, initContainer and ephemeralContainer.
 * Allowed values: unset, `0`, or within one of `ranges`.
 * Pod vs container: container-only field.
 */
import { arr, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj, RANGE, rangeErrors, rangesText } from "./define.js";
import type { HostPortsParams } from "./params.js";

export const hostPorts = defineCheck<HostPortsParams>({
  id: "hostPorts",
  kind: "GpcHostPorts",
  title: "Host ports",
  description: "Container ports must not bind host ports outside the allowed ranges.",
  parameters: obj({ ranges: arr(RANGE, "allowed host port ranges"), ...EXEMPTION_PROPS }),
  libs: ["exempt", "match", "params"],
  crossValidate: (p, path) => [...exemptionErrors(p, path), ...rangeErrors(p.ranges, `${path}.ranges`),
    ...(p.ranges ?? []).flatMap((r, i) => (r.max > 65535 ? [{ code: "check-params", severity: "error" as const, message: `max ${r.max} is not a port (1–65535)`, path: `${path}.ranges[${i}]` }] : []))],
  describe: (p) => (p.ranges?.length ? `Host ports must be in ${rangesText(p.ranges)}${exemptText(p)}.` : `Containers must not use host ports${exemptText(p)}.`),
});
