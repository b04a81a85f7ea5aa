/** PodSecurityPolicy `allowPrivilegeEscalation: false` → check `allowPrivilegeEscalation`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-allow-privilege-escalation",
  description: "PSP control `allowPrivilegeEscalation: false`: no container sets allowPrivilegeEscalation to true (unset is allowed, as with PSP).",
  checks: { allowPrivilegeEscalation: { requireExplicitFalse: false } },
  cases: [
    allowed("compliant", ok),
    allowed("unset", tweakContainer(ok, (c) => { delete c.securityContext!.allowPrivilegeEscalation; })),
    denied("escalation", tweakContainer(ok, (c) => { c.securityContext!.allowPrivilegeEscalation = true; })),
  ],
});
