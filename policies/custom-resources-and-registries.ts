/**
 * Custom checks beyond the presets: memory limits on every container, images only from trusted
 * registries, and no pod-level service account token automount. Workloads are checked through
 * their pod templates.
 */
import { allowed, anyOf, asWorkload, definePolicy, denied, forEachContainer, forPod, samplePod, tweak, tweakContainer } from "../src/index.js";

const ok = tweak(samplePod(), (p) => { p.spec.automountServiceAccountToken = false; });

export default definePolicy({
  name: "custom-resources-and-registries",
  description: "Every container sets a memory limit and pulls from registry.example.com or the Kubernetes registry; pods do not automount a service account token.",
  custom: [
    { id: "memoryLimits", title: "Memory limits", message: "must set resources.limits.memory", rule: forEachContainer((c) => c.resources.limits.memory.isDefined()) },
    { id: "trustedRegistries", title: "Trusted registries", message: "image must come from registry.example.com/ or registry.k8s.io/", rule: forEachContainer((c) => anyOf(c.image.startsWithAny(["registry.example.com/"]), c.image.matches("^registry\\.k8s\\.io/"))) },
    { id: "noTokenAutomount", title: "No token automount", message: "the pod must set automountServiceAccountToken: false", rule: forPod((p) => p.spec.automountServiceAccountToken.equals(false)) },
  ],
  match: { excludedNamespaces: ["kube-*", "gatekeeper-system"] },
  exemptions: { containers: ["istio-proxy"] },
  expandWorkloads: true,
  cases: [
    allowed("compliant", ok),
    allowed("exempt-sidecar", tweak(ok, (p) => { p.spec.containers.push({ name: "istio-proxy", image: "docker.io/istio/proxyv2:1.20" }); })),
    denied("no-memory-limit", tweakContainer(ok, (c) => { c.resources = { limits: { cpu: "1" } }; }), { deniedBy: "memoryLimits", messages: ["must set resources\\.limits\\.memory"], count: 1 }),
    denied("untrusted-registry", tweakContainer(ok, (c) => { c.image = "docker.io/library/nginx:1.25"; }), { deniedBy: "trustedRegistries", messages: ["container \"app\": image must come from"] }),
    allowed("compliant-deployment", asWorkload(ok, "Deployment")),
    denied("deployment-untrusted-registry", asWorkload(tweakContainer(ok, (c) => { c.image = "quay.io/app:1"; }), "Deployment"), { deniedBy: "trustedRegistries", messages: ["image must come from"] }),
    denied("cronjob-no-memory-limit", asWorkload(tweakContainer(ok, (c) => { c.resources = {}; }), "CronJob"), { deniedBy: "memoryLimits" }),
    denied("token-automount", tweak(ok, (p) => { delete p.spec.automountServiceAccountToken; }), { deniedBy: "noTokenAutomount" }),
  ],
});
