/**
 * Check `hostProbesAndLifecycle` (PSS baseline ≥ v1.34).
 *
 * Fields checked: `{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host` and
 * `lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host` of every container, initContainer and
 * ephemeralContainer.
 * Allowed values: unset, `""`, or one of `allowedHosts` (default none: PSA forbids even 127.0.0.1).
 * Pod vs container: container-only fields.
 */
import { arr, defineCheck, EXEMPTION_PROPS, exemptText, exemptionErrors, list, obj, str } from "./define.js";
import type { HostProbesAndLifecycleParams } from "./params.js";
import * as C from "../cel/lib.js";

export const hostProbesAndLifecycle = defineCheck<HostProbesAndLifecycleParams>({
  id: "hostProbesAndLifecycle",
  kind: "GpcHostProbesAndLifecycle",
  title: "Probe and lifecycle hosts",
  description: "Probes and lifecycle handlers must not target another host: their host field must be unset or empty (or allowed).",
  parameters: obj({ allowedHosts: arr(str("host"), "allowed host values besides unset and empty"), ...EXEMPTION_PROPS }),
  libs: ["exempt", "match", "params"],
  // One scan of the pod's containers, shared by all five rules: `variables.hostScan` holds per
  // non-exempt container `[c, label prefix, code₀, …, code₄]`, codeᵢ of handler i 1 when its
  // httpGet sets a host, 2 when its tcpSocket does, 3 when both do, 0 otherwise. Each rule's test
  // reads only the scan; its httpGet and tcpSocket offenders (`hosts_<handler>_<action>`) are
  // built for its message only, whose pieces are those of the httpGet offenders then of the
  // tcpSocket ones, at most MAX_PIECES of them built. No `variables.containers`, and one
  // guarded lookup per handler field: the scan, evaluated again for the messages, stays within
  // Gatekeeper's budget for 1,000 containers (src/cel/cost.ts).
  cel: () => C.celForm((b) => {
    const handlers = [...["livenessProbe", "readinessProbe", "startupProbe"].map((f) => [f, [f]] as const), ...["postStart", "preStop"].map((f) => [`lifecycle.${f}`, ["lifecycle", f]] as const)];
    const FIRST_CODE = 2;
    // A string host is allowed when it is "" or in allowedHosts: one `in`.
    const hostOk = b.define("hostOk", () => C.plus(C.list(C.str("")), b.param("allowedHosts", C.list())));
    /** `x.f₀.f₁…` (x a map) is a map at every step. */
    const maps = (x: C.Expr, path: readonly string[]): C.Expr => C.and(...path.map((f, i) => C.hasTyped(C.sel(x, ...path.slice(0, i)), f, "map")));
    /** Handler `h` (a map) has a map `act` whose `host` is a string that is not allowed. */
    const badHost = (h: C.Expr, act: string): C.Expr =>
      C.and(maps(h, [act]), C.hasTyped(C.sel(h, act), "host", "string"), C.not(C.isIn(C.sel(h, act, "host"), hostOk)));
    const code = (c: C.Expr, fields: readonly string[]): C.Expr => {
      const h = C.sel(c, ...fields);
      return C.cond(maps(c, fields), C.plus(C.cond(badHost(h, "httpGet"), C.lit(1), C.lit(0)), C.cond(badHost(h, "tcpSocket"), C.lit(2), C.lit(0))), C.lit(0));
    };
    const scan = b.scanContainers("hostScan", (c, label) => [c, C.str(`${label} "`), ...handlers.map(([, fields]) => code(c, fields))]);
    handlers.forEach(([path, fields], i) => {
      const k = C.lit(FIRST_CODE + i);
      const s = C.ident("s");
      const name = fields[fields.length - 1]!;
      const http = b.define(`hosts_${name}_httpGet`, () => C.macro("filter", scan, "s", C.eq(C.bin("%", C.index(s, k), C.lit(2)), C.lit(1))));
      const tcp = b.define(`hosts_${name}_tcpSocket`, () => C.macro("filter", scan, "s", C.bin(">=", C.index(s, k), C.lit(2))));
      b.validate(C.macro("all", scan, "s", C.eq(C.index(s, k), C.lit(0))), boundedPieces(http, tcp, (t, act) => C.plus(C.index(t, C.lit(1)),
        C.typedOr(C.index(t, C.lit(0)), "name", "string", C.str("")), C.str(`" must not set ${path}.${act}.host to "`), C.sel(C.index(t, C.lit(0)), ...fields, act, "host"), C.str('"'))));
    });
  }),
  crossValidate: exemptionErrors,
  describe: (p) => `Probe and lifecycle handler \`host\` must be unset${p.allowedHosts?.length ? ` or ${list(p.allowedHosts)}` : ""}${exemptText(p)}.`,
});

/**
 * The message of the offenders `http` then `tcp` (lists of scan entries), as `lazyBoundedMessage`
 * of their pieces: joined with "; ", at most MAX_PIECES of them, then `(and N more)`. Pieces are
 * built by index, for the first MAX_PIECES indices only.
 */
function boundedPieces(http: C.Expr, tcp: C.Expr, piece: (t: C.Expr, act: string) => C.Expr): C.Expr {
  const j = C.ident("j"), nHttp = C.call("size", http), n = C.bin("+", nHttp, C.call("size", tcp));
  const indices = C.list(...Array.from({ length: C.MAX_PIECES }, (_, i) => C.lit(i)));
  const pieces = C.macro("map", C.macro("filter", indices, "j", C.bin("<", j, n)), "j",
    C.cond(C.bin("<", j, nHttp), piece(C.index(http, j), "httpGet"), piece(C.index(tcp, C.bin("-", j, nHttp)), "tcpSocket")));
  return C.plus(C.joinPieces(pieces), C.cond(C.bin(">", n, C.lit(C.MAX_PIECES)), C.morePiece(n, { separated: true }), C.str("")));
}
