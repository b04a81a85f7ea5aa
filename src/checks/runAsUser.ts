/**
 * Check `runAsUser` (PSS restricted ≥ v1.23 as `MayRunAs` 1–2147483647, i.e. never 0; PSP `runAsUser`).
 *
 * Fields checked: `spec.securityContext.runAsUser` and `securityContext.runAsUser` of every
 * container, initContainer and ephemeralContainer; for `MustRunAsNonRoot` also `runAsNonRoot`.
 * Allowed values: `MustRunAs`: effective value set and in `ranges`; `MayRunAs`: set values in
 * `ranges`; `MustRunAsNonRoot`: no value 0 and effective `runAsNonRoot: true` or non-zero
 * effective `runAsUser`; `RunAsAny`: anything.
 * User namespaces: `skipUserNamespacePods` skips pods with `spec.hostUsers: false` (PSA's optional relaxation).
 * Pod vs container: set values are checked where written (pod and container); requirements use
 * the effective value (container's, else pod's).
 */
import { arr, defineCheck, EXEMPTION_PROPS, USERNS_PROPS, exemptText, exemptionErrors, obj, RANGE, rangesText, ruleRangeErrors, str } from "./define.js";
import type { RunAsUserParams } from "./params.js";
import * as C from "../cel/lib.js";

export const runAsUser = defineCheck<RunAsUserParams>({
  id: "runAsUser",
  kind: "GpcRunAsUser",
  title: "User id",
  description: "The user id containers run as, by rule: MustRunAs / MayRunAs a range, MustRunAsNonRoot, or RunAsAny.",
  parameters: obj({
    rule: str("strategy", ["MustRunAs", "MayRunAs", "MustRunAsNonRoot", "RunAsAny"]),
    ranges: arr(RANGE, "allowed user id ranges"),
    ...USERNS_PROPS,
    ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params", "pod"],
  cel: () => C.celForm((b) => C.idRule(b, "runAsUser", { skippable: true, nonRoot: true })),
  crossValidate: (p, path) => [...exemptionErrors(p, path), ...ruleRangeErrors(p, path)],
  describe: (p) => {
    const rule = p.rule ?? "RunAsAny";
    const what = rule === "MustRunAs" ? `must run as a user id in ${rangesText(p.ranges)}`
      : rule === "MayRunAs" ? `may only set user ids in ${rangesText(p.ranges)}`
      : rule === "MustRunAsNonRoot" ? "must run as a non-root user" : "may run as any user";
    return `Containers ${what}${exemptText(p)}.`;
  },
});
