// Every builtin of runtime/builtins/, called as a bare export on parsed values (no linker).
// Expected values come from the conformance corpus (/work/shared/conformance/rego) and OPA docs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { instantiate } from "./harness.ts";

const rt = instantiate();
const c = (name: string, ...args: string[]) => rt.call(name, ...args);
const eq = (name: string, args: string[], want: string | undefined) => {
  const got = c(name, ...args);
  assert.is(got, want, `${name}(${args.join(", ")})`);
};

test("arithmetic: plus minus mul div rem (corpus: arithmetic-and-mod, number-equality-int-float)", () => {
  eq("bi_plus", ["1", "1.0"], "2");
  eq("bi_plus", ["3", "0.5"], "3.5");
  eq("bi_minus", ["1", "1.0"], "0");
  eq("bi_minus", ["0", "7"], "-7");
  eq("bi_minus", ["1000000", "3"], "999997");
  eq("bi_mul", ["1000000", "2"], "2000000");
  eq("bi_mul", ["3", "2"], "6");
  eq("bi_div", ["7", "3"], "2.3333333333333333333"); // OPA: big.Float with a 64-bit mantissa
  eq("bi_div", ["8", "2"], "4");
  eq("bi_div", ["1.0", "2"], "0.5");
  eq("bi_div", ["1", "0"], undefined);
  eq("bi_rem", ["7", "3"], "1");
  eq("bi_rem", ["8", "2"], "0");
  eq("bi_rem", ["-7", "3"], "-1");
  eq("bi_rem", ["7", "0"], undefined);
  eq("bi_rem", ["7.5", "2"], undefined);
  eq("bi_plus", ["1", `"a"`], undefined);
  eq("bi_mul", ["null", "2"], undefined);
  eq("bi_plus", ["0.1", "0.2"], "0.3"); // 64-bit big.Float: 0.1 + 0.2 rounds to 0.3's value
  eq("bi_div", ["1", "8"], "0.125");
  eq("bi_mul", ["1e300", "1e300"], "1" + "0".repeat(600)); // integers: exact big.Int
});

test("set operators: minus, and, or (corpus: set-operations)", () => {
  eq("bi_minus", ["set:[1,2,3]", "set:[2,3,4]"], "[1]");
  eq("bi_and", ["set:[1,2,3]", "set:[2,3,4]"], "[2,3]");
  eq("bi_or", ["set:[1,2,3]", "set:[2,3,4]"], "[1,2,3,4]");
  eq("bi_or", ["set:[]", `set:["x"]`], `["x"]`);
  eq("bi_and", ["set:[]", `set:["x"]`], "[]");
  eq("bi_minus", ["set:[]", `set:["x"]`], "[]");
  eq("bi_and", ["[1]", "set:[1]"], undefined);
  eq("bi_minus", ["set:[1]", "1"], undefined);
});

test("comparison across types (corpus: equality-and-comparison)", () => {
  const cases: [string, string, boolean[]][] = [
    ["1", "2", [false, true, true, true, false, false]],
    ["2", "2", [true, false, false, true, false, true]],
    ["3.5", "2", [false, true, false, false, true, true]],
    [`"a"`, `"b"`, [false, true, true, true, false, false]],
    ["1", `"1"`, [false, true, true, true, false, false]],
    ["[1,2]", "[1,3]", [false, true, true, true, false, false]],
    ["null", "false", [false, true, true, true, false, false]],
    ["1", "1.0", [true, false, false, true, false, true]],
    [`{"a":1}`, `{"a":1.0}`, [true, false, false, true, false, true]],
    ["[1,2]", "[1]", [false, true, false, false, true, true]],
    [`{"a":1}`, "[9]", [false, true, false, false, true, true]],
    [`"é"`, `"z"`, [false, true, false, false, true, true]],
  ];
  const ops = ["bi_equal", "bi_neq", "bi_lt", "bi_lte", "bi_gt", "bi_gte"];
  for (const [a, b, want] of cases) ops.forEach((op, i) => eq(op, [a, b], String(want[i])));
  assert.is(c("bi_lt", `{"a":1}`, "set:[]"), "true");
  assert.is(c("bi_gt", "set:[1]", "set:[]"), "true");
  assert.is(c("bi_equal", "set:[1,2]", "set:[2,1]"), "true");
  assert.is(rt.x.bi_equal(0, rt.parse("1")), 0);
});

