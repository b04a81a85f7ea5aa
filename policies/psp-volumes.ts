/** PodSecurityPolicy `volumes` → check `volumeTypes`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-volumes",
  description: "PSP control `volumes`: only configMap, secret, emptyDir, projected, downwardAPI and persistentVolumeClaim volumes.",
  checks: { volumeTypes: { allowedTypes: ["configMap", "downwardAPI", "emptyDir", "persistentVolumeClaim", "projected", "secret"] } },
  cases: [
    allowed("compliant", ok),
    allowed("config-map", tweak(ok, (p) => { p.spec.volumes = [{ name: "cfg", configMap: { name: "cfg" } }]; })),
    denied("host-path", tweak(ok, (p) => { p.spec.volumes = [{ name: "host", hostPath: { path: "/data" } }]; })),
  ],
});
