/**
 * Check `flexVolumeDrivers` (not part of PSS; PSP `allowedFlexVolumes`).
 *
 * Fields checked: `spec.volumes[].flexVolume.driver`.
 * Allowed values: `allowedDrivers`.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { FlexVolumeDriversParams } from "./params.js";
import * as C from "../cel/lib.js";

export const flexVolumeDrivers = defineCheck<FlexVolumeDriversParams>({
  id: "flexVolumeDrivers",
  kind: "GpcFlexVolumeDrivers",
  title: "FlexVolume drivers",
  description: "flexVolume volumes must use an allowed driver.",
  parameters: obj({ allowedDrivers: arr(str("driver name"), "allowed flexVolume drivers") }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const driver = (v: C.Expr) => C.sel(v, "flexVolume", "driver");
    b.deny("flexVolumeDrivers", C.filterMap(C.typedOr(b.spec, "volumes", "list", C.list()), "v",
      (v) => C.and(C.isMap(v), C.hasTyped(v, "name", "string"), C.hasTyped(v, "flexVolume", "map"), C.hasTyped(C.sel(v, "flexVolume"), "driver", "string"), C.not(C.isIn(driver(v), b.param("allowedDrivers", C.list())))),
      (v) => C.plus(C.str("pod must not use flexVolume driver "), C.quote(driver(v)), C.str(" (volume "), C.quote(C.sel(v, "name")), C.str(")"))));
  }),
  describe: (p) => `flexVolume drivers must be ${list(p.allowedDrivers)}.`,
});
