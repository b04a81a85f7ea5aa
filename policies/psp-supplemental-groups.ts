/** PodSecurityPolicy `supplementalGroups` → check `supplementalGroups`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const ok = tweak(samplePod(), (p) => { p.spec.securityContext!.supplementalGroups = [3000]; });

export default definePolicy({
  name: "psp-supplemental-groups",
  description: "PSP control `supplementalGroups` with rule MustRunAs: supplemental groups are set and all in 1000-65535.",
  checks: { supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1000, max: 65535 }] } },
  cases: [
    allowed("compliant", ok),
    denied("group-zero", tweak(ok, (p) => { p.spec.securityContext!.supplementalGroups = [0]; })),
  ],
});
