/** PodSecurityPolicy `privileged: false` → check `privileged`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-privileged",
  description: "PSP control `privileged`: no container runs privileged. The pause image and containers named `debug` are exempt.",
  checks: { privileged: {} },
  exemptions: { images: ["registry.k8s.io/pause*"], containers: ["debug"] },
  match: { excludedNamespaces: ["kube-system"] },
  cases: [
    allowed("compliant", ok),
    allowed("exempt-image", tweakContainer(ok, (c) => { c.image = "registry.k8s.io/pause:3.9"; c.securityContext!.privileged = true; })),
    allowed("exempt-container", tweakContainer(ok, (c) => { c.name = "debug"; c.securityContext!.privileged = true; })),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { messages: ["privileged"] }),
  ],
});
