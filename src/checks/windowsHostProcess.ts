/**
 * Check `windowsHostProcess` (PSS baseline, all versions).
 *
 * Fields checked: `windowsOptions.hostProcess` of `spec.securityContext` and of every container's,
 * initContainer's and ephemeralContainer's `securityContext`.
 * Allowed values: unset, `false`.
 * Pod vs container: each value is checked where it is written.
 */
import { defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, obj } from "./define.js";
import type { WindowsHostProcessParams } from "./params.js";
import * as C from "../cel/lib.js";

export const windowsHostProcess = defineCheck<WindowsHostProcessParams>({
  id: "windowsHostProcess",
  kind: "GpcWindowsHostProcess",
  title: "Windows HostProcess containers",
  description: "Neither the pod nor its containers may run as Windows HostProcess containers.",
  parameters: obj({ ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  cel: () => C.celForm((b) => {
    b.deny("hostProcess", C.filterMap(b.securityContexts, "x", (x) => C.and(C.hasTyped(C.sel(x, "sc"), "windowsOptions", "map"), C.present(C.sel(x, "sc", "windowsOptions"), "hostProcess"), C.eq(C.sel(x, "sc", "windowsOptions", "hostProcess"), C.TRUE)),
      (x) => C.plus(C.sel(x, "label"), C.str(" must not set "), C.sel(x, "path"), C.str(".windowsOptions.hostProcess to true"))));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Pods and containers must not set \`windowsOptions.hostProcess: true\`${exemptText(p)}.`,
});
