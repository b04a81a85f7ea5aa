/**
 * Check `seccomp` (PSS baseline: v1.0–v1.18 annotations not `unconfined`, ≥ v1.19 fields not
 * `Unconfined`; restricted ≥ v1.19: every container's effective profile RuntimeDefault or
 * Localhost, Windows pods skipped ≥ v1.25).
 *
 * Fields checked: `spec.securityContext.seccompProfile` and `securityContext.seccompProfile` of
 * every container, initContainer and ephemeralContainer (checkFields); annotations
 * `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<name>`
 * (checkAnnotations: `runtime/default` and `docker/default` = RuntimeDefault, `localhost/<p>` =
 * Localhost, `unconfined` = Unconfined, anything else = not allowed).
 * Allowed values: types in `allowedProfileTypes`; Localhost profiles matching `allowedLocalhostProfiles`.
 * Pod vs container: every value is checked where it is written; `requireProfile` needs a profile
 * on the container or the pod (field or annotation).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { arr, bool, defineCheck, diag, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, patternErrors, str, WINDOWS_PROPS } from "./define.js";
import type { SeccompParams } from "./params.js";

export const PROFILE_TYPES = ["RuntimeDefault", "Localhost", "Unconfined"] as const;

export const seccomp = defineCheck<SeccompParams>({
  id: "seccomp",
  kind: "GpcSeccomp",
  title: "Seccomp profile",
  description: "Seccomp profiles of the pod and its containers must be of an allowed type (and Localhost profiles of an allowed name); optionally every container must have one.",
  parameters: obj({
    allowedProfileTypes: arr(str("profile type", PROFILE_TYPES), "allowed profile types"),
    allowedLocalhostProfiles: arr(str("localhost profile name, trailing * for a prefix"), "allowed Localhost profiles"),
    requireProfile: bool("every container must have a profile (its own or the pod's)"),
    checkFields: bool("check securityContext.seccompProfile"),
    checkAnnotations: bool("check the legacy seccomp annotations"),
    ...WINDOWS_PROPS, ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params", "pod", "profiles"],
  crossValidate: (p, path) => {
    const out: Diagnostic[] = [...exemptionErrors(p, path), ...patternErrors(p.allowedLocalhostProfiles, `${path}.allowedLocalhostProfiles`)];
    if (p.checkFields === false && p.checkAnnotations !== true) out.push(diag(`${path}.checkFields`, "with checkFields and checkAnnotations both off the check does nothing"));
    return out;
  },
  describe: (p) => `Seccomp profiles must be ${list(p.allowedProfileTypes ?? ["RuntimeDefault", "Localhost"])}${p.requireProfile === false ? " when set" : " and set for every container"}${p.checkAnnotations ? " (annotations checked)" : ""}${p.skipWindowsPods ? " (Windows pods skipped)" : ""}${exemptText(p)}.`,
});
