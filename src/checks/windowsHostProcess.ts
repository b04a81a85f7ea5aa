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

export const windowsHostProcess = defineCheck<WindowsHostProcessParams>({
  id: "windowsHostProcess",
  kind: "GpcWindowsHostProcess",
  title: "Windows HostProcess containers",
  description: "Neither the pod nor its containers may run as Windows HostProcess containers.",
  parameters: obj({ ...EXEMPTION_PROPS }),
  libs: ["exempt"],
  crossValidate: exemptionErrors,
  describe: (p) => `Pods and containers must not set \`windowsOptions.hostProcess: true\`${exemptText(p)}.`,
});
