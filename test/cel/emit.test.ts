// Engines per template: the default (both, CEL first), `--engines`, the policy option `engines`
// (shared templates carry an engine only if every policy using it allows it), and the README.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allowed, definePolicy, denied, samplePod, tweak } from "../../src/dsl/index.js";
import { emitArtifacts } from "../../src/gatekeeper/emit.js";
import { chooseEngines } from "../../src/cel/emit.js";

const ok = samplePod("web");
const mk = (name: string, engines?: ("rego" | "cel")[]) => definePolicy({
  name, checks: { hostNamespaces: {} }, ...(engines ? { engines } : {}),
  cases: [allowed("ok", ok), denied("pid", tweak(ok, (p) => { p.spec.hostPID = true; }), { deniedBy: "hostNamespaces" })],
});
const engines = (a: ReturnType<typeof emitArtifacts>) => (a.templates[0] as any).spec.targets[0].code?.map((c: any) => c.engine) ?? ["rego:"];

test("default: CEL first, Rego second, in code[]; the README names the engines and the cost", () => {
  const a = emitArtifacts([{ model: mk("p"), sourceFile: "p.ts" }], "v0");
  assert.equal(engines(a), ["K8sNativeValidation", "Rego"]);
  assert.is((a.templates[0] as any).spec.targets[0].rego, undefined);
  assert.is((a.templates[0] as any).spec.targets[0].code[1].source.version, undefined);
  const readme = a.files.get("p/README.md")!;
  assert.match(readme, /\| Minimum Gatekeeper \| 3\.16 /);
  assert.match(readme, /\| Engines \| every template carries CEL/);
  assert.match(readme, /## CEL cost[^]*\| `p-host-namespaces` \| 16 \| `variables\.spec` \| 97 \| 1,000 containers \| 1,000 containers \|/);
});

test("--engines rego is the Rego-only output; --engines cel carries CEL only", () => {
  const r = emitArtifacts([{ model: mk("p"), sourceFile: "p.ts" }], "v0", { engines: ["rego"] });
  assert.equal(engines(r), ["rego:"]);
  assert.match(r.files.get("p/README.md")!, /\| Minimum Gatekeeper \| 3\.14 /);
  assert.not.match(r.files.get("p/README.md")!, /CEL/);
  const c = emitArtifacts([{ model: mk("p"), sourceFile: "p.ts" }], "v1", { engines: ["cel"] });
  assert.equal(engines(c), ["K8sNativeValidation"]);
});

test("the policy option pins engines; a shared template keeps only what every user allows", () => {
  assert.equal(engines(emitArtifacts([{ model: mk("p", ["rego"]), sourceFile: "p.ts" }], "v0")), ["rego:"]);
  assert.equal(engines(emitArtifacts([{ model: mk("p", ["rego"]), sourceFile: "p.ts" }, { model: mk("q"), sourceFile: "q.ts" }], "v0")), ["rego:"]);
  assert.equal(engines(emitArtifacts([{ model: mk("p", ["cel", "rego"]), sourceFile: "p.ts" }, { model: mk("q"), sourceFile: "q.ts" }], "v0")), ["K8sNativeValidation", "Rego"]);
  assert.throws(() => emitArtifacts([{ model: mk("p", ["rego"]), sourceFile: "p.ts" }, { model: mk("q", ["cel"]), sourceFile: "q.ts" }], "v0"), /pin engines that have none in common/);
  assert.throws(() => mk("p", ["wasm" as "rego"]), /engines: \["wasm"\]: expected a non-empty list/);
  // --engines overrides every pin.
  assert.equal(engines(emitArtifacts([{ model: mk("p", ["rego"]), sourceFile: "p.ts" }], "v0", { engines: ["cel", "rego"] })), ["K8sNativeValidation", "Rego"]);
});

test("a check without a CEL form: Rego only with a warning by default, an error when CEL is asked for", () => {
  const none = { kind: "NoCel", reason: "no CEL here" } as const;
  assert.equal(chooseEngines(none, undefined, 'check "x"'), { rego: true, warning: 'check "x" has no CEL form (no CEL here); its template carries Rego only' });
  assert.throws(() => chooseEngines(none, ["cel", "rego"], 'check "x"'), /check "x" has no CEL form: no CEL here/);
  assert.equal(chooseEngines(none, ["rego"], 'check "x"'), { rego: true });
});

test.run();
