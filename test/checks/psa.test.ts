/**
 * PSA agreement: for every level and version in ../shared/conformance/psa, `pssPreset(level,
 * version)` is evaluated on every fixture; pass pods must produce no violation, fail pods at least
 * one, and that one from the check the fixture's file name names. Runs on each executor (see
 * ./harness.ts); prints the agreement numbers per level/version.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { pssPreset } from "../../src/checks/pss.js";
import { compileAll, type Executor } from "./harness.js";
import { agreement, psaVersions, type Agreement } from "./psa.js";

const executors: Executor[] = process.env.GPC_CHECKS_EXECUTOR ? [process.env.GPC_CHECKS_EXECUTOR as Executor] : ["interp", "wasm"];
const levels = ["baseline", "restricted"] as const;

test("the PSA fixtures are present", () => {
  for (const l of levels) assert.is(psaVersions(l).length, 38, l);
});

for (const ex of executors) {
  const ids = [...new Set(levels.flatMap((l) => pssPreset(l, "latest").map((c) => c.check)))];
  const failed = await compileAll(ids, ex);
  test(`${ex}: every PSS check compiles`, () => {
    assert.equal([...failed].map(([id, msg]) => `${id}: ${msg}`), []);
  });
  if (failed.size) continue;
  const results: Agreement[] = [];
  for (const level of levels) {
    for (const version of psaVersions(level)) {
      test(`${ex}: PSA ${level} ${version}`, async () => {
        const a = await agreement(level, version, ex);
        results.push(a);
        const lines = [
          ...a.disagreements.map((d) => `${d.file}: expected ${d.expected}, got ${d.checks.length ? d.checks.join(", ") + ": " + d.msgs.join(" | ") : "no violation"}`),
          ...a.misattributed.filter((d) => !a.disagreements.includes(d)).map((d) => `${d.file}: denied by ${d.checks.join(", ")}, not by the check its name names`),
        ];
        assert.equal(lines, []);
      });
    }
  }
  test(`${ex}: PSA agreement summary`, () => {
    const rows = results.map((a) => `${a.level} ${a.version}: ${a.agree}/${a.pass + a.fail} agree (pass ${a.pass}, fail ${a.fail}, attributed ${a.attributed}/${a.fail})`);
    console.log(`\n[${ex}] PSA agreement\n  ${rows.join("\n  ")}`);
    assert.is(results.length, 76);
  });
}

test.run();
