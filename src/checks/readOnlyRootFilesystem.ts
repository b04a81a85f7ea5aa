/**
 * Check `readOnlyRootFilesystem` (not part of PSS; PSP `readOnlyRootFilesystem: true`).
 *
 * Fields checked: `securityContext.readOnlyRootFilesystem` of every container, initContainer and ephemeralContainer.
 * Allowed values: `true`.
 * Pod vs container: container-only field.
 */
import { defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj } from "./define.js";
import type { ReadOnlyRootFilesystemParams } from "./params.js";

export const readOnlyRootFilesystem = defineCheck<ReadOnlyRootFilesystemParams>({
  id: "readOnlyRootFilesystem",
  kind: "GpcReadOnlyRootFilesystem",
  title: "Read-only root filesystem",
  description: "Containers must run with a read-only root filesystem: securityContext.readOnlyRootFilesystem must be true.",
  parameters: obj({ ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  crossValidate: exemptionErrors,
  describe: (p) => `Containers must set \`securityContext.readOnlyRootFilesystem: true\`${exemptText(p)}.`,
});
