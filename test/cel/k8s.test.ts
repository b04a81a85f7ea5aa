/**
 * The CEL functions gpc's generated expressions use, in the engine's environment, against the
 * examples of the Kubernetes CEL documentation (kubernetes.io/docs/reference/using-api/cel/:
 * standard macros, the strings extension, `matches`) and cel-spec. Kubernetes' own libraries
 * (quantity, url, ip, …) are not used by generated CEL, so K8S_CEL_FUNCS is empty — this test fails
 * if a generated expression calls a function outside this checked set.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse, plan } from "@bufbuild/cel";
import { CHECKS } from "../../src/checks/registry.js";
import { celSource } from "../../src/cel/emit.js";
import { celEnvironment } from "../../src/engine/cel-driver.js";
import { K8S_CEL_FUNCS } from "../../src/cel/k8s.js";

const ev = (e: string) => plan(celEnvironment(), parse(e))();

test("Kubernetes documentation examples behave as documented", () => {
  const cases: [string, unknown][] = [
    ["[1, 2, 3].all(i, i % 2 > 0)", false],
    ["[1, 2, 3].exists(i, i % 2 > 0)", true],
    ["[1, 2, 3].filter(i, i % 2 > 0) == [1, 3]", true],
    ["[1, 2, 3].map(i, i * 2) == [2, 4, 6]", true],
    ["{'a': 1, 'b': 2}.filter(k, k == 'a') == ['a']", true],
    ["'abc'.matches('^a.*')", true],
    ["'hello'.startsWith('he') && 'hello'.endsWith('lo')", true],
    ["'hello'.substring(1) == 'ello' && 'hello'.substring(1, 3) == 'el'", true],
    ["'HeLLo'.upperAscii() == 'HELLO' && 'HeLLo'.lowerAscii() == 'hello'", true],
    ["['a', 'b', 'c'].join(', ') == 'a, b, c'", true],
    ["[].join('; ') == ''", true],
    ["size('héllo') == 5 && size([1, 2]) == 2 && size({'a': 1}) == 1", true],
    ["string(1000) + '-' + string(2000) == '1000-2000'", true],
    ["'a' in ['a', 'b'] && 'k' in {'k': 1}", true],
    ["type(1) == int && type(1.5) == double && type('') == string && type([]) == list && type({}) == map && type(null) == null_type", true],
    ["has({'a': 1}.a) && !has({'a': 1}.b)", true],
    ["1 == 1.0 && 1 != 'a'", true],
    // cel-go's string(double): Go's strconv.FormatFloat(d, 'g', -1, 64).
    ["string(double(2147483647)) == '2.147483647e+09' && string(double(1000000)) == '1e+06' && string(double(999999)) == '999999'", true],
    ["string(0.00001) == '1e-05' && string(1.5) == '1.5' && string(double(-0.0)) == '-0'", true],
  ];
  for (const [e, want] of cases) assert.equal(ev(e), want, e);
});

test("generated CEL calls only functions of the checked set", () => {
  const allowed = new Set(["size", "type", "string", "double", "dyn", "startsWith", "endsWith", "substring", "upperAscii", "join", "matches", "contains", ...K8S_CEL_FUNCS.map((f) => f.name)]);
  const used = new Set<string>();
  for (const d of Object.values(CHECKS)) {
    const f = d.cel();
    if (f.kind !== "Cel") continue;
    const text = JSON.stringify(celSource(f.program));
    for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\(/g)) used.add(m[1]!);
  }
  const macros = new Set(["has", "all", "exists", "map", "filter"]);
  assert.equal([...used].filter((f) => !allowed.has(f) && !macros.has(f)).sort(), []);
});

test.run();
