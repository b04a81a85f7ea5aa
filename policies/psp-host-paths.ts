/** PodSecurityPolicy `allowedHostPaths` → check `hostPathVolumes`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const logs = tweak(samplePod(), (p) => {
  p.spec.volumes = [{ name: "logs", hostPath: { path: "/var/log/app" } }];
  p.spec.containers[0]!.volumeMounts = [{ name: "logs", mountPath: "/logs", readOnly: true }];
});

export default definePolicy({
  name: "psp-host-paths",
  description: "PSP control `allowedHostPaths`: hostPath volumes only under /var/log, mounted read-only.",
  checks: { hostPathVolumes: { allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }] } },
  cases: [
    allowed("read-only-logs", logs),
    denied("outside-prefix", tweak(logs, (p) => { p.spec.volumes![0]!.hostPath = { path: "/etc" }; })),
    denied("writable", tweak(logs, (p) => { p.spec.containers[0]!.volumeMounts![0]!.readOnly = false; })),
  ],
});
