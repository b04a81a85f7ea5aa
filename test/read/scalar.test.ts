import { test } from "uvu";
import * as assert from "uvu/assert";
import { keyString, resolvePlain, resolveTagged, ScalarError } from "../../src/read/scalar.js";

// Expected values are go-yaml v2's resolve() (as vendored by sigs.k8s.io/yaml), then JSON.
const CASES: [string, unknown][] = [
  ["y", true], ["Y", true], ["yes", true], ["Yes", true], ["YES", true], ["on", true], ["On", true], ["ON", true], ["true", true], ["True", true], ["TRUE", true],
  ["n", false], ["N", false], ["no", false], ["No", false], ["NO", false], ["off", false], ["Off", false], ["OFF", false], ["false", false], ["False", false], ["FALSE", false],
  ["yEs", "yEs"], ["oN", "oN"], ["tRUE", "tRUE"], ["nO", "nO"],
  ["", null], ["~", null], ["null", null], ["Null", null], ["NULL", null], ["nULL", "nULL"],
  ["0", 0], ["12", 12], ["+12", 12], ["-12", -12], ["012", 10], ["0o17", 15], ["0x1F", 31], ["-0x10", -16], ["0b101", 5], ["-0b101", -5], ["1_000", 1000], ["0x_1F", 31],
  ["08", 8], ["09.5", 9.5], ["1e3", 1000], ["1.5", 1.5], [".5", 0.5], ["+.5", 0.5], ["1.", 1], ["-1.5e-2", -0.015], ["99999999999999999999", 1e20],
  ["2001-12-14", "2001-12-14"], ["2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"],
  ["1:30", "1:30"], ["0x", "0x"], ["-", "-"], ["+", "+"], [".", "."], ["._5", "._5"], ["1e", "1e"], ["abc", "abc"], ["<<", "<<"],
];

test("plain scalars resolve exactly as go-yaml v2 resolves them", () => {
  for (const [s, want] of CASES) assert.is(resolvePlain(s).value, want, JSON.stringify(s));
});

test(".inf and .nan are errors: JSON cannot carry them, sigs.k8s.io/yaml fails", () => {
  for (const s of [".inf", "-.Inf", "+.INF", ".nan", ".NaN"]) assert.throws(() => resolvePlain(s), (e: Error) => e instanceof ScalarError && /non-finite/.test(e.message), s);
});

test("explicit tags: !!str keeps text, !!int/!!bool must match, local tags keep the text", () => {
  assert.equal(resolveTagged("tag:yaml.org,2002:str", "yes"), { value: "yes", tag: "!!str" });
  assert.equal(resolveTagged("tag:yaml.org,2002:int", "012"), { value: 10, tag: "!!int" });
  assert.equal(resolveTagged("tag:yaml.org,2002:float", "3"), { value: 3, tag: "!!float" });
  assert.equal(resolveTagged("tag:yaml.org,2002:bool", "on"), { value: true, tag: "!!bool" });
  assert.equal(resolveTagged("!custom", "on"), { value: "on", tag: "!!str" });
  assert.throws(() => resolveTagged("tag:yaml.org,2002:int", "abc"), /cannot decode !!str `abc` as a !!int/);
  assert.throws(() => resolveTagged("tag:yaml.org,2002:bool", "1"), /cannot decode !!int `1` as a !!bool/);
});

test("non-string keys become JSON keys as sigs.k8s.io/yaml writes them", () => {
  assert.is(keyString(resolvePlain("yes")), "true");
  assert.is(keyString(resolvePlain("off")), "false");
  assert.is(keyString(resolvePlain("012")), "10");
  assert.is(keyString(resolvePlain("1.5")), "1.5");
  assert.is(keyString(resolvePlain("1e6")), "1e+06");
  assert.is(keyString(resolvePlain("0.0001")), "0.0001");
  assert.is(keyString(resolvePlain("0.00001")), "1e-05");
  assert.is(keyString(resolvePlain("100000.0")), "100000");
  assert.is(keyString(resolvePlain("name")), "name");
  assert.throws(() => keyString(resolvePlain("~")), /null mapping key/);
});

test.run();
