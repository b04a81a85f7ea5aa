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
  cel: () => C.celForm((b) => {
    const h = C.ident("h");
    const handlers = (e: C.Expr) => {
      const c = C.sel(e, "c"), lc = C.sel(c, "lifecycle");
      const probes = ["livenessProbe", "readinessProbe", "startupProbe"].map((f) => C.map({ path: C.str(f), h: C.typedOr(c, f, "map", C.NULL) }));
      const hooks = ["postStart", "preStop"].map((f) => C.map({ path: C.str(`lifecycle.${f}`), h: C.cond(C.hasTyped(c, "lifecycle", "map"), C.typedOr(lc, f, "map", C.NULL), C.NULL) }));
      return C.macro("filter", C.list(...probes, ...hooks), "h", C.ne(C.sel(h, "h"), C.NULL));
    };
    const act = C.ident("act");
    const host = C.sel(C.index(C.sel(h, "h"), act), "host");
    b.deny("hosts", C.nested(b.checked, "e", (e) => C.nonEmpty(C.macro("map", handlers(e), "h", C.joinPieces(C.filterMap(C.list(C.str("httpGet"), C.str("tcpSocket")), "act",
      () => C.and(C.isIn(act, C.sel(h, "h")), C.isMap(C.index(C.sel(h, "h"), act)), C.hasTyped(C.index(C.sel(h, "h"), act), "host", "string"), C.ne(host, C.str("")), C.not(C.isIn(host, b.param("allowedHosts", C.list())))),
      () => C.plus(C.sel(e, "label"), C.str(" must not set "), C.sel(h, "path"), C.str("."), act, C.str(".host to "), C.quote(host))))))));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Probe and lifecycle handler \`host\` must be unset${p.allowedHosts?.length ? ` or ${list(p.allowedHosts)}` : ""}${exemptText(p)}.`,
});
