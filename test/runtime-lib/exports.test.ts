// runtime/lib/index.ts re-exports every bi_* of runtime/lib/builtins.ts, and the built runtime
// exports them (with an arity equal to the builtin's).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { rt } from "./util.ts";

const root = new URL("../..", import.meta.url).pathname;
const defined = [...readFileSync(root + "runtime/lib/builtins.ts", "utf8").matchAll(/export function (bi_[\w$]+)\(([^)]*)\)/g)]
  .map((m) => ({ name: m[1]!, arity: m[2]!.trim() === "" ? 0 : m[2]!.split(",").length }));

test("index.ts re-exports exactly the bi_* functions of builtins.ts", () => {
  const index = readFileSync(root + "runtime/lib/index.ts", "utf8");
  const listed = [...index.matchAll(/\bbi_[\w$]+/g)].map((m) => m[0]).sort();
  assert.equal(listed, defined.map((d) => d.name).sort());
});

test("the runtime exports them with the builtin's arity", () => {
  for (const { name, arity } of defined) {
    assert.type(rt.x[name], "function", name);
    assert.is((rt.x[name] as Function).length, arity, name);
  }
});

test.run();
