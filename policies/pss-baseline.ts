/**
 * Pod Security Standards `baseline`, latest version, every Pod in every namespace.
 * Sample cases: one compliant pod, and one tweak per baseline control it must deny.
 */
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../src/index.js";

const ok = samplePod("web");

export default definePolicy({
  name: "pss-baseline",
  description: "Pod Security Standards baseline (latest): prevents known privilege escalations — privileged containers, host namespaces, hostPath volumes, host ports, added capabilities beyond the default set, unsafe sysctls, custom proc mounts and unconfined profiles.",
  pss: { level: "baseline" },
  expandWorkloads: true,
  cases: [
    allowed("compliant", ok),
    allowed("root-but-baseline", tweakContainer(ok, (c) => { c.securityContext = { runAsUser: 0 }; })),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged", messages: ["securityContext\\.privileged"] }),
    denied("host-network", tweak(ok, (p) => { p.spec.hostNetwork = true; }), { deniedBy: "hostNamespaces", messages: ["spec\\.hostNetwork"] }),
    denied("host-pid", tweak(ok, (p) => { p.spec.hostPID = true; }), { deniedBy: "hostNamespaces", messages: ["spec\\.hostPID"] }),
    denied("host-path", tweak(ok, (p) => { p.spec.volumes = [{ name: "host", hostPath: { path: "/var/run/docker.sock" } }]; }), { deniedBy: "hostPathVolumes", messages: ['hostPath volume "host"'] }),
    denied("host-port", tweakContainer(ok, (c) => { c.ports = [{ containerPort: 80, hostPort: 80 }]; }), { deniedBy: "hostPorts", messages: ["hostPort to 80"] }),
    denied("sys-admin", tweakContainer(ok, (c) => { c.securityContext!.capabilities = { add: ["SYS_ADMIN"] }; }), { deniedBy: "capabilities", messages: ['capability "SYS_ADMIN"'] }),
  ],
});
