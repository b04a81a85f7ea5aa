// Robustness: random pattern, glob and format strings never abort the evaluation (AssemblyScript
// bounds checks become opa_abort); invalid input is undefined or false, never a trap.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { call } from "./util.ts";

let seed = 4242;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const alphabet = ["a", "b", "é", "😀", "\\", "[", "]", "(", ")", "{", "}", ",", "*", "+", "?", "|", "^", "$", ".", "-", ":", "!", "%", "P", "<", ">", "=", "x", "0", "1", "9", "d", "s", "w", "p", "Q", "E", "i", "m", "U", "#", " ", "\n"];
const randomText = (max: number) => {
  let s = "";
  const n = rand(max);
  for (let i = 0; i < n; i++) s += alphabet[rand(alphabet.length)];
  return s;
};

test("regex builtins on 3000 random patterns", () => {
  for (let i = 0; i < 3000; i++) {
    const p = randomText(14), s = randomText(10);
    const valid = call("regex.is_valid", p);
    assert.type(valid, "boolean", p);
    const m = call("regex.match", p, s);
    assert.ok(valid ? typeof m === "boolean" : m === undefined, `${p} ${s}`);
    if (valid) {
      assert.ok(Array.isArray(call("regex.find_all_string_submatch_n", p, s, -1)), p);
      assert.type(call("regex.replace", s, p, "<$1${x}>"), "string", p);
      assert.ok(Array.isArray(call("regex.split", p, s)), p);
    }
  }
});

test("glob.match and sprintf on random input", () => {
  for (let i = 0; i < 3000; i++) {
    const g = randomText(10), s = randomText(8);
    const r = call("glob.match", g, [".", "/"], s);
    assert.ok(r === undefined || typeof r === "boolean", g);
    const f = randomText(12);
    const out = call("sprintf", f, [1, "a", 2.5, [1], -3]);
    assert.type(out, "string", f);
  }
});

test.run();
