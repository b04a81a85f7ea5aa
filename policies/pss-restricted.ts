/**
 * Pod Security Standards `restricted`, latest version, every Pod in every namespace.
 * Sample cases: one compliant pod, and one tweak per restricted control it must deny.
 */
import { allowed, asWorkload, definePolicy, denied, samplePod, tweak, tweakContainer } from "../src/index.js";

const ok = samplePod("web");

export default definePolicy({
  name: "pss-restricted",
  description: "Pod Security Standards restricted (latest): baseline plus current pod hardening — non-root, no privilege escalation, all capabilities dropped, a seccomp profile, and only ephemeral or projected volume types.",
  pss: { level: "restricted" },
  expandWorkloads: true,
  cases: [
    allowed("compliant", ok),
    allowed("net-bind-service", tweakContainer(ok, (c) => { c.securityContext!.capabilities = { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }; })),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), { deniedBy: "privileged", messages: ["securityContext\\.privileged"] }),
    denied("privilege-escalation", tweakContainer(ok, (c) => { delete c.securityContext!.allowPrivilegeEscalation; }), { deniedBy: "allowPrivilegeEscalation", messages: ["allowPrivilegeEscalation to false"] }),
    denied("run-as-root", tweak(ok, (p) => { p.spec.securityContext!.runAsNonRoot = false; p.spec.containers[0]!.securityContext!.runAsNonRoot = false; }), { deniedBy: "runAsNonRoot", messages: ["runAsNonRoot"] }),
    denied("no-drop-all", tweakContainer(ok, (c) => { c.securityContext!.capabilities = {}; }), { deniedBy: "capabilities", messages: ['drop capability "ALL"'] }),
    denied("no-seccomp", tweak(ok, (p) => { delete p.spec.securityContext!.seccompProfile; }), { deniedBy: "seccomp", messages: ["seccompProfile"] }),
    denied("host-path", tweak(ok, (p) => { p.spec.volumes = [{ name: "host", hostPath: { path: "/etc" } }]; }), { deniedBy: ["hostPathVolumes", "volumeTypes"] }),
    allowed("compliant-deployment", asWorkload(ok, "Deployment")),
    denied("privileged-deployment", asWorkload(tweakContainer(ok, (c) => { c.securityContext!.privileged = true; }), "Deployment"), { deniedBy: "privileged", messages: ["^\\[Implied by gpc-expand-workloads\\] .*securityContext\\.privileged"] }),
    denied("host-pid-cronjob", asWorkload(tweak(ok, (p) => { p.spec.hostPID = true; }), "CronJob"), { deniedBy: "hostNamespaces", messages: ["spec\\.hostPID"] }),
    denied("host-ipc", tweak(ok, (p) => { p.spec.hostIPC = true; }), { deniedBy: "hostNamespaces", messages: ["spec\\.hostIPC"] }),
  ],
});
