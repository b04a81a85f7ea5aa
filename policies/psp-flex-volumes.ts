/** PodSecurityPolicy `allowedFlexVolumes` → check `flexVolumeDrivers`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-flex-volumes",
  description: "PSP control `allowedFlexVolumes`: flexVolume volumes only with the example/lvm driver.",
  checks: { flexVolumeDrivers: { allowedDrivers: ["example/lvm"] } },
  cases: [
    allowed("compliant", ok),
    allowed("allowed-driver", tweak(ok, (p) => { p.spec.volumes = [{ name: "data", flexVolume: { driver: "example/lvm" } }]; })),
    denied("other-driver", tweak(ok, (p) => { p.spec.volumes = [{ name: "data", flexVolume: { driver: "example/cifs" } }]; })),
  ],
});
