/**
 * Check `privileged` (PSS baseline, all versions).
 *
 * Fields checked: `securityContext.privileged` of every container, initContainer and ephemeralContainer.
 * Allowed values: unset, `false`.
 * Pod vs container: container-only field (the pod has no `privileged`).
 */
import { defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj } from "./define.js";
import type { PrivilegedParams } from "./params.js";
import * as C from "../cel/lib.js";

export const privileged = defineCheck<PrivilegedParams>({
  id: "privileged",
  kind: "GpcPrivileged",
  title: "Privileged containers",
  description: "Containers must not run privileged: securityContext.privileged must be unset or false.",
  parameters: obj({ ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  cel: () => C.celForm((b) => {
    b.deny("privileged", C.filterMap(b.checked, "e", (e) => C.ownIs(e, "privileged", C.TRUE), (e) => C.plus(C.sel(e, "label"), C.str(" must not set securityContext.privileged to true"))));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Containers must not set \`securityContext.privileged: true\`${exemptText(p)}.`,
});