test("membership: internal.member_2 / member_3 (corpus: membership-in)", () => {
  eq("bi_internal$member_2", [`"a"`, `["a","b"]`], "true");
  eq("bi_internal$member_2", [`"z"`, `["a"]`], "false");
  eq("bi_internal$member_2", [`"a"`, `set:["a","b"]`], "true");
  eq("bi_internal$member_2", [`"z"`, `set:["a","b"]`], "false");
  eq("bi_internal$member_2", [`"a"`, `{"k":"a"}`], "true");
  eq("bi_internal$member_2", [`"k"`, `{"k":"a"}`], "false");
  eq("bi_internal$member_2", [`["k","z"]`, `[["k","a"]]`], "false");
  eq("bi_internal$member_2", ["1", "[1.0]"], "true");
  eq("bi_internal$member_2", ["1", `"1"`], "false");
  eq("bi_internal$member_3", ["0", `"a"`, `["a"]`], "true");
  eq("bi_internal$member_3", ["1", `"a"`, `["a"]`], "false");
  eq("bi_internal$member_3", [`"k"`, `"a"`, `{"k":"a"}`], "true");
  eq("bi_internal$member_3", [`"k"`, `"b"`, `{"k":"a"}`], "false");
  eq("bi_internal$member_3", [`"a"`, `"a"`, `set:["a"]`], "true"); // a set element is its own key (OPA)
});

test("aggregates (corpus: aggregates, aggregates-empty)", () => {
  const xs = "[3, 1, 2.5]";
  eq("bi_sum", [xs], "6.5");
  eq("bi_max", [xs], "3");
  eq("bi_min", [xs], "1");
  eq("bi_product", [xs], "7.5");
  eq("bi_count", [xs], "3");
  eq("bi_sort", [xs], "[1,2.5,3]");
  eq("bi_sum", ["[7]"], "7");
  eq("bi_sum", ["[]"], "0");
  eq("bi_product", ["[]"], "1");
  eq("bi_count", ["[]"], "0");
  eq("bi_max", ["[]"], undefined);
  eq("bi_min", ["set:[]"], undefined);
  eq("bi_sum", ["set:[1,2]"], "3");
  eq("bi_sum", [`[1,"a"]`], undefined);
  eq("bi_max", [`[1,"a",null]`], `"a"`);
  eq("bi_count", [`"héllo😀"`], "6");
  eq("bi_count", [`{"a":1,"b":2}`], "2");
  eq("bi_count", ["set:[1,2,2]"], "2");
  eq("bi_count", ["1"], undefined);
  eq("bi_sort", [`["c","a","b"]`], `["a","b","c"]`);
  eq("bi_sort", [`set:["c","a"]`], `["a","c"]`);
  eq("bi_sort", [`[[1],null,{"a":1},"x",true,2]`], `[null,true,2,"x",[1],{"a":1}]`);
  eq("bi_sort", ["1"], undefined);
});

test("union / intersection of sets of sets", () => {
  const a = rt.set("1", "2", "3"), b = rt.set("2", "3", "4");
  const ss = rt.x.rt_make_set(); rt.x.rt_set_add(ss, a); rt.x.rt_set_add(ss, b);
  assert.is(rt.dump(rt.x.bi_union(ss)), "[1,2,3,4]");
  assert.is(rt.dump(rt.x.bi_intersection(ss)), "[2,3]");
  assert.is(rt.dump(rt.x.bi_union(rt.set())), "[]");
  assert.is(rt.dump(rt.x.bi_intersection(rt.set())), "[]");
  eq("bi_union", ["set:[1]"], undefined);
  eq("bi_union", ["[]"], undefined);
});

test("abs round ceil floor numbers.range (corpus: numbers-range-and-units)", () => {
  eq("bi_abs", ["-7"], "7");
  eq("bi_abs", ["2.5"], "2.5");
  eq("bi_round", ["2.5"], "3");
  eq("bi_round", ["-2.5"], "-3");
  eq("bi_round", ["2.4"], "2");
  eq("bi_round", ["-0.4"], "0");
  eq("bi_ceil", ["1.2"], "2");
  eq("bi_ceil", ["-1.2"], "-1");
  eq("bi_floor", ["-1.2"], "-2");
  eq("bi_floor", ["3"], "3");
  eq("bi_abs", [`"x"`], undefined);
  eq("bi_numbers$range", ["1", "4"], "[1,2,3,4]");
  eq("bi_numbers$range", ["3", "1"], "[3,2,1]");
  eq("bi_numbers$range", ["2", "2"], "[2]");
  eq("bi_numbers$range", ["1.5", "3"], undefined);
});

