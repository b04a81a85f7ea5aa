/**
 * Check `allowPrivilegeEscalation` (PSS restricted ≥ v1.8; Windows pods skipped ≥ v1.25).
 *
 * Fields checked: `securityContext.allowPrivilegeEscalation` of every container, initContainer and ephemeralContainer.
 * Allowed values: `false` (requireExplicitFalse, the default); with requireExplicitFalse: false, also unset.
 * Pod vs container: container-only field.
 */
import { bool, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj, WINDOWS_PROPS } from "./define.js";
import type { AllowPrivilegeEscalationParams } from "./params.js";
import * as C from "../cel/lib.js";

export const allowPrivilegeEscalation = defineCheck<AllowPrivilegeEscalationParams>({
  id: "allowPrivilegeEscalation",
  kind: "GpcAllowPrivilegeEscalation",
  title: "Privilege escalation",
  description: "Containers must not allow privilege escalation: securityContext.allowPrivilegeEscalation must be false (or, when requireExplicitFalse is false, unset).",
  parameters: obj({ requireExplicitFalse: bool("the field must be explicitly false (default true)"), ...WINDOWS_PROPS, ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  cel: () => C.celForm((b) => {
    const f = "allowPrivilegeEscalation";
    b.deny("setTrue", C.cond(b.podSkipped, C.list(), C.filterMap(b.checked, "e", (e) => C.ownIs(e, f, C.TRUE), (e) => C.plus(C.sel(e, "label"), C.str(" must not set securityContext.allowPrivilegeEscalation to true")))));
    b.deny("notFalse", C.cond(C.and(C.not(b.podSkipped), C.eq(b.param("requireExplicitFalse", C.TRUE), C.TRUE)),
      C.filterMap(b.checked, "e", (e) => C.not(C.or(C.ownIs(e, f, C.FALSE), C.ownIs(e, f, C.TRUE))), (e) => C.plus(C.sel(e, "label"), C.str(" must set securityContext.allowPrivilegeEscalation to false"))),
      C.list()));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Containers must ${p.requireExplicitFalse === false ? "not set" : "set"} \`securityContext.allowPrivilegeEscalation\` ${p.requireExplicitFalse === false ? "to `true`" : "to `false`"}${p.skipWindowsPods ? " (Windows pods skipped)" : ""}${exemptText(p)}.`,
});
