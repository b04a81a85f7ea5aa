/**
 * Check `allowPrivilegeEscalation` (PSS restricted ≥ v1.8; Windows pods skipped ≥ v1.25).
 *
 * Fields checked: `securityContext.allowPrivilegeEscalation` of every container, initContainer and ephemeralContainer.
 * Allowed values: `false` (requireExplicitFalse, the default); with requireExplicitFalse: false, also unset.
 * Pod vs container: container-only field.
 */
import { bool, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj, WINDOWS_PROPS } from "./define.js";
import type { AllowPrivilegeEscalationParams } from "./params.js";

export const allowPrivilegeEscalation = defineCheck<AllowPrivilegeEscalationParams>({
  id: "allowPrivilegeEscalation",
  kind: "GpcAllowPrivilegeEscalation",
  title: "Privilege escalation",
  description: "Containers must not allow privilege escalation: securityContext.allowPrivilegeEscalation must be false (or, when requireExplicitFalse is false, unset).",
  parameters: obj({ requireExplicitFalse: bool("the field must be explicitly false (default true)"), ...WINDOWS_PROPS, ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  crossValidate: exemptionErrors,
  describe: (p) => `Containers must ${p.requireExplicitFalse === false ? "not set" : "set"} \`securityContext.allowPrivilegeEscalation\` ${p.requireExplicitFalse === false ? "to `true`" : "to `false`"}${p.skipWindowsPods ? " (Windows pods skipped)" : ""}${exemptText(p)}.`,
});