test("type checks and type_name (corpus: type-checks)", () => {
  const names = [["\"a\"", "string"], ["1", "number"], ["2.5", "number"], ["true", "boolean"], ["[1]", "array"],
    [`{"a":1}`, "object"], ["null", "null"], ["set:[]", "set"]];
  for (const [v, n] of names) eq("bi_type_name", [v], `"${n}"`);
  const fns = ["bi_is_string", "bi_is_number", "bi_is_boolean", "bi_is_array", "bi_is_object", "bi_is_null", "bi_is_set"];
  const rows: [string, number][] = [["\"a\"", 0], ["1", 1], ["true", 2], ["[1]", 3], [`{"a":1}`, 4], ["null", 5], ["set:[1]", 6]];
  for (const [v, yes] of rows) fns.forEach((f, i) => eq(f, [v], String(i === yes)));
});

test("to_number and format_int (corpus: conversions, to-number-error)", () => {
  eq("bi_to_number", [`"42"`], "42");
  eq("bi_to_number", [`"-3.25"`], "-3.25");
  eq("bi_to_number", ["true"], "1");
  eq("bi_to_number", ["false"], "0");
  eq("bi_to_number", ["null"], "0");
  eq("bi_to_number", ["1.50"], "1.50");
  eq("bi_to_number", [`"1e3"`], "1e3");
  eq("bi_to_number", [`"+5"`], "5");
  eq("bi_to_number", [`"abc"`], undefined);
  eq("bi_to_number", [`""`], undefined);
  eq("bi_to_number", [`"1 "`], undefined);
  eq("bi_to_number", ["[1]"], undefined);
  eq("bi_format_int", ["255", "16"], `"ff"`);
  eq("bi_format_int", ["16", "16"], `"10"`);
  eq("bi_format_int", ["5", "2"], `"101"`);
  eq("bi_format_int", ["-8", "8"], `"-10"`);
  eq("bi_format_int", ["3.9", "10"], `"3"`);
  eq("bi_format_int", ["10", "3"], undefined);
});

test("object.get / keys / remove / union / filter (corpus: object-functions)", () => {
  const o = `{"a": 1, "b": 2, "n": {"m": 3}}`;
  eq("bi_object$get", [o, `"a"`, `"dflt"`], "1");
  eq("bi_object$get", [o, `"zz"`, `"dflt"`], `"dflt"`);
  eq("bi_object$get", [o, `["n","m"]`, `"dflt"`], "3");
  eq("bi_object$get", [o, `["n","x"]`, `"dflt"`], `"dflt"`);
  eq("bi_object$get", [o, `[]`, `"dflt"`], `{"a":1,"b":2,"n":{"m":3}}`);
  eq("bi_object$get", [`{"l":[10,20]}`, `["l",1]`, "0"], "20");
  eq("bi_object$get", ["[1]", `"a"`, "0"], undefined);
  eq("bi_object$keys", [o], `["a","b","n"]`);
  eq("bi_object$remove", [o, `["a"]`], `{"b":2,"n":{"m":3}}`);
  eq("bi_object$remove", [o, `set:["a","n"]`], `{"b":2}`);
  eq("bi_object$remove", [o, `{"b":0}`], `{"a":1,"n":{"m":3}}`);
  eq("bi_object$remove", [o, `"a"`], undefined);
  eq("bi_object$union", [o, `{"a":"new"}`], `{"a":"new","b":2,"n":{"m":3}}`);
  eq("bi_object$union", [o, `{"n":{"k":4}}`], `{"a":1,"b":2,"n":{"k":4,"m":3}}`);
  eq("bi_object$union", ["{}", `{"a":"new"}`], `{"a":"new"}`);
  eq("bi_object$filter", [o, `["a"]`], `{"a":1}`);
  eq("bi_object$filter", ["{}", `["a"]`], "{}");
  eq("bi_object$filter", [o, `set:["b","n","q"]`], `{"b":2,"n":{"m":3}}`);
  eq("bi_object$keys", ["{}"], "[]");
});

