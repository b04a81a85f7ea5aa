/**
 * Check `volumeTypes` (PSS restricted, all versions; PSP `volumes`).
 *
 * Fields checked: the source field of every `spec.volumes[]` entry (the key other than `name`).
 * Allowed values: `allowedTypes` (`*` = any); a volume with no source counts as `emptyDir`, as the
 * API server defaults it.
 * Pod vs container: pod-only field.
 */
import { arr, defineCheck, list, obj, str } from "./define.js";
import type { VolumeTypesParams } from "./params.js";

/** Volume types PSA restricted allows. */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"] as const;

export const volumeTypes = defineCheck<VolumeTypesParams>({
  id: "volumeTypes",
  kind: "GpcVolumeTypes",
  title: "Volume types",
  description: "Pods may only use allowed volume types.",
  parameters: obj({ allowedTypes: arr(str("volume type, or * for any"), "allowed volume source types") }),
  libs: ["match", "params", "pod"],
  describe: (p) => (p.allowedTypes?.includes("*") ? "Pods may use any volume type." : `Pods may only use volumes of type ${list(p.allowedTypes ?? RESTRICTED_VOLUME_TYPES)}.`),
});
