/** PodSecurityPolicy `allowedCapabilities` / `requiredDropCapabilities` → check `capabilities`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-capabilities",
  description: "PSP controls `allowedCapabilities` and `requiredDropCapabilities`: containers drop ALL and may add back only NET_BIND_SERVICE.",
  checks: { capabilities: { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"] } },
  cases: [
    allowed("compliant", ok),
    allowed("net-bind", tweakContainer(ok, (c) => { c.securityContext!.capabilities = { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }; })),
    denied("net-admin", tweakContainer(ok, (c) => { c.securityContext!.capabilities = { drop: ["ALL"], add: ["NET_ADMIN"] }; })),
    denied("no-drop", tweakContainer(ok, (c) => { c.securityContext!.capabilities = {}; })),
  ],
});
