/**
 * Robustness: every check, with default and with PSS parameters, evaluates odd but possible review
 * objects (no spec, null fields, wrong types) without a runtime error, and a Pod with no
 * containers produces no container violation. A runtime error in Gatekeeper turns into one
 * violation per constraint, so these must stay clean.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CHECKS } from "../../src/checks/registry.js";
import { pssPreset } from "../../src/checks/pss.js";
import { compileAll, compileCheck, EXECUTOR, ODD_OBJECTS, reviewInput } from "./harness.js";

const ids = Object.keys(CHECKS);
const failed = await compileAll(ids, EXECUTOR);
test(`${EXECUTOR}: every check compiles`, () => assert.equal([...failed.keys()], []));

const odd: [string, unknown][] = [["no object", undefined], ...ODD_OBJECTS];

const paramSets: [string, (id: string) => object][] = [
  ["{}", () => ({})],
  ["restricted latest", (id) => pssPreset("restricted", "latest").find((c) => c.check === id)?.params ?? {}],
];

for (const [name, obj] of odd) {
  test(`odd review object: ${name}`, async () => {
    for (const id of ids) {
      if (failed.has(id)) continue;
      const ev = await compileCheck(id);
      for (const [pname, p] of paramSets) {
        let vs;
        try { vs = ev(reviewInput(obj, p(id))); } catch (e) { assert.unreachable(`${id} with ${pname}: ${String(e)}`); }
        assert.ok(Array.isArray(vs), `${id} with ${pname}`);
        for (const v of vs!) assert.type(v.msg, "string", `${id} with ${pname}`);
        if (name === "empty spec") assert.equal(vs, [], `${id} with ${pname} on an empty spec`);
      }
    }
  });
}

test.run();
