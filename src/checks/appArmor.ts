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
import * as C from "../cel/lib.js";

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
  cel: () => C.celForm((b) => {
    const prof = new C.Profiles(b);
    const ann = b.annotations, PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    const checkFields = C.eq(b.param("checkFields", C.TRUE), C.TRUE), checkAnnotations = C.eq(b.param("checkAnnotations", C.TRUE), C.TRUE);
    b.deny("fields", C.cond(checkFields, prof.fieldMessages("appArmorProfile"), C.list()));
    const k = C.ident("k"), val = C.index(ann, k), name = C.method(k, "substring", C.lit(PREFIX.length));
    b.deny("annotations", C.cond(checkAnnotations, C.filterMap(ann, "k",
      () => C.and(C.method(k, "startsWith", C.str(PREFIX)), C.not(C.isIn(name, b.exemptNames)), C.isType(val, "string"), C.ne(val, C.str("")), prof.problem(prof.annotationType(val, ["runtime/default"]), C.trimPrefix(val, "localhost/"))),
      () => C.plus(C.str("container "), C.quote(name), C.str(" must not set metadata.annotations["), C.quote(k), C.str("] to "), C.quote(val))), C.list()));
    const key = (x: C.Expr) => C.plus(C.str(PREFIX), C.sel(x, "name"));
    const hasProfile = (x: C.Expr) => C.or(C.and(checkFields, C.ne(b.effective(x, "appArmorProfile"), C.NULL)),
      C.and(checkAnnotations, C.isIn(key(x), ann), C.ne(C.index(ann, key(x)), C.str(""))));
    b.deny("unset", C.cond(C.eq(b.param("requireProfile", C.FALSE), C.TRUE), C.filterMap(b.checked, "e", (x) => C.not(hasProfile(x)),
      (x) => C.plus(C.sel(x, "label"), C.str(" must set securityContext.appArmorProfile.type or spec.securityContext.appArmorProfile.type to one of "), prof.allowedTypesText)), C.list()));
  }),
  crossValidate: (p, path) => {
    const out: Diagnostic[] = [...exemptionErrors(p, path), ...patternErrors(p.allowedLocalhostProfiles, `${path}.allowedLocalhostProfiles`)];
    if (p.checkFields === false && p.checkAnnotations === false) out.push(diag(`${path}.checkFields`, "with checkFields and checkAnnotations both off the check does nothing"));
    return out;
  },
  describe: (p) => `AppArmor profiles must be ${list(p.allowedProfileTypes ?? ["RuntimeDefault", "Localhost"])}${p.requireProfile ? " and set for every container" : " when set"}${exemptText(p)}.`,
});
