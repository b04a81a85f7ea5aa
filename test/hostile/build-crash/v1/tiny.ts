/** Crash-safety fixture, old version: one check, two cases. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../../../../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "tiny",
  description: "Old version of the crash-test policy.",
  checks: { privileged: {} },
  cases: [
    allowed("compliant", ok),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; })),
  ],
});
