/**
 * Check `runAsNonRoot` (PSS restricted, all versions).
 *
 * Fields checked: `spec.securityContext.runAsNonRoot` and `securityContext.runAsNonRoot` of every
 * container, initContainer and ephemeralContainer.
 * Allowed values: every container's effective value is `true`; the pod must not set `false`.
 * User namespaces: `skipUserNamespacePods` skips pods with `spec.hostUsers: false` (PSA's optional relaxation).
 * Pod vs container: the container's value overrides the pod's; a container that leaves it unset
 * inherits the pod's.
 */
import { defineCheck, EXEMPTION_PROPS, USERNS_PROPS, exemptText, exemptionErrors, obj } from "./define.js";
import type { RunAsNonRootParams } from "./params.js";
import * as C from "../cel/lib.js";

export const runAsNonRoot = defineCheck<RunAsNonRootParams>({
  id: "runAsNonRoot",
  kind: "GpcRunAsNonRoot",
  title: "Run as non-root",
  description: "Containers must run as non-root: the effective runAsNonRoot must be true, and the pod must not set it to false.",
  parameters: obj({ ...USERNS_PROPS, ...EXEMPTION_PROPS }),
  libs: ["exempt", "pod"],
  cel: () => C.celForm((b) => {
    const sc = b.podSecurityContext;
    b.denyIf(C.and(C.not(b.podSkipped), C.present(sc, "runAsNonRoot"), C.eq(C.sel(sc, "runAsNonRoot"), C.FALSE)), "pod must not set spec.securityContext.runAsNonRoot to false");
    b.deny("notNonRoot", C.cond(b.podSkipped, C.list(), C.filterMap(b.checked, "e", (e) => C.not(C.eq(b.effective(e, "runAsNonRoot"), C.TRUE)),
      (e) => C.plus(C.sel(e, "label"), C.str(" must set securityContext.runAsNonRoot to true (or leave it unset and set spec.securityContext.runAsNonRoot to true)")))));
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Containers must run with \`runAsNonRoot: true\` (set on the container or the pod)${exemptText(p)}.`,
});
