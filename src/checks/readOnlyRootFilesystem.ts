/**
 * Check `readOnlyRootFilesystem` (not part of PSS; PSP `readOnlyRootFilesystem: true`).
 *
 * Fields checked: `securityContext.readOnlyRootFilesystem` of every container, initContainer and ephemeralContainer.
 * Allowed values: `true`.
 * Pod vs container: container-only field.
 */
import { defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj } from "./define.js";
import type { ReadOnlyRootFilesystemParams } from "./params.js";
import * as C from "../cel/lib.js";

export const readOnlyRootFilesystem = defineCheck<ReadOnlyRootFilesystemParams>({
  id: "readOnlyRootFilesystem",
  kind: "GpcReadOnlyRootFilesystem",
  title: "Read-only root filesystem",
  description: "Containers must run with a read-only root filesystem: securityContext.readOnlyRootFilesystem must be true.",
  parameters: obj({ ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  cel: () => C.celForm((b) => {
    b.deny("writable", C.filterMap(b.checked, "e", (e) => C.not(C.ownIs(e, "readOnlyRootFilesystem", C.TRUE)), (e) => C.plus(C.sel(e, "label"), C.str(" must set securityContext.readOnlyRootFilesystem to true"))));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Containers must set \`securityContext.readOnlyRootFilesystem: true\`${exemptText(p)}.`,
});
