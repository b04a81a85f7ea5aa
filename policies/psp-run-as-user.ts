/** PodSecurityPolicy `runAsUser` → check `runAsUser`. */
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-run-as-user",
  description: "PSP control `runAsUser` with rule MustRunAs: every container runs as a user id in 1000-65535.",
  checks: { runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 65535 }] } },
  cases: [
    allowed("compliant", ok),
    denied("root", tweakContainer(ok, (c) => { c.securityContext!.runAsUser = 0; })),
    denied("unset", tweak(ok, (p) => { delete p.spec.securityContext!.runAsUser; })),
  ],
});
