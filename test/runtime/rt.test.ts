// The rt_* functions of src/rego/wasm/runtime-abi.ts, called directly.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { instantiate } from "./harness.ts";

const rt = instantiate();
const { x, parse, dump } = rt;

test("rt_json_parse", () => {
  const b = new TextEncoder().encode(`{"b":[1,"x"],"a":1.0}`);
  assert.is(dump(x.rt_json_parse(rt.write(b), b.length)), `{"a":1.0,"b":[1,"x"]}`);
  assert.is(x.rt_json_parse(rt.write(new Uint8Array([0x7b])), 1), 0);
});

test("rt_dot: objects, arrays (integer index), sets, scalars, undefined", () => {
  const o = parse(`{"a":{"b":2},"1":"s"}`);
  assert.is(dump(x.rt_dot(o, parse(`"a"`))), `{"b":2}`);
  assert.is(x.rt_dot(o, parse(`"z"`)), 0);
  assert.is(x.rt_dot(o, parse(`1`)), 0, "number key is not the string key");
  const a = parse(`[10,20,30]`);
  assert.is(dump(x.rt_dot(a, parse("1"))), "20");
  assert.is(dump(x.rt_dot(a, parse("1.0"))), "20");
  assert.is(x.rt_dot(a, parse("1.5")), 0);
  assert.is(x.rt_dot(a, parse("3")), 0);
  assert.is(x.rt_dot(a, parse("-1")), 0);
  assert.is(x.rt_dot(a, parse(`"0"`)), 0);
  const s = rt.set(`"x"`, "[1]");
  assert.is(dump(x.rt_dot(s, parse("[1]"))), "[1]");
  assert.is(x.rt_dot(s, parse(`"y"`)), 0);
  assert.is(x.rt_dot(parse(`"str"`), parse("0")), 0);
  assert.is(x.rt_dot(0, parse("0")), 0);
  assert.is(x.rt_dot(o, 0), 0);
});

test("rt_len: collections and strings (code points)", () => {
  assert.is(dump(x.rt_len(parse("[1,2]"))), "2");
  assert.is(dump(x.rt_len(parse(`{"a":1}`))), "1");
  assert.is(dump(x.rt_len(rt.set("1", "2", "1"))), "2");
  assert.is(dump(x.rt_len(parse(`"a😀é"`))), "3");
  assert.is(x.rt_len(parse("5")), 0);
  assert.is(x.rt_len(0), 0);
});

test("rt_make_* and mutation: append, insert (overwrite), insert_once (conflict), set_add", () => {
  const a = x.rt_make_array();
  assert.is(x.rt_array_append(a, parse("1")), 1);
  assert.is(x.rt_array_append(a, parse(`"b"`)), 1);
  assert.is(x.rt_array_append(a, 0), 0);
  assert.is(dump(a), `[1,"b"]`);
  const o = x.rt_make_object();
  assert.is(x.rt_object_insert(o, parse(`"b"`), parse("1")), 1);
  assert.is(x.rt_object_insert(o, parse(`"a"`), parse("2")), 1);
  assert.is(x.rt_object_insert(o, parse(`"b"`), parse("3")), 1);
  assert.is(x.rt_object_insert(o, 0, parse("3")), 0);
  assert.is(x.rt_object_insert(o, parse(`"c"`), 0), 0);
  assert.is(dump(o), `{"a":2,"b":3}`);
  assert.is(x.rt_object_insert_once(o, parse(`"a"`), parse("2.0")), 1, "equal value is fine");
  assert.is(x.rt_object_insert_once(o, parse(`"a"`), parse("5")), 0, "conflict");
  assert.is(x.rt_object_insert_once(o, parse(`"c"`), parse("5")), 1);
  assert.is(dump(o), `{"a":2,"b":3,"c":5}`);
  const s = x.rt_make_set();
  for (const v of [`"b"`, "2", `"a"`, "2", "null", "[1]"]) assert.is(x.rt_set_add(s, parse(v)), 1);
  assert.is(x.rt_set_add(s, 0), 0);
  assert.is(dump(s), `[null,2,"a","b",[1]]`);
  // many inserts in random order stay sorted
  const big = x.rt_make_object();
  const keys = Array.from({ length: 300 }, (_, i) => `k${(i * 7919) % 300}`);
  for (const k of keys) x.rt_object_insert(big, parse(JSON.stringify(k)), parse("1"));
  assert.equal(Object.keys(JSON.parse(dump(big))), [...new Set(keys)].sort());
});

