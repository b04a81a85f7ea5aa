// auditPaths with worker threads gives exactly the sequential result: findings, order, objects,
// input errors (in input order), problems.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProject } from "../../src/gatekeeper/artifacts.js";
import { auditPaths } from "../../src/engine/audit.js";
import { WasmCache } from "../../src/engine/wasm.js";

const root = new URL("../../", import.meta.url).pathname;

test("worker threads and the sequential path agree", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gpc-parallel-"));
  cpSync(join(root, "test/cli-engine/fixtures/manifests/workloads"), join(dir, "workloads"), { recursive: true });
  const psa = join(root, "../shared/conformance/psa/restricted/v1.37");
  for (const k of ["pass", "fail"]) for (const f of readdirSync(join(psa, k)).slice(0, 15)) cpSync(join(psa, k, f), join(dir, `${k}-${f}`));
  writeFileSync(join(dir, "broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: fine}\n---\nmetadata: {name: nokind}\n");
  writeFileSync(join(dir, "zz.yml"), "kind: [\n");
  const { artifacts } = await buildProject({ inputs: ["test/cli-engine/fixtures/policies/workloads-restricted.ts"], cwd: root });
  const cache = new WasmCache();
  const seq = await auditPaths(artifacts!, [dir], { cwd: dir, cache, jobs: 1, engine: "rego" });
  const par = await auditPaths(artifacts!, [dir], { cwd: dir, cache, jobs: 2, engine: "rego" });
  assert.is(seq.jobs, 1);
  assert.is(par.jobs, 2);
  assert.ok(seq.findings.length > 20);
  assert.equal(par.findings, seq.findings);
  assert.equal(par.inputErrors, seq.inputErrors);
  assert.equal(seq.inputErrors.map((e) => `${e.file}:${e.document}`), ["broken.yaml:2", "zz.yml:1"]);
  assert.equal([par.objects, par.constraints, par.problems, par.errors], [seq.objects, seq.constraints, seq.problems, seq.errors]);
});

test.run();
