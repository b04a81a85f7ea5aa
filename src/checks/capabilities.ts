/**
 * Check `capabilities` (PSS baseline: adds limited to the baseline set; restricted ≥ v1.22: drop
 * ALL, add at most NET_BIND_SERVICE, Windows pods skipped ≥ v1.25).
 *
 * Fields checked: `securityContext.capabilities.add[]` and `.drop[]` of every container, initContainer and ephemeralContainer.
 * Allowed values: adds in `allowedCapabilities` (`*` = any); drops must include each of
 * `requiredDropCapabilities` (a drop of `ALL` satisfies all). Names compare case-insensitively
 * unless `caseSensitive` (PSA compares exactly: `chown` is not `CHOWN`).
 * Pod vs container: container-only field.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { arr, bool, defineCheck, diag, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, str, WINDOWS_PROPS } from "./define.js";
import type { CapabilitiesParams } from "./params.js";
import * as C from "../cel/lib.js";

export const capabilities = defineCheck<CapabilitiesParams>({
  id: "capabilities",
  kind: "GpcCapabilities",
  title: "Linux capabilities",
  description: "Containers may add only allowed capabilities and must drop the required ones (dropping ALL satisfies every requirement).",
  parameters: obj({
    allowedCapabilities: arr(str("capability name, or * for any"), "capabilities a container may add"),
    requiredDropCapabilities: arr(str("capability name, or ALL"), "capabilities every container must drop"),
    caseSensitive: bool("compare capability names case-sensitively, as Pod Security Admission does"),
    ...WINDOWS_PROPS, ...EXEMPTION_PROPS,
  }),
  libs: ["exempt", "match", "params"],
  cel: () => C.celForm((b) => {
    const norm = (x: C.Expr) => C.cond(C.eq(b.param("caseSensitive", C.FALSE), C.TRUE), x, C.method(x, "upperAscii"));
    // The container lists walked directly (exemptions checked here, no `variables.containers`):
    // `[label, securityContext]` of each non-exempt container, shared by both rules.
    const scan = b.scanContainers("capabilityScan", (c, label) => [C.containerLabel(c, label), C.typedOr(c, "securityContext", "map", C.map({}))]);
    const labelOf = (e: C.Expr) => C.index(e, C.lit(0));
    const caps = (e: C.Expr, f: string) => {
      const sc = C.index(e, C.lit(1));
      return C.cond(C.and(C.hasTyped(sc, "capabilities", "map"), C.hasTyped(C.sel(sc, "capabilities"), f, "list")), C.sel(sc, "capabilities", f), C.list());
    };
    const d = C.ident("d");
    // The allowed names compared once, not per added capability (cost, src/cel/cost.ts).
    const allowAny = b.define("allowAnyCapability", () => C.isIn(C.str("*"), b.param("allowedCapabilities", C.list())));
    const allowedNorm = b.define("allowedCapabilitiesCompared", () => C.filterMap(b.param("allowedCapabilities", C.list()), "a", (x) => C.isType(x, "string"), (x) => norm(x)));
    const allowedAdd = (cap: C.Expr) => C.or(allowAny, C.isIn(norm(cap), allowedNorm));
    // Case-sensitive (PSA): two list lookups, no comprehension (`in` is equality, false across types).
    // Each required name as `[[name], [compared name, "ALL"]]`, built once: a dropped name is
    // compared (upper-cased) once, with one `in`, not once per comparison.
    const required = b.define("requiredDropCompared", () => C.macro("map", b.param("requiredDropCapabilities", C.list()), "cap", C.list(C.list(C.ident("cap")), C.list(norm(C.ident("cap")), C.str("ALL")))));
    const name = (r: C.Expr) => C.index(C.index(r, C.lit(0)), C.lit(0));
    const dropped = (e: C.Expr, r: C.Expr) => C.cond(C.eq(b.param("caseSensitive", C.FALSE), C.TRUE),
      C.or(C.isIn(C.str("ALL"), caps(e, "drop")), C.isIn(name(r), caps(e, "drop"))),
      C.macro("exists", caps(e, "drop"), "d", C.and(C.isType(d, "string"), C.isIn(norm(d), C.index(r, C.lit(1))))));
    b.deny("added", C.cond(b.podSkipped, C.list(), C.nested(scan, "e", (e) => C.filterMap(caps(e, "add"), "cap", (cap) => C.and(C.isType(cap, "string"), C.not(allowedAdd(cap))),
      (cap) => C.plus(labelOf(e), C.str(" must not add capability "), C.quote(cap), C.str(" in securityContext.capabilities.add"))))));
    b.deny("notDropped", C.cond(b.podSkipped, C.list(), C.nested(scan, "e", (e) => C.filterMap(required, "r", (r) => C.not(dropped(e, r)),
      (r) => C.plus(labelOf(e), C.str(" must drop capability "), C.quote(name(r)), C.str(" in securityContext.capabilities.drop"))))));
  }),
  crossValidate: (p, path) => {
    const out: Diagnostic[] = exemptionErrors(p, path);
    (p.allowedCapabilities ?? []).forEach((c, i) => {
      if (/^CAP_/i.test(c)) out.push(diag(`${path}.allowedCapabilities[${i}]`, `write ${JSON.stringify(c.slice(4))} without the CAP_ prefix, as Kubernetes does`));
      if (c.toUpperCase() === "ALL") out.push(diag(`${path}.allowedCapabilities[${i}]`, `"ALL" cannot be allowed as an add; use "*" to allow any capability`));
    });
    (p.requiredDropCapabilities ?? []).forEach((c, i) => {
      if (/^CAP_/i.test(c)) out.push(diag(`${path}.requiredDropCapabilities[${i}]`, `write ${JSON.stringify(c.slice(4))} without the CAP_ prefix, as Kubernetes does`));
    });
    return out;
  },
  describe: (p) => `Containers may add capabilities ${p.allowedCapabilities?.includes("*") ? "freely" : list(p.allowedCapabilities)} and must drop ${list(p.requiredDropCapabilities)}${p.skipWindowsPods ? " (Windows pods skipped)" : ""}${exemptText(p)}.`,
});
