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
  crossValidate: exemptionErrors,
  describe: (p) => `Containers may use procMount ${list(p.allowedProcMountTypes ?? ["Default"])}${p.allowUnmaskedWithUserNamespace ? " (and `Unmasked` with `hostUsers: false`)" : ""}${exemptText(p)}.`,
});
