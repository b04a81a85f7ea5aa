/**
 * Check `fsGroup` (not part of PSS; PSP `fsGroup`).
 *
 * Fields checked: `spec.securityContext.fsGroup`.
 * Allowed values: `MustRunAs`: set and in `ranges`; `MayRunAs`: in `ranges` when set; `RunAsAny`: anything.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, obj, RANGE, rangesText, ruleRangeErrors, str } from "./define.js";
import type { FsGroupParams } from "./params.js";

export const fsGroup = defineCheck<FsGroupParams>({
  id: "fsGroup",
  kind: "GpcFsGroup",
  title: "Volume group (fsGroup)",
  description: "The pod's fsGroup, by rule: MustRunAs / MayRunAs a range, or RunAsAny.",
  parameters: obj({ rule: str("strategy", ["MustRunAs", "MayRunAs", "RunAsAny"]), ranges: arr(RANGE, "allowed group id ranges") }),
  libs: ["match", "params", "pod"],
  crossValidate: ruleRangeErrors,
  describe: (p) => {
    const rule = p.rule ?? "RunAsAny";
    return rule === "MustRunAs" ? `Pods must set \`fsGroup\` in ${rangesText(p.ranges)}.`
      : rule === "MayRunAs" ? `Pods' \`fsGroup\`, when set, must be in ${rangesText(p.ranges)}.` : "Pods may use any `fsGroup`.";
  },
});
