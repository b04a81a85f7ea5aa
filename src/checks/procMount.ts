/**
 * Check `procMount` (PSS baseline, all versions; ≥ v1.35 baseline allows `Unmasked` in pods with
 * `spec.hostUsers: false`, restricted does not).
 *
 * Fields checked: `securityContext.procMount` of every container, initContainer and ephemeralContainer.
 * Allowed values: unset, or one of `allowedProcMountTypes` (default `Default`); `Unmasked` also
 * when `allowUnmaskedWithUserNamespace` and the pod sets `spec.hostUsers: false`.
 * Pod vs container: container-only field; `hostUsers` is read from the pod spec.
 */
import { arr, bool, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, str } from "./define.js";
import type { ProcMountParams } from "./params.js";
import * as C from "../cel/lib.js";

export const procMount = defineCheck<ProcMountParams>({
  id: "procMount",
  kind: "GpcProcMount",
  title: "/proc mount type",
  description: "Containers must use an allowed /proc mount type (by default only Default).",
  parameters: obj({
    allowedProcMountTypes: arr(str("procMount type", ["Default", "Unmasked"]), "allowed procMount types"),
    allowUnmaskedWithUserNamespace: bool("also allow Unmasked when the pod sets spec.hostUsers: false"),
    ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const t = (e: C.Expr) => C.sel(e, "sc", "procMount");
    const allowed = (e: C.Expr) => C.or(C.isIn(t(e), b.param("allowedProcMountTypes", C.list(C.str("Default")))),
      C.and(C.eq(t(e), C.str("Unmasked")), C.eq(b.param("allowUnmaskedWithUserNamespace", C.FALSE), C.TRUE), b.specIs("hostUsers", C.FALSE)));
    b.deny("procMount", C.filterMap(b.checked, "e", (e) => C.and(C.hasTyped(C.sel(e, "sc"), "procMount", "string"), C.not(allowed(e))),
      (e) => C.plus(C.sel(e, "label"), C.str(" must not set securityContext.procMount to "), C.quote(t(e)))));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Containers may use procMount ${list(p.allowedProcMountTypes ?? ["Default"])}${p.allowUnmaskedWithUserNamespace ? " (and `Unmasked` with `hostUsers: false`)" : ""}${exemptText(p)}.`,
});
