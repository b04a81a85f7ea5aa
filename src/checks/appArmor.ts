/**
 * Check `appArmor` (PSS baseline, all versions: annotation values `""`, `runtime/default`,
 * `localhost/*`; `appArmorProfile.type` RuntimeDefault or Localhost).
 *
 * Fields checked: `spec.securityContext.appArmorProfile` and `securityContext.appArmorProfile` of
 * every container, initContainer and ephemeralContainer (checkFields); every annotation
 * `container.apparmor.security.beta.kubernetes.io/<name>` (checkAnnotations; `""` = unset,
 * `runtime/default` = RuntimeDefault, `localhost/<p>` = Localhost, `unconfined` = Unconfined,
 * anything else = not allowed).
 * Allowed values: types in `allowedProfileTypes`; Localhost profiles matching `allowedLocalhostProfiles`.
 * Pod vs container: every value is checked where written; `requireProfile` needs a profile on the
 * container, the pod, or the container's annotation.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { arr, bool, defineCheck, diag, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, patternErrors, str } from "./define.js";
import type { AppArmorParams } from "./params.js";
import { PROFILE_TYPES } from "./seccomp.js";

export const appArmor = defineCheck<AppArmorParams>({
  id: "appArmor",
  kind: "GpcAppArmor",
  title: "AppArmor profile",
  description: "AppArmor profiles of the pod and its containers (field and legacy annotation) must be of an allowed type (and Localhost profiles of an allowed name).",
  parameters: obj({
    allowedProfileTypes: arr(str("profile type", PROFILE_TYPES), "allowed profile types"),
    allowedLocalhostProfiles: arr(str("localhost profile name, trailing * for a prefix"), "allowed Localhost profiles"),
    requireProfile: bool("every container must have a profile"),
    checkFields: bool("check securityContext.appArmorProfile"),
    checkAnnotations: bool("check the legacy AppArmor annotations"),
    ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params", "pod", "profiles"],
  crossValidate: (p, path) => {
    const out: Diagnostic[] = [...exemptionErrors(p, path), ...patternErrors(p.allowedLocalhostProfiles, `${path}.allowedLocalhostProfiles`)];
    if (p.checkFields === false && p.checkAnnotations === false) out.push(diag(`${path}.checkFields`, "with checkFields and checkAnnotations both off the check does nothing"));
    return out;
  },
  describe: (p) => `AppArmor profiles must be ${list(p.allowedProfileTypes ?? ["RuntimeDefault", "Localhost"])}${p.requireProfile ? " and set for every container" : " when set"}${exemptText(p)}.`,
});
