/** PodSecurityPolicy `seLinux` → check `seLinux`. */
import { allowed, definePolicy, denied, samplePod, tweakContainer } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-selinux",
  description: "PSP control `seLinux`: SELinux types only container_t, container_init_t or container_kvm_t; user and role unset.",
  checks: { seLinux: { allowedTypes: ["container_init_t", "container_kvm_t", "container_t"], allowedUsers: [], allowedRoles: [] } },
  cases: [
    allowed("compliant", ok),
    allowed("container-t", tweakContainer(ok, (c) => { c.securityContext!.seLinuxOptions = { type: "container_t" }; })),
    denied("spc-t", tweakContainer(ok, (c) => { c.securityContext!.seLinuxOptions = { type: "spc_t" }; })),
    denied("custom-user", tweakContainer(ok, (c) => { c.securityContext!.seLinuxOptions = { user: "system_u" }; })),
  ],
});
