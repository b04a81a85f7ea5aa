/**
 * Check `csiDrivers` (not part of PSS; PSP `allowedCSIDrivers`).
 *
 * Fields checked: `spec.volumes[].csi.driver` (inline CSI ephemeral volumes).
 * Allowed values: `allowedDrivers`.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { CsiDriversParams } from "./params.js";

export const csiDrivers = defineCheck<CsiDriversParams>({
  id: "csiDrivers",
  kind: "GpcCsiDrivers",
  title: "Inline CSI drivers",
  description: "Inline CSI volumes must use an allowed driver.",
  parameters: obj({ allowedDrivers: arr(str("CSI driver name"), "allowed inline CSI drivers") }),
  libs: ["match", "params", "pod"],
  describe: (p) => `Inline CSI volume drivers must be ${list(p.allowedDrivers)}.`,
});