test("rt_equal / rt_is_false", () => {
  assert.is(x.rt_equal(parse("1"), parse("1.0")), 1);
  assert.is(x.rt_equal(parse(`{"a":[1,{"b":null}]}`), parse(`{"a":[1.0,{"b":null}]}`)), 1);
  assert.is(x.rt_equal(parse(`"a"`), parse(`"b"`)), 0);
  assert.is(x.rt_equal(parse("[]"), parse("{}")), 0);
  assert.is(x.rt_equal(rt.set("1", "2"), rt.set("2", "1")), 1);
  assert.is(x.rt_equal(0, 0), 0);
  assert.is(x.rt_is_false(parse("false")), 1);
  assert.is(x.rt_is_false(parse("true")), 0);
  assert.is(x.rt_is_false(parse("null")), 0);
  assert.is(x.rt_is_false(parse("0")), 0);
  assert.is(x.rt_is_false(0), 0);
});

test("rt_iter_*: arrays by index, objects and sets in sorted order", () => {
  const iter = (v: number) => {
    const out: [string, string][] = [];
    for (let i = 0, n = x.rt_iter_count(v); i < n; i++) out.push([dump(x.rt_iter_key(v, i)), dump(x.rt_iter_value(v, i))]);
    return out;
  };
  assert.equal(iter(parse(`["a","b"]`)), [["0", `"a"`], ["1", `"b"`]]);
  assert.equal(iter(parse(`{"z":1,"a":2}`)), [[`"a"`, "2"], [`"z"`, "1"]]);
  assert.equal(iter(rt.set(`"b"`, "1")), [["1", "1"], [`"b"`, `"b"`]]);
  assert.is(x.rt_iter_count(parse(`"abc"`)), 0);
  assert.is(x.rt_iter_count(0), 0);
});

test("rt_upsert: copies along the path, never mutates the root", () => {
  const root = parse(`{"a":{"b":1,"c":2},"d":3}`);
  const r = x.rt_upsert(root, parse(`["a","b"]`), parse(`"new"`));
  assert.is(dump(r), `{"a":{"b":"new","c":2},"d":3}`);
  assert.is(dump(root), `{"a":{"b":1,"c":2},"d":3}`);
  assert.is(dump(x.rt_upsert(0, parse(`["x","y"]`), parse("1"))), `{"x":{"y":1}}`);
  assert.is(dump(x.rt_upsert(root, parse(`[]`), parse("7"))), "7");
  assert.is(dump(x.rt_upsert(root, parse(`["d","e"]`), parse("1"))), `{"a":{"b":1,"c":2},"d":{"e":1}}`);
});

test("memo table and with depth", () => {
  assert.is(x.rt_memo_reset(3), 1);
  assert.is(x.rt_memo_get(0), 0);
  const v = parse("42");
  assert.is(x.rt_memo_set(1, v), 1);
  assert.is(x.rt_memo_get(1), v);
  assert.is(x.rt_with_enter(), 1);
  assert.is(x.rt_memo_get(1), 0, "bypassed inside with");
  x.rt_memo_set(2, v);
  assert.is(x.rt_with_exit(), 1);
  assert.is(x.rt_memo_get(2), 0, "set inside with was ignored");
  assert.is(x.rt_memo_get(1), v);
  x.rt_with_enter();
  x.rt_memo_reset(3);
  assert.is(x.rt_memo_get(1), 0, "reset clears slots");
  x.rt_memo_set(1, v);
  assert.is(x.rt_memo_get(1), v, "reset also resets the with depth");
  assert.is(x.rt_memo_get(99), 0, "out of range");
});

test("rt_set_entrypoints / entrypoints()", () => {
  const r = instantiate();
  const e = r.parse(`{"t/r":0,"t/deny":1}`);
  assert.is(r.x.rt_set_entrypoints(e), 1);
  assert.is(r.dump(r.x.entrypoints()), `{"t/deny":1,"t/r":0}`);
});

test("rt_abort throws the message through opa_abort", () => {
  const r = instantiate();
  const msg = new TextEncoder().encode("policy.rego:5:1: var assignment conflict\0");
  assert.throws(() => r.x.rt_abort(r.write(msg)), /policy.rego:5:1: var assignment conflict/);
});

test.run();
