/**
 * Pod Security Standards `restricted` (latest), plus a read-only root filesystem, for every Pod
 * and workload outside kube-system. `npm run build` compiles it into generated/; `npm test` runs
 * the sample cases below through the same engine that `gpc audit` uses.
 */
import { allowed, asWorkload, definePolicy, denied, samplePod, tweak, tweakContainer } from "gpc";

// One valid pod; every case below is a small change of it.
const ok = samplePod("web");

export default definePolicy({
  name: "restricted",
  description: "Pod Security Standards restricted (latest) and a read-only root filesystem.",
  pss: { level: "restricted" },
  checks: { readOnlyRootFilesystem: true },
  match: { excludedNamespaces: ["kube-system"] },
  expandWorkloads: true,
  cases: [
    allowed("compliant", ok),
    allowed("compliant-deployment", asWorkload(ok, "Deployment")),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged", messages: ["securityContext\\.privileged"] }),
    denied("run-as-root", tweak(ok, (p) => { p.spec.securityContext!.runAsNonRoot = false; p.spec.containers[0]!.securityContext!.runAsNonRoot = false; }), { deniedBy: "runAsNonRoot" }),
    denied("writable-root", tweakContainer(ok, (c) => { c.securityContext!.readOnlyRootFilesystem = false; }), { deniedBy: "readOnlyRootFilesystem" }),
    denied("host-network-deployment", asWorkload(tweak(ok, (p) => { p.spec.hostNetwork = true; }), "Deployment"), { deniedBy: "hostNamespaces", messages: ["spec\\.hostNetwork"] }),
  ],
});
