/**
 * The checks' CEL against their Rego on data: every case of test/checks/eval-cases.yaml through
 * the CEL driver must give exactly the expected messages (as pieces, see src/engine/compare.ts);
 * odd but possible objects (nulls, wrong types, no spec) must evaluate without a CEL error and
 * decide as the Rego does, with default and with PSS parameters.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { load as loadYaml } from "js-yaml";
import { CHECKS } from "../../src/checks/registry.js";
import { pssPreset } from "../../src/checks/pss.js";
import { messagePieces } from "../../src/engine/compare.js";
import { compileCheck, ODD_OBJECTS, reviewInput } from "../checks/harness.js";
import { celMessages } from "./harness.js";

interface Case { name: string; check: string; params: object; pod: any; msgs: string[] }
const cases = loadYaml(readFileSync(new URL("../checks/eval-cases.yaml", import.meta.url), "utf8")) as Case[];

test("every check has a CEL form", () => {
  assert.equal(Object.values(CHECKS).filter((d) => d.cel().kind !== "Cel").map((d) => d.id), []);
});

for (const c of cases) {
  test(`cel: ${c.check}: ${c.name}`, () => {
    assert.equal(messagePieces(celMessages(c.check, c.pod, c.params)), messagePieces(c.msgs));
  });
}

const odd = ODD_OBJECTS;
const paramSets: [string, (id: string) => object | undefined][] = [
  ["no parameters", () => undefined],
  ["restricted latest", (id) => pssPreset("restricted", "latest").find((x) => x.check === id)?.params ?? {}],
  ["baseline v1.0", (id) => pssPreset("baseline", "v1.0").find((x) => x.check === id)?.params ?? {}],
];
for (const id of Object.keys(CHECKS)) {
  test(`cel: ${id}: odd objects evaluate without error and decide as the Rego does`, async () => {
    const rego = await compileCheck(id, "wasm");
    const problems: string[] = [];
    for (const [pname, params] of paramSets) {
      for (const [oname, obj] of odd) {
        const p = params(id);
        const cel = celMessages(id, obj, p);
        const r = rego(reviewInput(obj, p ?? {})).map((v) => v.msg);
        if (cel.some((m) => m.includes("resulted in error"))) problems.push(`${pname} / ${oname}: ${cel.join(" | ")}`);
        else if ((cel.length > 0) !== (r.length > 0)) problems.push(`${pname} / ${oname}: cel ${JSON.stringify(cel)} vs rego ${JSON.stringify(r)}`);
      }
    }
    assert.equal(problems, []);
  });
}

test.run();
