/** PodSecurityPolicy `allowedProcMountTypes` → check `procMount`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-proc-mount",
  description: "PSP control `allowedProcMountTypes`: only the Default proc mount.",
  checks: { procMount: { allowedProcMountTypes: ["Default"] } },
  cases: [
    allowed("compliant", ok),
    denied("unmasked", tweakContainer(ok, (c) => { c.securityContext!.procMount = "Unmasked"; })),
  ],
});
