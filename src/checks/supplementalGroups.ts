/**
 * Check `supplementalGroups` (not part of PSS; PSP `supplementalGroups`).
 *
 * Fields checked: `spec.securityContext.supplementalGroups[]`.
 * Allowed values: `MustRunAs`: non-empty, every id in `ranges`; `MayRunAs`: every id in `ranges`;
 * `RunAsAny`: anything.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, obj, RANGE, rangesText, ruleRangeErrors, str } from "./define.js";
import type { SupplementalGroupsParams } from "./params.js";

export const supplementalGroups = defineCheck<SupplementalGroupsParams>({
  id: "supplementalGroups",
  kind: "GpcSupplementalGroups",
  title: "Supplemental groups",
  description: "The pod's supplemental group ids, by rule: MustRunAs / MayRunAs a range, or RunAsAny.",
  parameters: obj({ rule: str("strategy", ["MustRunAs", "MayRunAs", "RunAsAny"]), ranges: arr(RANGE, "allowed group id ranges") }),
  libs: ["match", "params", "pod"],
  crossValidate: ruleRangeErrors,
  describe: (p) => {
    const rule = p.rule ?? "RunAsAny";
    return rule === "MustRunAs" ? `Pods must set supplemental groups, all in ${rangesText(p.ranges)}.`
      : rule === "MayRunAs" ? `Pods' supplemental groups must be in ${rangesText(p.ranges)}.` : "Pods may use any supplemental groups.";
  },
});
