/**
 * Check `fsGroup` (not part of PSS; PSP `fsGroup`).
 *
 * Fields checked: `spec.securityContext.fsGroup`.
 * Allowed values: `MustRunAs`: set and in `ranges`; `MayRunAs`: in `ranges` when set; `RunAsAny`: anything.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, obj, RANGE, rangesText, ruleRangeErrors, str } from "./define.js";
import type { FsGroupParams } from "./params.js";
import * as C from "../cel/lib.js";

export const fsGroup = defineCheck<FsGroupParams>({
  id: "fsGroup",
  kind: "GpcFsGroup",
  title: "Volume group (fsGroup)",
  description: "The pod's fsGroup, by rule: MustRunAs / MayRunAs a range, or RunAsAny.",
  parameters: obj({ rule: str("strategy", ["MustRunAs", "MayRunAs", "RunAsAny"]), ranges: arr(RANGE, "allowed group id ranges") }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const rule = b.param("rule", C.str("RunAsAny")), ranges = b.param("ranges", C.list());
    const sc = b.podSecurityContext, g = C.sel(sc, "fsGroup");
    b.deny("outOfRange", C.cond(C.and(C.isIn(rule, C.list(C.str("MustRunAs"), C.str("MayRunAs"))), C.present(sc, "fsGroup"), C.not(C.and(C.isNumber(g), C.inRanges(g, ranges)))),
      C.list(C.plus(C.str("pod must not set spec.securityContext.fsGroup to "), C.num(g), C.str(" (allowed: "), C.rangesText(ranges), C.str(")"))), C.list()));
    b.deny("unset", C.cond(C.and(C.eq(rule, C.str("MustRunAs")), C.not(C.present(sc, "fsGroup"))),
      C.list(C.plus(C.str("pod must set spec.securityContext.fsGroup (allowed: "), C.rangesText(ranges), C.str(")"))), C.list()));
  }),
  crossValidate: ruleRangeErrors,
  describe: (p) => {
    const rule = p.rule ?? "RunAsAny";
    return rule === "MustRunAs" ? `Pods must set \`fsGroup\` in ${rangesText(p.ranges)}.`
      : rule === "MayRunAs" ? `Pods' \`fsGroup\`, when set, must be in ${rangesText(p.ranges)}.` : "Pods may use any `fsGroup`.";
  },
});
