/** PodSecurityPolicy `apparmor.security.beta.kubernetes.io/allowedProfileNames` → check `appArmor`. */
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-apparmor",
  description: "PSP AppArmor annotation `allowedProfileNames: runtime/default`: containers use the runtime's default AppArmor profile when they set one.",
  checks: { appArmor: { allowedProfileTypes: ["RuntimeDefault"] } },
  enforcementAction: "dryrun",
  cases: [
    allowed("compliant", ok),
    allowed("runtime-default", tweakContainer(ok, (c) => { c.securityContext!.appArmorProfile = { type: "RuntimeDefault" }; })),
    denied("unconfined-field", tweakContainer(ok, (c) => { c.securityContext!.appArmorProfile = { type: "Unconfined" }; })),
    denied("unconfined-annotation", tweak(ok, (p) => { p.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }; })),
  ],
});
