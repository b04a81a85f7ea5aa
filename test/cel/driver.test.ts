// The K8sNativeValidation driver: Gatekeeper's bindings, messages, failure policy, lazy variables.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CelTemplate, templateCel, toCelValue, type CelSource } from "../../src/engine/cel-driver.js";
import { celTemplateObject, constraintWith, podReview } from "./harness.js";

const src = (s: Partial<CelSource>): CelSource => ({ variables: [], validations: [], matchCondition: [], failurePolicy: "Fail", ...s });
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "x" }], hostPID: true } };

test("a validation passes when true; a false one is one violation with its messageExpression", () => {
  const t = new CelTemplate("t", src({ validations: [
    { expression: "variables.anyObject.spec.hostPID != true", messageExpression: '"pod " + variables.anyObject.metadata.name + " uses hostPID"' },
    { expression: "size(variables.anyObject.spec.containers) == 1", message: "one container" },
  ] }));
  assert.equal(t.evaluate(podReview(pod), constraintWith(undefined)), [{ msg: "pod p uses hostPID" }]);
});

test("message fallbacks: static message when messageExpression errs or is empty, else `failed expression:`", () => {
  const t = new CelTemplate("t", src({ validations: [
    { expression: "false", messageExpression: "variables.nope.x", message: "static" },
    { expression: "false", messageExpression: '""', message: "static2" },
    { expression: " false ", messageExpression: '"a\\nb"' },
    { expression: "false" },
  ] }));
  assert.equal(t.evaluate(podReview(pod), constraintWith(undefined)).map((v) => v.msg), ["static", "static2", "failed expression: false", "failed expression: false"]);
});

test("failurePolicy: Fail turns an evaluation error into a violation; Ignore drops it", () => {
  const v = [{ expression: "variables.anyObject.spec.nothere == 1" }];
  const fail = new CelTemplate("t", src({ validations: v })).evaluate(podReview(pod), constraintWith(undefined));
  assert.is(fail.length, 1);
  assert.match(fail[0]!.msg, /^expression 'variables\.anyObject\.spec\.nothere == 1' resulted in error: /);
  assert.equal(new CelTemplate("t", src({ validations: v, failurePolicy: "Ignore" })).evaluate(podReview(pod), constraintWith(undefined)), []);
});

test("variables.params is spec.parameters or null; params is the whole constraint", () => {
  const t = new CelTemplate("t", src({ validations: [
    { expression: "variables.params == null", message: "has params" },
    { expression: "params.metadata.name == 'c'", message: "constraint" },
  ] }));
  assert.equal(t.evaluate(podReview(pod), constraintWith(undefined)), []);
  assert.equal(t.evaluate(podReview(pod), constraintWith({ a: 1 })), [{ msg: "has params" }]);
});

test("DELETE: object is null, variables.anyObject is oldObject", () => {
  const t = new CelTemplate("t", src({ validations: [{ expression: "object == null && variables.anyObject.metadata.name == 'old'", message: "no" }] }));
  const review = { ...podReview(pod, "DELETE"), object: { ...pod, metadata: { name: "old" } }, oldObject: { ...pod, metadata: { name: "old" } } };
  assert.equal(t.evaluate(review, constraintWith(undefined)), []);
});

test("variables are lazy and ordered: a failing variable fails only the validations that use it", () => {
  const t = new CelTemplate("t", src({
    variables: [{ name: "bad", expression: "variables.anyObject.nothere" }, { name: "n", expression: "size(variables.anyObject.spec.containers)" }, { name: "m", expression: "variables.n + 1" }],
    validations: [{ expression: "variables.m == 2", message: "m" }, { expression: "variables.bad == 1", message: "bad" }],
  }));
  const out = t.evaluate(podReview(pod), constraintWith(undefined));
  assert.is(out.length, 1);
  assert.match(out[0]!.msg, /^expression 'variables\.bad == 1' resulted in error/);
});

test("matchCondition: false means no violation", () => {
  const t = new CelTemplate("t", src({ matchCondition: [{ name: "x", expression: "variables.anyObject.kind == 'Deployment'" }], validations: [{ expression: "false", message: "no" }] }));
  assert.equal(t.evaluate(podReview(pod), constraintWith(undefined)), []);
});

test("JSON integers are CEL ints, other numbers doubles, objects maps", () => {
  const t = new CelTemplate("t", src({ validations: [{ expression: "type(variables.anyObject.a) == int && type(variables.anyObject.b) == double && type(variables.anyObject.c) == map", message: "types" }] }));
  assert.equal(t.evaluate(podReview({ a: 1, b: 1.5, c: {} }), constraintWith(undefined)), []);
  assert.is(toCelValue(3), 3n);
});

test("templates: the source is read as Gatekeeper decodes it; reserved names and bad shapes are errors", () => {
  assert.is(templateCel({ apiVersion: "v1", kind: "ConstraintTemplate", metadata: { name: "x" }, spec: { targets: [{ code: [{ engine: "Rego", source: {} }] }] } }), undefined);
  assert.throws(() => templateCel(celTemplateObject("x", { variables: [{ name: "params", expression: "1" }] })), /reserved/);
  assert.throws(() => templateCel(celTemplateObject("x", { variables: [{ name: "gatekeeper_internal_x", expression: "1" }] })), /reserved/);
  assert.throws(() => templateCel(celTemplateObject("x", { validations: "no" })), /must be a list/);
  assert.throws(() => templateCel(celTemplateObject("x", { failurePolicy: "Maybe" })), /Fail or Ignore/);
  assert.throws(() => new CelTemplate("x", src({ validations: [{ expression: "1 +" }] })), /cannot compile validations\[0\]\.expression/);
});

test.run();
