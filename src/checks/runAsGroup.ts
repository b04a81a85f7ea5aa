/**
 * Check `runAsGroup` (not part of PSS; PSP `runAsGroup`).
 *
 * Fields checked: `spec.securityContext.runAsGroup` and `securityContext.runAsGroup` of every
 * container, initContainer and ephemeralContainer.
 * Allowed values: `MustRunAs`: effective value set and in `ranges`; `MayRunAs`: set values in
 * `ranges`; `RunAsAny`: anything.
 * Pod vs container: set values are checked where written; `MustRunAs` also needs an effective
 * value (container's, else pod's).
 */
import { arr, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj, RANGE, rangesText, ruleRangeErrors, str } from "./define.js";
import type { RunAsGroupParams } from "./params.js";
import * as C from "../cel/lib.js";

export const runAsGroup = defineCheck<RunAsGroupParams>({
  id: "runAsGroup",
  kind: "GpcRunAsGroup",
  title: "Primary group id",
  description: "The primary group id containers run as, by rule: MustRunAs / MayRunAs a range, or RunAsAny.",
  parameters: obj({
    rule: str("strategy", ["MustRunAs", "MayRunAs", "RunAsAny"]),
    ranges: arr(RANGE, "allowed group id ranges"),
    ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params", "pod"],
  cel: () => C.celForm((b) => C.idRule(b, "runAsGroup", { skippable: false, nonRoot: false })),
  crossValidate: (p, path) => [...exemptionErrors(p, path), ...ruleRangeErrors(p, path)],
  describe: (p) => {
    const rule = p.rule ?? "RunAsAny";
    const what = rule === "MustRunAs" ? `must run with a group id in ${rangesText(p.ranges)}`
      : rule === "MayRunAs" ? `may only set group ids in ${rangesText(p.ranges)}` : "may run with any group id";
    return `Containers ${what}${exemptText(p)}.`;
  },
});
