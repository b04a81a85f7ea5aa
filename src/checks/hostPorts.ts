/**
 * Check `hostPorts` (PSS baseline, all versions, with no range; PSP `hostPorts`).
 *
 * Fields checked: `ports[].hostPort` of every container, initContainer and ephemeralContainer.
 * Allowed values: unset, `0`, or within one of `ranges`.
 * Pod vs container: container-only field.
 */
import { arr, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj, RANGE, rangeErrors, rangesText } from "./define.js";
import type { HostPortsParams } from "./params.js";
import * as C from "../cel/lib.js";

export const hostPorts = defineCheck<HostPortsParams>({
  id: "hostPorts",
  kind: "GpcHostPorts",
  title: "Host ports",
  description: "Container ports must not bind host ports outside the allowed ranges.",
  parameters: obj({ ranges: arr(RANGE, "allowed host port ranges"), ...EXEMPTION_PROPS }),
  libs: ["exempt", "match", "params"],
  cel: () => C.celForm((b) => {
    const ranges = b.param("ranges", C.list());
    // The end of every message, built once (each string concatenation costs its length, src/cel/cost.ts).
    const allowedText = b.define("allowedSuffix", () => C.plus(C.str(" (allowed: "), C.cond(C.bin(">", C.call("size", ranges), C.lit(0)), C.rangesText(ranges), C.str("none")), C.str(")")));
    b.deny("hostPorts", C.nested(b.checked, "e", (e) => C.filterMap(C.typedOr(C.sel(e, "c"), "ports", "list", C.list()), "p",
      (p) => C.and(C.isMap(p), C.has(p, "hostPort"), C.isNumber(C.sel(p, "hostPort")), C.ne(C.sel(p, "hostPort"), C.lit(0)), C.not(C.inRanges(C.sel(p, "hostPort"), ranges))),
      (p) => C.plus(C.sel(e, "label"), C.str(" must not set ports[].hostPort to "), C.num(C.sel(p, "hostPort")), allowedText))));
  }),
  crossValidate: (p, path) => [...exemptionErrors(p, path), ...rangeErrors(p.ranges, `${path}.ranges`),
    ...(p.ranges ?? []).flatMap((r, i) => (r.max > 65535 ? [{ code: "check-params", severity: "error" as const, message: `max ${r.max} is not a port (1–65535)`, path: `${path}.ranges[${i}]` }] : []))],
  describe: (p) => (p.ranges?.length ? `Host ports must be in ${rangesText(p.ranges)}${exemptText(p)}.` : `Containers must not use host ports${exemptText(p)}.`),
});
