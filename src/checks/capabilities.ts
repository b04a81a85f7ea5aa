/**
 * Check `capabilities` (PSS baseline: adds limited to the baseline set; restricted ≥ v1.22: drop
 * ALL, add at most NET_BIND_SERVICE, Windows pods skipped ≥ v1.25).
 *
 * Fields checked: `securityContext.capabilities.add[]` and `.drop[]` of every container, initContainer and ephemeralContainer.
 * Allowed values: adds in `allowedCapabilities` (`*` = any); drops must include each of
 * `requiredDropCapabilities` (a drop of `ALL` satisfies all). Names compare case-insensitively
 * unless `caseSensitive` (PSA compares exactly: `chown` is not `CHOWN`).
 * Pod vs container: container-only field.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { arr, bool, defineCheck, diag, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, str, WINDOWS_PROPS } from "./define.js";
import type { CapabilitiesParams } from "./params.js";

export const capabilities = defineCheck<CapabilitiesParams>({
  id: "capabilities",
  kind: "GpcCapabilities",
  title: "Linux capabilities",
  description: "Containers may add only allowed capabilities and must drop the required ones (dropping ALL satisfies every requirement).",
  parameters: obj({
    allowedCapabilities: arr(str("capability name, or * for any"), "capabilities a container may add"),
    requiredDropCapabilities: arr(str("capability name, or ALL"), "capabilities every container must drop"),
    caseSensitive: bool("compare capability names case-sensitively, as Pod Security Admission does"),
    ...WINDOWS_PROPS, ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params"],
  crossValidate: (p, path) => {
    const out: Diagnostic[] = exemptionErrors(p, path);
    (p.allowedCapabilities ?? []).forEach((c, i) => {
      if (/^CAP_/i.test(c)) out.push(diag(`${path}.allowedCapabilities[${i}]`, `write ${JSON.stringify(c.slice(4))} without the CAP_ prefix, as Kubernetes does`));
      if (c.toUpperCase() === "ALL") out.push(diag(`${path}.allowedCapabilities[${i}]`, `"ALL" cannot be allowed as an add; use "*" to allow any capability`));
    });
    (p.requiredDropCapabilities ?? []).forEach((c, i) => {
      if (/^CAP_/i.test(c)) out.push(diag(`${path}.requiredDropCapabilities[${i}]`, `write ${JSON.stringify(c.slice(4))} without the CAP_ prefix, as Kubernetes does`));
    });
    return out;
  },
  describe: (p) => `Containers may add capabilities ${p.allowedCapabilities?.includes("*") ? "freely" : list(p.allowedCapabilities)} and must drop ${list(p.requiredDropCapabilities)}${p.skipWindowsPods ? " (Windows pods skipped)" : ""}${exemptText(p)}.`,
});
