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
import * as C from "../cel/lib.js";

export const supplementalGroups = defineCheck<SupplementalGroupsParams>({
  id: "supplementalGroups",
  kind: "GpcSupplementalGroups",
  title: "Supplemental groups",
  description: "The pod's supplemental group ids, by rule: MustRunAs / MayRunAs a range, or RunAsAny.",
  parameters: obj({ rule: str("strategy", ["MustRunAs", "MayRunAs", "RunAsAny"]), ranges: arr(RANGE, "allowed group id ranges") }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const rule = b.param("rule", C.str("RunAsAny")), ranges = b.param("ranges", C.list());
    const groups = C.typedOr(b.podSecurityContext, "supplementalGroups", "list", C.list());
    b.deny("outOfRange", C.cond(C.isIn(rule, C.list(C.str("MustRunAs"), C.str("MayRunAs"))),
      C.filterMap(groups, "g", (g) => C.not(C.and(C.isNumber(g), C.inRanges(g, ranges))), (g) => C.plus(C.str("pod must not set spec.securityContext.supplementalGroups to include "), C.num(g), C.str(" (allowed: "), C.rangesText(ranges), C.str(")"))),
      C.list()));
    b.deny("unset", C.cond(C.and(C.eq(rule, C.str("MustRunAs")), C.eq(C.call("size", groups), C.lit(0))),
      C.list(C.plus(C.str("pod must set spec.securityContext.supplementalGroups (allowed: "), C.rangesText(ranges), C.str(")"))), C.list()));
  }),
  crossValidate: ruleRangeErrors,
  describe: (p) => {
    const rule = p.rule ?? "RunAsAny";
    return rule === "MustRunAs" ? `Pods must set supplemental groups, all in ${rangesText(p.ranges)}.`
      : rule === "MayRunAs" ? `Pods' supplemental groups must be in ${rangesText(p.ranges)}.` : "Pods may use any supplemental groups.";
  },
});
