/** Crash-safety fixture, new version: another check, other cases (files added, changed, removed). */
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../../../../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "tiny",
  description: "New version of the crash-test policy.",
  checks: { privileged: {}, hostNamespaces: {} },
  cases: [
    allowed("compliant", ok),
    denied("privileged-container", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged" }),
    denied("host-pid", tweak(ok, (p) => { p.spec.hostPID = true; }), { deniedBy: "hostNamespaces" }),
  ],
});
