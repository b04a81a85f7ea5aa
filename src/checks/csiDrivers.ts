/**
 * Check `csiDrivers` (not part of PSS; PSP `allowedCSIDrivers`).
 *
 * Fields checked: `spec.volumes[].csi.driver` (inline CSI ephemeral volumes).
 * Allowed values: `allowedDrivers`.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { CsiDriversParams } from "./params.js";
import * as C from "../cel/lib.js";

export const csiDrivers = defineCheck<CsiDriversParams>({
  id: "csiDrivers",
  kind: "GpcCsiDrivers",
  title: "Inline CSI drivers",
  description: "Inline CSI volumes must use an allowed driver.",
  parameters: obj({ allowedDrivers: arr(str("CSI driver name"), "allowed inline CSI drivers") }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const driver = (v: C.Expr) => C.sel(v, "csi", "driver");
    b.deny("csiDrivers", C.filterMap(C.typedOr(b.spec, "volumes", "list", C.list()), "v",
      (v) => C.and(C.isMap(v), C.hasTyped(v, "name", "string"), C.hasTyped(v, "csi", "map"), C.hasTyped(C.sel(v, "csi"), "driver", "string"), C.not(C.isIn(driver(v), b.param("allowedDrivers", C.list())))),
      (v) => C.plus(C.str("pod must not use CSI driver "), C.quote(driver(v)), C.str(" (volume "), C.quote(C.sel(v, "name")), C.str(")"))));
  }),
  describe: (p) => `Inline CSI volume drivers must be ${list(p.allowedDrivers)}.`,
});
