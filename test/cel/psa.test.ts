/**
 * PSA agreement through the CEL engine alone: for every level and version in
 * ../shared/conformance/psa, `pssPreset(level, version)` is evaluated by the K8sNativeValidation
 * driver on every fixture; pass pods must produce no violation, fail pods at least one, from the
 * check the fixture's file name names — exactly what test/checks/psa.test.ts asks of the Rego.
 * Every fixture is also evaluated by the Rego (Wasm) and the messages compared piece by piece.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load as loadYaml } from "js-yaml";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { pssPreset } from "../../src/checks/pss.js";
import { messagePieces } from "../../src/engine/compare.js";
import { compileCheck, reviewInput } from "../checks/harness.js";
import { FIXTURE_CHECK, PSA_DIR, psaVersions } from "../checks/psa.js";
import { celMessages } from "./harness.js";

const levels = ["baseline", "restricted"] as const;
const pods = new Map<string, unknown>();
const pod = (path: string) => { if (!pods.has(path)) pods.set(path, loadYaml(readFileSync(path, "utf8"))); return pods.get(path); };

test("the PSA fixtures are present", () => {
  for (const l of levels) assert.is(psaVersions(l).length, 38, l);
});

const rows: string[] = [];
let compared = 0;
for (const level of levels) {
  for (const version of psaVersions(level)) {
    test(`cel: PSA ${level} ${version}`, async () => {
      const preset = pssPreset(level, version);
      const rego = await Promise.all(preset.map((c) => compileCheck(c.check, "wasm")));
      const lines: string[] = [];
      let n = 0, agree = 0;
      for (const expected of ["pass", "fail"] as const) {
        const dir = join(PSA_DIR, level, version, expected);
        for (const file of readdirSync(dir).sort()) {
          const p = pod(join(dir, file));
          const denied: string[] = [];
          preset.forEach((c, i) => {
            const cel = celMessages(c.check, p, c.params);
            const regoMsgs = rego[i]!(reviewInput(p, c.params)).map((v) => v.msg);
            compared++;
            const a = messagePieces(cel), b = messagePieces(regoMsgs);
            if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`${level}/${version}/${expected}/${file}: ${c.check}: cel ${JSON.stringify(cel)} vs rego ${JSON.stringify(regoMsgs)}`);
            if (cel.length) denied.push(c.check);
          });
          n++;
          const ok = expected === "pass" ? denied.length === 0 : denied.length > 0;
          if (ok) agree++;
          else lines.push(`${level}/${version}/${expected}/${file}: expected ${expected}, CEL denied by ${denied.join(", ") || "nothing"}`);
          if (expected === "fail") {
            const named = FIXTURE_CHECK[file.replace(/\d*\.yaml$/, "")];
            if (!named || !denied.includes(named)) lines.push(`${level}/${version}/${expected}/${file}: not denied by ${named ?? "(unknown check)"} in CEL`);
          }
        }
      }
      rows.push(`${level} ${version}: ${agree}/${n}`);
      assert.equal(lines, []);
    });
  }
}

test("cel: PSA agreement summary", () => {
  console.log(`\n[cel] PSA agreement (fixtures agreeing / fixtures), ${compared} check evaluations compared with the Rego\n  ${rows.join("\n  ")}`);
  assert.is(rows.length, 76);
});

test.run();
