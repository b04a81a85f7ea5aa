/** PodSecurityPolicy `fsGroup` → check `fsGroup`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-fs-group",
  description: "PSP control `fsGroup` with rule MustRunAs: the pod sets fsGroup in 1000-65535.",
  checks: { fsGroup: { rule: "MustRunAs", ranges: [{ min: 1000, max: 65535 }] } },
  cases: [
    allowed("compliant", ok),
    denied("unset", tweak(ok, (p) => { delete p.spec.securityContext!.fsGroup; })),
    denied("out-of-range", tweak(ok, (p) => { p.spec.securityContext!.fsGroup = 100; })),
  ],
});
