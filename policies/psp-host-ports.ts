/** PodSecurityPolicy `hostPorts` → check `hostPorts`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-host-ports",
  description: "PSP control `hostPorts`: host ports only in 8000-8080.",
  checks: { hostPorts: { ranges: [{ min: 8000, max: 8080 }] } },
  cases: [
    allowed("compliant", ok),
    allowed("port-in-range", tweakContainer(ok, (c) => { c.ports = [{ containerPort: 8080, hostPort: 8080 }]; })),
    denied("port-out-of-range", tweakContainer(ok, (c) => { c.ports = [{ containerPort: 80, hostPort: 80 }]; })),
  ],
});
