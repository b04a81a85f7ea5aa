/**
 * Check `hostPathVolumes` (PSS baseline, all versions, with no prefix; PSP `allowedHostPaths`).
 *
 * Fields checked: `spec.volumes[].hostPath.path`; `volumeMounts[].readOnly` of every container,
 * initContainer and ephemeralContainer mounting such a volume.
 * Allowed values: a path under an `allowedHostPaths[].pathPrefix` (whole segments: `/foo` allows
 * `/foo/bar`, not `/foobar`); when every matching prefix is `readOnly`, mounts must be read-only.
 * Pod vs container: the volume is pod-level; read-only is checked per (non-exempt) container mount.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { arr, bool, defineCheck, diag, EXEMPTION_PROPS, exemptText, exemptionErrors, obj, str } from "./define.js";
import type { HostPathVolumesParams } from "./params.js";

export const hostPathVolumes = defineCheck<HostPathVolumesParams>({
  id: "hostPathVolumes",
  kind: "GpcHostPathVolumes",
  title: "hostPath volumes",
  description: "hostPath volumes must be under an allowed path prefix, and mounted read-only where the prefix requires it.",
  parameters: obj({
    allowedHostPaths: arr(obj({ pathPrefix: str("allowed path prefix"), readOnly: bool("mounts must be read-only") }, "an allowed host path", ["pathPrefix"]), "allowed host path prefixes"),
    ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params", "pod"],
  crossValidate: (p, path) => {
    const out: Diagnostic[] = exemptionErrors(p, path);
    (p.allowedHostPaths ?? []).forEach((a, i) => {
      if (!a.pathPrefix.startsWith("/")) out.push(diag(`${path}.allowedHostPaths[${i}].pathPrefix`, `${JSON.stringify(a.pathPrefix)} is not an absolute path`));
    });
    return out;
  },
  describe: (p) => (p.allowedHostPaths?.length
    ? `hostPath volumes must be under ${p.allowedHostPaths.map((a) => `\`${a.pathPrefix}\`${a.readOnly ? " (read-only)" : ""}`).join(", ")}${exemptText(p)}.`
    : "Pods must not use hostPath volumes."),
});
