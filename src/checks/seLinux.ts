/**
 * Check `seLinux` (PSS baseline: type `""`/`container_t`/`container_init_t`/`container_kvm_t`,
 * plus `container_engine_t` ≥ v1.31; user and role unset; PSP `seLinux: MustRunAs`).
 *
 * Fields checked: `seLinuxOptions.{type,user,role,level}` of `spec.securityContext` and of every
 * container's, initContainer's and ephemeralContainer's `securityContext`.
 * Allowed values: unset or `""`, or a member of `allowedTypes` / `allowedUsers` / `allowedRoles` /
 * `allowedLevels` (an absent list allows anything; `[]` allows only unset).
 * Pod vs container: each value is checked where it is written.
 */
import { arr, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, str } from "./define.js";
import type { SELinuxParams } from "./params.js";
import * as C from "../cel/lib.js";

export const seLinux = defineCheck<SELinuxParams>({
  id: "seLinux",
  kind: "GpcSELinux",
  title: "SELinux options",
  description: "SELinux type, user, role and level of the pod and its containers must be unset or allowed.",
  parameters: obj({
    allowedTypes: arr(str("SELinux type"), "allowed types (absent: any)"),
    allowedUsers: arr(str("SELinux user"), "allowed users (absent: any; empty: none)"),
    allowedRoles: arr(str("SELinux role"), "allowed roles (absent: any; empty: none)"),
    allowedLevels: arr(str("SELinux level"), "allowed levels (absent: any; empty: none)"),
    ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params"],
  // One validation per option, one flat comprehension each (no per-context list of keys joined):
  // each expression stays within Kubernetes' per-call cost limit (src/cel/cost.ts).
  cel: () => C.celForm((b) => {
    const params = { type: "allowedTypes", user: "allowedUsers", role: "allowedRoles", level: "allowedLevels" } as const;
    for (const k of ["level", "role", "type", "user"] as const) {
      const allowed = b.param(params[k], C.NULL);
      b.deny(`seLinux_${k}`, C.cond(C.eq(allowed, C.NULL), C.list(), C.filterMap(b.securityContexts, "x", (x) => {
        const opts = C.sel(x, "sc", "seLinuxOptions"), val = C.sel(opts, k);
        return C.and(C.hasTyped(C.sel(x, "sc"), "seLinuxOptions", "map"), C.hasTyped(opts, k, "string"), C.ne(val, C.str("")), C.not(C.isIn(val, allowed)));
      }, (x) => C.plus(C.sel(x, "label"), C.str(" must not set "), C.sel(x, "path"), C.str(`.seLinuxOptions.${k} to `), C.quote(C.sel(x, "sc", "seLinuxOptions", k))))));
    }
  }),
  crossValidate: exemptionErrors,
  describe: (p) => {
    const parts = ([["type", p.allowedTypes], ["user", p.allowedUsers], ["role", p.allowedRoles], ["level", p.allowedLevels]] as const)
      .filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v!.length ? list(v) : "unset"}`);
    return `SELinux options must be: ${parts.length ? parts.join("; ") : "anything"}${exemptText(p)}.`;
  },
});
