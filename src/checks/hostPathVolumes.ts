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
import * as C from "../cel/lib.js";

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
  cel: () => C.celForm((b) => {
    const allowed = b.param("allowedHostPaths", C.list());
    const under = (prefix: C.Expr, path: C.Expr) => C.or(C.eq(C.trimSuffix(path, "/"), C.trimSuffix(prefix, "/")), C.method(path, "startsWith", C.plus(C.trimSuffix(prefix, "/"), C.str("/"))));
    const a = C.ident("a");
    const pathOf = (v: C.Expr) => C.sel(v, "hostPath", "path");
    const pathAllowed = (v: C.Expr) => C.macro("exists", allowed, "a", under(C.sel(a, "pathPrefix"), pathOf(v)));
    const writable = (v: C.Expr) => C.macro("exists", allowed, "a", C.and(under(C.sel(a, "pathPrefix"), pathOf(v)), C.not(C.and(C.present(a, "readOnly"), C.eq(C.sel(a, "readOnly"), C.TRUE)))));
    const vols = b.define("hostPathVolumes", () => C.macro("filter", C.typedOr(b.spec, "volumes", "list", C.list()), "v",
      C.and(C.isMap(C.ident("v")), C.hasTyped(C.ident("v"), "name", "string"), C.hasTyped(C.ident("v"), "hostPath", "map"), C.hasTyped(C.sel(C.ident("v"), "hostPath"), "path", "string"))));
    b.deny("pathNotAllowed", C.filterMap(vols, "v", (v) => C.not(pathAllowed(v)),
      (v) => C.plus(C.str("pod must not use hostPath volume "), C.quote(C.sel(v, "name")), C.str(" with path "), C.quote(pathOf(v)))));
    // Per container and mount, against the names of allowed read-only hostPath volumes: linear in
    // containers × mounts (Rego walks volumes × containers × mounts; the pieces are the same).
    const readOnlyNames = b.define("readOnlyHostPathNames", () => C.macro("map", C.macro("filter", vols, "v", C.and(pathAllowed(C.ident("v")), C.not(writable(C.ident("v"))))), "v", C.sel(C.ident("v"), "name")));
    // The container lists walked directly (exemptions checked here, no `variables.containers`):
    // the rule's items are `[label, container]` of each non-exempt container with such a mount,
    // and only the message pass builds the pieces, of at most MAX_PIECES of them.
    const mounts = (c: C.Expr) => C.typedOr(c, "volumeMounts", "list", C.list());
    const writableRO = (m: C.Expr) => C.and(C.isMap(m), C.hasTyped(m, "name", "string"), C.isIn(C.sel(m, "name"), readOnlyNames), C.not(C.and(C.present(m, "readOnly"), C.eq(C.sel(m, "readOnly"), C.TRUE))));
    const items = b.scanContainers("writableMountContainers", (c, label) => [C.containerLabel(c, label), c], (c) => C.macro("exists", mounts(c), "m", writableRO(C.ident("m"))));
    const e = C.ident("e");
    b.validate(C.eq(C.call("size", items), C.lit(0)), C.lazyBoundedMessage(items, "e", C.joinPieces(C.filterMap(mounts(C.index(e, C.lit(1))), "m", writableRO,
      (m) => C.plus(C.index(e, C.lit(0)), C.str(" must mount hostPath volume "), C.quote(C.sel(m, "name")), C.str(" read-only (volumeMounts[].readOnly: true)")))), true));
  }),
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
