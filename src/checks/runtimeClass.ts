/**
 * Check `runtimeClass` (not part of PSS; PSP `runtimeClass.allowedRuntimeClassNames`).
 *
 * Fields checked: `spec.runtimeClassName`.
 * Allowed values: unset, or one of `allowedRuntimeClassNames` (`*` = any; `[]` = none may be set).
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { RuntimeClassParams } from "./params.js";
import * as C from "../cel/lib.js";

export const runtimeClass = defineCheck<RuntimeClassParams>({
  id: "runtimeClass",
  kind: "GpcRuntimeClass",
  title: "RuntimeClass",
  description: "Pods may only set an allowed spec.runtimeClassName.",
  parameters: obj({ allowedRuntimeClassNames: arr(str("RuntimeClass name, or * for any"), "allowed RuntimeClass names") }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const allowed = b.param("allowedRuntimeClassNames", C.list()), name = C.sel(b.spec, "runtimeClassName");
    const allowedText = C.cond(C.eq(C.call("size", allowed), C.lit(0)), C.str("none"), C.method(allowed, "join", C.str(", ")));
    b.deny("runtimeClass", C.cond(C.and(C.hasTyped(b.spec, "runtimeClassName", "string"), C.not(C.isIn(C.str("*"), allowed)), C.not(C.isIn(name, allowed))),
      C.list(C.plus(C.str("pod must not set spec.runtimeClassName to "), C.quote(name), C.str(" (allowed: "), allowedText, C.str(")"))), C.list()));
  }),
  describe: (p) => (p.allowedRuntimeClassNames?.includes("*") ? "Pods may set any `runtimeClassName`."
    : p.allowedRuntimeClassNames?.length ? `Pods may only set \`runtimeClassName\` to ${list(p.allowedRuntimeClassNames)}.` : "Pods must not set `runtimeClassName`."),
});