test("array.concat / slice / reverse (corpus: array-functions)", () => {
  eq("bi_array$concat", ["[1,2,3]", `["c","a","b"]`], `[1,2,3,"c","a","b"]`);
  eq("bi_array$concat", ["[]", "[]"], "[]");
  eq("bi_array$slice", ["[1,2,3]", "1", "2"], "[2]");
  eq("bi_array$slice", ["[1,2,3]", "-5", "10"], "[1,2,3]");
  eq("bi_array$slice", ["[1,2,3]", "2", "1"], "[]");
  eq("bi_array$slice", ["[]", "1", "2"], "[]");
  eq("bi_array$reverse", ["[1,2,3]"], "[3,2,1]");
  eq("bi_array$reverse", ["[]"], "[]");
  eq("bi_array$concat", ["[1]", "set:[2]"], undefined);
});

test("any / all (corpus: v0-any-all-deprecated)", () => {
  eq("bi_any", ["[false, true]"], "true");
  eq("bi_all", ["[true, true]"], "true");
  eq("bi_any", ["[]"], "false");
  eq("bi_all", ["[]"], "true");
  eq("bi_all", ["[true, 1]"], "false");
  eq("bi_any", ["set:[false]"], "false");
  eq("bi_any", ["1"], undefined);
});

test("json.marshal / unmarshal / is_valid (corpus: conversions)", () => {
  eq("bi_json$marshal", [`{"b": [1, 2], "a": null}`], JSON.stringify(`{"a":null,"b":[1,2]}`));
  eq("bi_json$marshal", ["[]"], JSON.stringify("[]"));
  eq("bi_json$marshal", [`"<a&b>"`], JSON.stringify(`"\\u003ca\\u0026b\\u003e"`));
  eq("bi_json$marshal", ["set:[2,1]"], JSON.stringify("[1,2]"));
  eq("bi_json$marshal", ["1.50"], JSON.stringify("1.50"));
  eq("bi_json$unmarshal", [JSON.stringify(`{"k": [1, 2]}`)], `{"k":[1,2]}`);
  eq("bi_json$unmarshal", [JSON.stringify(`{"k": [1, 2]`)], undefined);
  eq("bi_json$is_valid", [JSON.stringify(`{"k": [1, 2]}`)], "true");
  eq("bi_json$is_valid", [JSON.stringify(`{"k"`)], "false");
  eq("bi_json$is_valid", ["1"], "false");
  // non-string keys: their JSON text, sorted as strings (Go map[string]any)
  const o = rt.x.rt_make_object();
  rt.x.rt_object_insert(o, rt.parse("10"), rt.parse(`"ten"`));
  rt.x.rt_object_insert(o, rt.parse("9"), rt.parse(`"nine"`));
  rt.x.rt_object_insert(o, rt.parse(`"a"`), rt.parse(`"A"`));
  assert.is(rt.dump(o), `{"10":"ten","9":"nine","a":"A"}`);
});

test("base64 / base64url / hex (corpus: base64-and-hex)", () => {
  const s = JSON.stringify("hello world?");
  eq("bi_base64$encode", [s], `"aGVsbG8gd29ybGQ/"`);
  eq("bi_base64$decode", [`"aGVsbG8gd29ybGQ/"`], s);
  eq("bi_base64url$encode", [s], `"aGVsbG8gd29ybGQ_"`);
  eq("bi_hex$encode", [s], `"68656c6c6f20776f726c643f"`);
  eq("bi_hex$decode", [`"68656c6c6f20776f726c643f"`], s);
  eq("bi_hex$decode", [`"6"`], undefined);
  eq("bi_hex$decode", [`"zz"`], undefined);
  eq("bi_base64$encode", [`"a"`], `"YQ=="`);
  eq("bi_base64$encode", [`"ab"`], `"YWI="`);
  eq("bi_base64$encode", [`""`], `""`);
  eq("bi_base64$encode", [`"é😀"`], `"w6nwn5iA"`);
  eq("bi_base64$decode", [`"w6nwn5iA"`], `"é😀"`);
  eq("bi_base64$decode", [`"YQ"`], undefined);
  eq("bi_base64$decode", [`"YQ=="`], `"a"`);
  eq("bi_base64$decode", [`"Y!=="`], undefined);
  eq("bi_base64$decode", [`"/w=="`], `"\uFFFD"`);
  eq("bi_base64$is_valid", [`"YQ=="`], "true");
  eq("bi_base64$is_valid", [`"YQ="`], "false");
  eq("bi_base64url$decode", [`"aGVsbG8gd29ybGQ_"`], s);
  eq("bi_base64url$decode", [`"YQ"`], `"a"`);
  eq("bi_base64url$decode", [`"YWI"`], `"ab"`);
  eq("bi_base64url$decode", [`"Y"`], undefined);
  eq("bi_base64url$encode_no_pad", [`"a"`], `"YQ"`);
  eq("bi_base64url$encode", [`"a"`], `"YQ=="`);
});

