/** The custom-check expression builder yields plain data, and sample helpers copy, never share. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allOf, anyOf, forEachContainer, forPod, not, samplePod, tweak, tweakContainer } from "../../src/index.js";

test("forEachContainer builds a field test over the container", () => {
  const r = forEachContainer((c) => c.resources.limits.memory.isDefined());
  assert.equal(r, { scope: "container", require: { kind: "Test", field: { kind: "Field", base: "container", path: ["resources", "limits", "memory"] }, test: "defined" } });
});

test("combinators nest and keep values as data", () => {
  const r = forEachContainer((c) => allOf(anyOf(c.image.startsWithAny(["a/"]), c.image.matches("^b/")), not(c.securityContext.privileged.isTrue())));
  assert.equal(JSON.parse(JSON.stringify(r)), r);
  const and = r.require as any;
  assert.is(and.kind, "And");
  assert.equal(and.args[0].args.map((a: any) => a.test), ["startsWithAny", "matches"]);
  assert.equal(and.args[0].args[0].values, ["a/"]);
  assert.is(and.args[1].kind, "Not");
});

test("forPod reads pod fields", () => {
  const r = forPod((p) => p.spec.securityContext.runAsUser.atLeast(1000));
  assert.equal(r.require, { kind: "Test", field: { kind: "Field", base: "pod", path: ["spec", "securityContext", "runAsUser"] }, test: "atLeast", value: 1000 });
});

test("tweak and tweakContainer copy the base pod", () => {
  const base = samplePod();
  const a = tweak(base, (p) => { p.spec.hostNetwork = true; });
  const b = tweakContainer(base, (c) => { c.securityContext!.privileged = true; });
  assert.is(base.spec.hostNetwork, undefined);
  assert.is(base.spec.containers[0]!.securityContext!.privileged, undefined);
  assert.is(a.spec.hostNetwork, true);
  assert.is(b.spec.containers[0]!.securityContext!.privileged, true);
  assert.equal(b.metadata, { name: "sample", labels: { app: "sample" } }, "metadata copied (no namespace: definePolicy places samples inside the match)");
});

test.run();
