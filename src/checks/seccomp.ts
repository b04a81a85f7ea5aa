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
import * as C from "../cel/lib.js";

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
  cel: () => C.celForm((b) => {
    const prof = new C.Profiles(b);
    const ann = b.annotations, POD = "seccomp.security.alpha.kubernetes.io/pod", PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
    const checkFields = C.eq(b.param("checkFields", C.TRUE), C.TRUE), checkAnnotations = C.eq(b.param("checkAnnotations", C.FALSE), C.TRUE);
    b.deny("fields", C.cond(C.and(C.not(b.podSkipped), checkFields), prof.fieldMessages("seccompProfile"), C.list()));
    // Annotations are checked per subject (the pod, then each non-exempt container by its own key),
    // so the cost is linear in containers: the same set as Rego's walk over the annotations.
    const podKey = C.str(POD), key = (x: C.Expr) => C.plus(C.str(PREFIX), C.sel(x, "name"));
    // The subjects' string annotations, each key built and looked up once: `[label, key]` of the
    // pod then of each non-exempt container, those whose key holds a string, with its value's
    // profile type `t` and localhost profile `n`. The rule's items are those not allowed: only
    // the message pass builds messages, of at most MAX_PIECES of them (cost, src/cel/cost.ts).
    const k = C.ident("k"), kKey = C.index(k, C.lit(1)), kValue = C.index(ann, kKey);
    const annotated = b.define("annotatedSubjects", () => C.cond(C.and(C.not(b.podSkipped), checkAnnotations), C.macro("map",
      C.macro("filter", C.plus(C.list(C.list(C.str("pod"), podKey)), C.macro("map", b.checked, "e", C.list(C.sel(C.ident("e"), "label"), key(C.ident("e"))))), "k",
        C.and(C.isIn(kKey, ann), C.isType(kValue, "string"))),
      "k", C.map({ label: C.index(k, C.lit(0)), key: kKey, value: kValue, t: prof.annotationType(kValue, ["runtime/default", "docker/default"]), n: C.trimPrefix(kValue, "localhost/") })), C.list()));
    b.deny("annotations", C.filterMap(annotated, "y", (y) => prof.problem(C.sel(y, "t"), C.sel(y, "n")),
      (y) => C.plus(C.sel(y, "label"), C.str(" must not set metadata.annotations["), C.quote(C.sel(y, "key")), C.str("] to "), C.quote(C.sel(y, "value")))));
    const hasProfile = (x: C.Expr) => C.or(C.and(checkFields, C.ne(b.effective(x, "seccompProfile"), C.NULL)),
      C.and(checkAnnotations, C.or(C.isIn(C.str(POD), ann), C.isIn(C.plus(C.str(PREFIX), C.sel(x, "name")), ann))));
    b.deny("unset", C.cond(C.and(C.not(b.podSkipped), C.eq(b.param("requireProfile", C.TRUE), C.TRUE)), C.filterMap(b.checked, "e", (x) => C.not(hasProfile(x)),
      (x) => C.plus(C.sel(x, "label"), C.str(" must set securityContext.seccompProfile.type or spec.securityContext.seccompProfile.type to one of "), prof.allowedTypesText)), C.list()));
  }),
  crossValidate: (p, path) => {
    const out: Diagnostic[] = [...exemptionErrors(p, path), ...patternErrors(p.allowedLocalhostProfiles, `${path}.allowedLocalhostProfiles`)];
    if (p.checkFields === false && p.checkAnnotations !== true) out.push(diag(`${path}.checkFields`, "with checkFields and checkAnnotations both off the check does nothing"));
    return out;
  },
  describe: (p) => `Seccomp profiles must be ${list(p.allowedProfileTypes ?? ["RuntimeDefault", "Localhost"])}${p.requireProfile === false ? " when set" : " and set for every container"}${p.checkAnnotations ? " (annotations checked)" : ""}${p.skipWindowsPods ? " (Windows pods skipped)" : ""}${exemptText(p)}.`,
});
