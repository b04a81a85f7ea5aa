/** PodSecurityPolicy `readOnlyRootFilesystem: true` → check `readOnlyRootFilesystem`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-read-only-root-filesystem",
  description: "PSP control `readOnlyRootFilesystem`: every container mounts its root filesystem read-only.",
  checks: { readOnlyRootFilesystem: {} },
  enforcementAction: "warn",
  cases: [
    allowed("compliant", ok),
    denied("writable-root", tweakContainer(ok, (c) => { delete c.securityContext!.readOnlyRootFilesystem; })),
  ],
});
