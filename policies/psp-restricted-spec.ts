/**
 * A whole PodSecurityPolicy in its own shape: the Kubernetes documentation's "restricted" PSP,
 * mapped onto the same checks as the per-control policies.
 */
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../src/index.js";

// PSP `supplementalGroups: MustRunAs` needs the groups set, so the base pod sets them.
const ok = tweak(samplePod(), (p) => { p.spec.securityContext!.supplementalGroups = [1000]; });

export default definePolicy({
  name: "psp-restricted-spec",
  description: "The upstream example restricted PodSecurityPolicy, written as a PSP spec.",
  psp: {
    privileged: false,
    allowPrivilegeEscalation: false,
    requiredDropCapabilities: ["ALL"],
    volumes: ["configMap", "emptyDir", "projected", "secret", "downwardAPI", "csi", "persistentVolumeClaim", "ephemeral"],
    hostNetwork: false,
    hostIPC: false,
    hostPID: false,
    runAsUser: { rule: "MustRunAsNonRoot" },
    seLinux: { rule: "RunAsAny" },
    supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
    fsGroup: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
    readOnlyRootFilesystem: false,
    annotations: {
      "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "docker/default,runtime/default",
      "seccomp.security.alpha.kubernetes.io/defaultProfileName": "runtime/default",
    },
  },
  match: { excludedNamespaces: ["kube-system"] },
  cases: [
    allowed("compliant", ok),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged" }),
    denied("host-network", tweak(ok, (p) => { p.spec.hostNetwork = true; }), { deniedBy: "hostNamespaces" }),
    denied("run-as-root", tweak(ok, (p) => { p.spec.securityContext = { ...p.spec.securityContext, runAsUser: 0, runAsNonRoot: false }; p.spec.containers[0]!.securityContext!.runAsNonRoot = false; }), { deniedBy: "runAsUser" }),
    denied("no-supplemental-groups", tweak(ok, (p) => { delete p.spec.securityContext!.supplementalGroups; }), { deniedBy: "supplementalGroups", messages: ["supplementalGroups"] }),
    denied("no-fs-group", tweak(ok, (p) => { delete p.spec.securityContext!.fsGroup; }), { deniedBy: "fsGroup" }),
  ],
});