test("units.parse / units.parse_bytes (corpus: numbers-range-and-units)", () => {
  eq("bi_units$parse_bytes", [`"128Mi"`], "134217728");
  eq("bi_units$parse_bytes", [`"1G"`], "1000000000");
  eq("bi_units$parse_bytes", [`"1KiB"`], "1024");
  eq("bi_units$parse_bytes", [`"10kb"`], "10000");
  eq("bi_units$parse_bytes", [`"100"`], "100");
  eq("bi_units$parse_bytes", [`"1.5Ki"`], "1536");
  eq("bi_units$parse_bytes", [`"1 Gi"`], undefined);
  eq("bi_units$parse_bytes", [`"Gi"`], undefined);
  eq("bi_units$parse_bytes", [`"1Qi"`], undefined);
  eq("bi_units$parse", [`"500m"`], "0.5000000000"); // OPA: big.Rat, FloatString(10) (value 0.5)
  eq("bi_units$parse", [`"2"`], "2");
  eq("bi_units$parse", [`"1.5"`], "1.5000000000");
  eq("bi_units$parse", [`"1k"`], "1000");
  eq("bi_units$parse", [`"1M"`], "1000000");
  eq("bi_units$parse", [`"2Mi"`], "2097152");
  eq("bi_units$parse", [`"1Gi"`], "1073741824");
  eq("bi_units$parse", [`"100m"`], "0.1000000000");
  eq("bi_units$parse", [`"1.23456789012345m"`], "0.0012345679"); // ten decimals, half away from zero
  eq("bi_units$parse", [`"0.00000000005"`], "0.0000000001");
  eq("bi_units$parse", [`"18446744073709551617"`], "18446744073709551617");
  eq("bi_units$parse", [`"x"`], undefined);
  eq("bi_units$parse", [`"1..2"`], undefined);
});

test("object.union_n, deprecated cast_* and set_diff, numbers.range_step, bits.*, trace", () => {
  eq("bi_object$union_n", [`[{"a":1,"n":{"x":1}},{"b":2},{"a":3,"n":{"y":2}}]`], `{"a":3,"b":2,"n":{"x":1,"y":2}}`);
  eq("bi_object$union_n", ["[]"], "{}");
  eq("bi_object$union_n", [`[{"a":1},1]`], undefined);
  eq("bi_cast_array", ["set:[2,1]"], "[1,2]");
  eq("bi_cast_array", ["[2,1]"], "[2,1]");
  eq("bi_cast_array", ["1"], undefined);
  eq("bi_cast_set", ["[2,1,2]"], "[1,2]");
  eq("bi_cast_string", [`"a"`], `"a"`);
  eq("bi_cast_string", ["1"], undefined);
  eq("bi_cast_boolean", ["true"], "true");
  eq("bi_cast_null", ["null"], "null");
  eq("bi_cast_object", ["{}"], "{}");
  eq("bi_set_diff", ["set:[1,2]", "set:[2]"], "[1]");
  eq("bi_numbers$range_step", ["0", "10", "3"], "[0,3,6,9]");
  eq("bi_numbers$range_step", ["10", "0", "4"], "[10,6,2]");
  eq("bi_numbers$range_step", ["0", "10", "0"], undefined);
  eq("bi_bits$and", ["12", "10"], "8");
  eq("bi_bits$or", ["12", "10"], "14");
  eq("bi_bits$xor", ["12", "10"], "6");
  eq("bi_bits$negate", ["5"], "-6");
  eq("bi_bits$lsh", ["1", "10"], "1024");
  eq("bi_bits$rsh", ["-5", "1"], "-3");
  eq("bi_bits$and", ["1.5", "1"], undefined);
  eq("bi_trace", [`"note"`], "true");
});

test.run();
