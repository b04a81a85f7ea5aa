/**
 * Check `flexVolumeDrivers` (not part of PSS; PSP `allowedFlexVolumes`).
 *
 * Fields checked: `spec.volumes[].flexVolume.driver`.
 * Allowed values: `allowedDrivers`.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { FlexVolumeDriversParams } from "./params.js";

export const flexVolumeDrivers = defineCheck<FlexVolumeDriversParams>({
  id: "flexVolumeDrivers",
  kind: "GpcFlexVolumeDrivers",
  title: "FlexVolume drivers",
  description: "flexVolume volumes must use an allowed driver.",
  parameters: obj({ allowedDrivers: arr(str("driver name"), "allowed flexVolume drivers") }),
  libs: ["match", "params", "pod"],
  describe: (p) => `flexVolume drivers must be ${list(p.allowedDrivers)}.`,
});
