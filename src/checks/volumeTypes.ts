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
import * as C from "../cel/lib.js";

/** Volume types PSA restricted allows. */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"] as const;

export const volumeTypes = defineCheck<VolumeTypesParams>({
  id: "volumeTypes",
  kind: "GpcVolumeTypes",
  title: "Volume types",
  description: "Pods may only use allowed volume types.",
  parameters: obj({ allowedTypes: arr(str("volume type, or * for any"), "allowed volume source types") }),
  libs: ["match", "params", "pod"],
  cel: () => C.celForm((b) => {
    const allowed = b.param("allowedTypes", C.list(...["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"].map(C.str)));
    const vols = b.define("volumeSources", () => C.macro("map", C.macro("filter", C.typedOr(b.spec, "volumes", "list", C.list()), "v", C.isMap(C.ident("v"))), "v",
      C.map({ name: C.stringField(C.ident("v"), "name"), types: C.macro("filter", C.ident("v"), "k", C.and(C.ne(C.ident("k"), C.str("name")), C.ne(C.index(C.ident("v"), C.ident("k")), C.NULL))) })));
    b.deny("volumeTypes", C.nested(vols, "x", (x) => C.filterMap(C.cond(C.bin(">", C.call("size", C.sel(x, "types")), C.lit(0)), C.sel(x, "types"), C.list(C.str("emptyDir"))), "t",
      (t) => C.not(C.or(C.isIn(C.str("*"), allowed), C.isIn(t, allowed))),
      (t) => C.plus(C.str("pod must not use volume "), C.quote(C.sel(x, "name")), C.str(" of type "), C.quote(t), C.str(" in spec.volumes")))));
  }),
  describe: (p) => (p.allowedTypes?.includes("*") ? "Pods may use any volume type." : `Pods may only use volumes of type ${list(p.allowedTypes ?? RESTRICTED_VOLUME_TYPES)}.`),
});
