// `--engine both`: a difference between the Rego and the CEL of a template fails the case, naming
// the constraint, the object and both answers; without one, every case passes on each engine.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allowed, definePolicy, denied, samplePod, tweak, tweakContainer } from "../../src/dsl/index.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";
import { runCases } from "../../src/engine/cases.js";
import { diffEngines, messagePieces } from "../../src/engine/compare.js";

const ok = samplePod("web");
const policy = definePolicy({
  name: "both",
  pss: { level: "baseline" },
  cases: [
    allowed("compliant", ok),
    denied("privileged", tweakContainer(ok, (c) => { c.securityContext = { privileged: true }; }), { deniedBy: "privileged" }),
    denied("host-pid", tweak(ok, (p) => { p.spec.hostPID = true; }), { deniedBy: "hostNamespaces" }),
  ],
});
const artifacts = () => emitArtifacts([{ model: policy, sourceFile: "both.ts" }], "v0");

test("agreeing engines: every case passes with rego, cel and both", async () => {
  for (const engine of ["rego", "cel", "both"] as const) {
    const { results, problems } = await runCases(artifacts(), { engine });
    assert.equal(problems, [], engine);
    assert.equal(results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failures.join("; ")}`), [], engine);
  }
});

test("a CEL message that differs from the Rego fails the case with both answers", async () => {
  const a = artifacts();
  const t = a.templates.find((x) => x.metadata.name === "gpcprivileged") as any;
  t.spec.targets[0].code[0].source.validations[0].messageExpression = '"privileged!"';
  const { results } = await runCases(a, { engine: "both" });
  const bad = results.filter((r) => !r.passed);
  assert.equal(bad.map((r) => r.name), ["privileged"]);
  assert.equal(bad[0]!.failures, ['engines differ on Pod web: GpcPrivileged/both-privileged: rego: "container \\"app\\" must not set securityContext.privileged to true"; cel: "privileged!"']);
});

test("pieces: grouping does not matter, words do", () => {
  assert.equal(messagePieces(["a; b", "c"]), messagePieces(["c", "b", "a"]));
  const v = (msg: string) => ({ msg, details: {}, constraint: { kind: "K", name: "n" }, enforcementAction: "deny" });
  assert.equal(diffEngines([v("a"), v("b")], [v("a; b")]), []);
  assert.equal(diffEngines([v("a")], []), ['K/n: rego: "a"; cel: no violation']);
});

test.run();
