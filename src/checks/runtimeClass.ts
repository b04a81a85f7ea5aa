/**
 * Check `runtimeClass` (not part of PSS; PSP `runtimeClass.allowedRuntimeClassNames`).
 *
 * Fields checked: `spec.runtimeClassName`.
 * Allowed values: unset, or one of `allowedRuntimeClassNames` (`*` = any; `[]` = none may be set).
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { RuntimeClassParams } from "./params.js";

export const runtimeClass = defineCheck<RuntimeClassParams>({
  id: "runtimeClass",
  kind: "GpcRuntimeClass",
  title: "RuntimeClass",
  description: "Pods may only set an allowed spec.runtimeClassName.",
  parameters: obj({ allowedRuntimeClassNames: arr(str("RuntimeClass name, or * for any"), "allowed RuntimeClass names") }),
  libs: ["match", "params", "pod"],
  describe: (p) => (p.allowedRuntimeClassNames?.includes("*") ? "Pods may set any `runtimeClassName`."
    : p.allowedRuntimeClassNames?.length ? `Pods may only set \`runtimeClassName\` to ${list(p.allowedRuntimeClassNames)}.` : "Pods must not set `runtimeClassName`."),
});
