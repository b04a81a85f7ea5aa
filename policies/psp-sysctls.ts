/** PodSecurityPolicy `allowedUnsafeSysctls` / `forbiddenSysctls` → check `sysctls`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-sysctls",
  description: "PSP controls `allowedUnsafeSysctls` and `forbiddenSysctls`: only net.ipv4.ip_local_port_range and kernel.shm_rmid_forced; kernel.msg* is forbidden.",
  checks: { sysctls: { allowedSysctls: ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range"], forbiddenSysctls: ["kernel.msg*"] } },
  cases: [
    allowed("compliant", ok),
    allowed("allowed-sysctl", tweak(ok, (p) => { p.spec.securityContext!.sysctls = [{ name: "net.ipv4.ip_local_port_range", value: "1024 65535" }]; })),
    denied("forbidden-sysctl", tweak(ok, (p) => { p.spec.securityContext!.sysctls = [{ name: "kernel.msgmax", value: "65536" }]; })),
  ],
});
