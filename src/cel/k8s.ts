/**
 * Functions registered in the engine's CEL environment beyond @bufbuild/cel's standard library
 * and strings extension (`startsWith`, `endsWith`, `substring`, `upperAscii`, `join`, …, which
 * Kubernetes' environment has too), so that in-process evaluation says what the cluster's cel-go
 * says.
 *
 * - `string(double)`: cel-go converts with Go's `strconv.FormatFloat(d, 'g', -1, 64)`
 *   (`2.147483647e+09`, `1e+06`, `1e-05`); @bufbuild/cel uses JavaScript's number text
 *   (`2147483647`). Generated messages print integers with `string(int)`; this override keeps
 *   any `string(double)` a template uses printing what the cluster prints.
 *
 * Kubernetes' own libraries (quantity, url, ip, …) are not used by generated CEL. A function added
 * here must follow its cluster definition exactly and be tested (test/cel/k8s.test.ts).
 */
import { celFunc, CelScalar, type CelFunc } from "@bufbuild/cel";
import { goFloat } from "../engine/input-json.js";

/** Extension functions registered in the engine's CEL environment. */
export const K8S_CEL_FUNCS: readonly CelFunc[] = [
  celFunc("string", [CelScalar.DOUBLE], CelScalar.STRING, (d) => goFloat(d)),
];
