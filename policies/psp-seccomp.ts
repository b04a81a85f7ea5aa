/** PodSecurityPolicy `seccomp.security.alpha.kubernetes.io/allowedProfileNames` → check `seccomp`. */
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-seccomp",
  description: "PSP seccomp annotation `allowedProfileNames: runtime/default,localhost/*`: every container runs with the RuntimeDefault or a Localhost seccomp profile, set by field or legacy annotation.",
  checks: { seccomp: { allowedProfileTypes: ["Localhost", "RuntimeDefault"], requireProfile: true, checkAnnotations: true } },
  enforcementAction: { scoped: [{ action: "deny", enforcementPoints: ["validation.gatekeeper.sh", "gator.gatekeeper.sh"] }, { action: "warn", enforcementPoints: ["audit.gatekeeper.sh"] }] },
  cases: [
    allowed("compliant", ok),
    denied("unconfined", tweakContainer(ok, (c) => { c.securityContext!.seccompProfile = { type: "Unconfined" }; })),
    denied("unset", tweak(ok, (p) => { delete p.spec.securityContext!.seccompProfile; })),
  ],
});
