/** PodSecurityPolicy `runAsGroup` → check `runAsGroup`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-run-as-group",
  description: "PSP control `runAsGroup` with rule MayRunAs: a group id, when set, is in 1000-65535.",
  checks: { runAsGroup: { rule: "MayRunAs", ranges: [{ min: 1000, max: 65535 }] } },
  cases: [
    allowed("compliant", ok),
    denied("root-group", tweakContainer(ok, (c) => { c.securityContext!.runAsGroup = 0; })),
  ],
});
