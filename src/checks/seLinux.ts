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
  cel: () => C.celForm((b) => {
    const allowed = b.define("seLinuxAllowed", () => C.map({ type: b.param("allowedTypes", C.NULL), user: b.param("allowedUsers", C.NULL), role: b.param("allowedRoles", C.NULL), level: b.param("allowedLevels", C.NULL) }));
    const k = C.ident("k");
    b.deny("seLinuxOptions", C.nested(C.macro("filter", b.securityContexts, "x", C.hasTyped(C.sel(C.ident("x"), "sc"), "seLinuxOptions", "map")), "x", (x) => {
      const opts = C.sel(x, "sc", "seLinuxOptions"), val = C.index(opts, k), list = C.index(allowed, k);
      return C.filterMap(C.list(...["level", "role", "type", "user"].map(C.str)), "k",
        () => C.and(C.ne(list, C.NULL), C.isIn(k, opts), C.isType(val, "string"), C.ne(val, C.str("")), C.not(C.isIn(val, list))),
        () => C.plus(C.sel(x, "label"), C.str(" must not set "), C.sel(x, "path"), C.str(".seLinuxOptions."), k, C.str(" to "), C.quote(val)));
    }));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => {
    const parts = ([["type", p.allowedTypes], ["user", p.allowedUsers], ["role", p.allowedRoles], ["level", p.allowedLevels]] as const)
      .filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v!.length ? list(v) : "unset"}`);
    return `SELinux options must be: ${parts.length ? parts.join("; ") : "anything"}${exemptText(p)}.`;
  },
});
