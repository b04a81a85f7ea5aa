// Numbers with OPA's semantics: exact integers of any size (big.Int), big.Float with a 64-bit
// mantissa where OPA uses it, exact comparison of number texts. Expected values follow OPA's
// topdown (arithmetic.go, aggregates.go, bits.go, format_int) and its test expectations; the float
// results were checked against an independent exact-rational model of 64-bit round-half-even with
// Go's shortest 'g'/'f' text.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { instantiate } from "./harness.ts";

const rt = instantiate();
const eq = (name: string, args: string[], want: string | undefined) => {
  assert.is(rt.call(name, ...args), want, `${name}(${args.join(", ")})`);
};
const P64 = "18446744073709551616"; // 2^64
/** A builtin on a set built element by element (the harness's "set:" goes through JSON.parse). */
const onSet = (name: string, ...items: string[]): string => rt.dump(rt.x[name](rt.set(...items)));

test("+ - * on integers beyond 2^53 and 2^64 are exact", () => {
  eq("bi_plus", ["18446744073709551617", "1"], "18446744073709551618");
  eq("bi_minus", ["18446744073709551617", "1"], P64);
  eq("bi_mul", ["18446744073709551617", "2"], "36893488147419103234");
  eq("bi_plus", ["123456789012345678901234567890", "1"], "123456789012345678901234567891");
  eq("bi_minus", ["-18446744073709551617", "1"], "-18446744073709551618");
  eq("bi_plus", ["9223372036854775807", "1"], "9223372036854775808");
  eq("bi_plus", ["9007199254740991", "1"], "9007199254740992"); // leaves the f64 fast path exactly
  eq("bi_plus", ["9007199254740992", "1"], "9007199254740993");
  eq("bi_mul", ["94906267", "94906267"], "9007199515875289");
  eq("bi_minus", ["100", "661e23"], "-66099999999999999999999900"); // 661e23 is an integer: exact
  eq("bi_plus", ["1.0", "18446744073709551617"], "18446744073709551618");
  eq("bi_plus", ["2", "3"], "5");
});

test("+ - * on non-integers: big.Float (64-bit mantissa), OPA's text", () => {
  eq("bi_plus", ["1.5", "2.5"], "4");
  eq("bi_plus", ["1", "2.5"], "3.5");
  eq("bi_mul", ["2.5", "2"], "5");
  eq("bi_plus", ["0.1", "0.2"], "0.3");
  eq("bi_minus", ["0.3", "0.1"], "0.20000000000000000002");
  eq("bi_mul", ["1.1", "1.1"], "1.21");
  eq("bi_plus", ["68149772622318119.5", "84641178"], "6.81497727069592975e+16");
  eq("bi_minus", ["404.8797323217", "62632597598"], "-6.2632597193120267678e+10");
  eq("bi_mul", ["2e308", "2"], "4" + "0".repeat(308)); // no infinity: an exact integer
  eq("bi_mul", ["2.5e308", "2"], "5" + "0".repeat(308));
});

test("/ is big.Float; % is exact integer remainder (sign of the dividend)", () => {
  eq("bi_div", ["1", "3"], "0.33333333333333333334");
  eq("bi_div", ["2", "3"], "0.6666666666666666667");
  eq("bi_div", ["22", "7"], "3.1428571428571428572");
  eq("bi_div", ["7", "2"], "3.5");
  eq("bi_div", ["10", "5"], "2");
  eq("bi_div", ["36893488147419103234", "2"], "18446744073709551616"); // 66-bit dividend: rounded to 64 bits first
  eq("bi_div", ["1", "0"], undefined);
  eq("bi_div", ["1", "0.0"], undefined);
  eq("bi_rem", ["10", P64], "10");
  eq("bi_rem", ["5", "55340232221128654848"], "5");
  eq("bi_rem", ["7", "340282366920938463463374607431768211456"], "7");
  eq("bi_rem", ["100", "-" + P64], "100");
  eq("bi_rem", ["18446744073709551617", P64], "1");
  eq("bi_rem", ["-18446744073709551617", P64], "-1");
  eq("bi_rem", ["10", "18446744073709551617"], "10");
  eq("bi_rem", ["7", "0"], undefined);
  eq("bi_rem", ["18446744073709551617", "0"], undefined);
  eq("bi_rem", ["7.5", "2"], undefined);
  eq("bi_rem", ["1e1", "3"], "1");
});

test("comparison and equality are by exact value", () => {
  eq("bi_neq", ["28857836529306024611913", "28857836529306024611912"], "true");
  eq("bi_equal", ["28857836529306024611913", "28857836529306024611913.0"], "true");
  eq("bi_lt", ["28857836529306024611912", "28857836529306024611913"], "true");
  eq("bi_gt", ["28857836529306024611912", "28857836529306024611913"], "false");
  eq("bi_equal", ["1.0", "1"], "true");
  eq("bi_equal", ["1e3", "1000"], "true");
  eq("bi_equal", ["-0", "0"], "true");
  eq("bi_lt", ["1e400", "2e400"], "true");
  eq("bi_lt", ["-1e400", "1"], "true");
  eq("bi_equal", ["0.1", "0.1000000000000000000001"], "false");
  eq("bi_lt", ["0.1", "0.1000000000000000000001"], "true");
  // a text-less f64 integer beyond 2^63 equals its exact literal (units.parse("10Ei"))
  assert.is(rt.dump(rt.x.bi_equal(rt.x["bi_units$parse"](rt.parse(`"10Ei"`)), rt.parse("11529215046068469760"))), "true");
  // sets and object keys keep big integers apart
  assert.is(onSet("bi_count", "18446744073709551617", P64, "18446744073709551617", "18446744073709551617.0"), "2");
  assert.is(onSet("bi_sort", "18446744073709551617", P64, "1e400", "9007199254740993"),
    `[9007199254740993,${P64},18446744073709551617,1e400]`);
  const o = rt.x.rt_make_object();
  rt.x.rt_object_insert(o, rt.parse("18446744073709551617"), rt.parse(`"a"`));
  rt.x.rt_object_insert(o, rt.parse(P64), rt.parse(`"b"`));
  assert.is(rt.dump(o), `{"18446744073709551616":"b","18446744073709551617":"a"}`);
});

test("sum and product: exact on integers, big.Float otherwise", () => {
  eq("bi_sum", ["[18446744073709551617, 1]"], "18446744073709551618");
  assert.is(onSet("bi_sum", "18446744073709551617", "1"), "18446744073709551618");
  eq("bi_product", ["[18446744073709551617, 2]"], "36893488147419103234");
  eq("bi_sum", ["[9223372036854775807, 1]"], "9223372036854775808");
  assert.is(onSet("bi_sum", "9223372036854775807", "1", "2"), "9223372036854775810");
  eq("bi_sum", ["[-9223372036854775808, -1]"], "-9223372036854775809");
  eq("bi_sum", ["[9007199254740991, 1, 1]"], "9007199254740993");
  eq("bi_sum", ["[1, 2, 3]"], "6");
  eq("bi_product", ["[2, 3, 4]"], "24");
  eq("bi_sum", ["[1.5, 2.5]"], "4");
  eq("bi_sum", ["[1, 2.5]"], "3.5");
  eq("bi_product", ["[1.5, 2]"], "3");
  eq("bi_sum", ["[0.1, 0.2, 0.3]"], "0.6");
  eq("bi_sum", ["[]"], "0");
  eq("bi_product", ["[]"], "1");
  eq("bi_sum", ["[1, \"a\"]"], undefined);
});

test("abs, round, ceil, floor: on the 64-bit float of the operand, as OPA", () => {
  eq("bi_abs", ["-18446744073709551617"], P64); // 65 bits: OPA rounds to 64
  eq("bi_abs", ["-5"], "5");
  eq("bi_abs", ["-1.25"], "1.25");
  eq("bi_round", ["2.5"], "3");
  eq("bi_round", ["-2.5"], "-3");
  eq("bi_round", ["0.49999999999999994"], "0");
  eq("bi_round", ["1e30"], "1000000000000000000024696061952");
  eq("bi_ceil", ["1.01"], "2");
  eq("bi_ceil", ["-1.99999"], "-1");
  eq("bi_floor", ["99.99999"], "99");
  eq("bi_floor", ["-1.5"], "-2");
  // OPA's arithCeil/arithFloor truncate first: ceil(-0.5) is 1 and floor(-0.5) is 0
  eq("bi_ceil", ["-0.5"], "1");
  eq("bi_floor", ["-0.5"], "0");
  eq("bi_ceil", ["18446744073709551617"], P64);
});

test("bits: big.Int semantics (two's complement for negatives)", () => {
  eq("bi_bits$lsh", ["9223372036854775807", "1"], "18446744073709551614");
  eq("bi_bits$lsh", ["1", "64"], P64);
  eq("bi_bits$rsh", [P64, "63"], "2");
  eq("bi_bits$rsh", ["-18446744073709551617", "1"], "-9223372036854775809");
  eq("bi_bits$rsh", ["-5", "1"], "-3");
  eq("bi_bits$and", ["-18446744073709551617", "18446744073709551615"], "18446744073709551615");
  eq("bi_bits$or", [P64, "1"], "18446744073709551617");
  eq("bi_bits$xor", ["18446744073709551617", "1"], P64);
  eq("bi_bits$negate", ["18446744073709551617"], "-18446744073709551618");
  eq("bi_bits$and", ["12", "10"], "8");
  eq("bi_bits$lsh", ["1", "-1"], undefined);
  eq("bi_bits$and", ["1.5", "1"], undefined);
});

test("format_int: exact at any size, fractions truncated toward zero", () => {
  eq("bi_format_int", ["18446744073709551617", "16"], `"10000000000000001"`);
  eq("bi_format_int", ["18446744073709551617", "10"], `"18446744073709551617"`);
  eq("bi_format_int", ["18446744073709551617", "8"], `"2000000000000000000001"`);
  eq("bi_format_int", ["18446744073709551617", "2"], `"1${"0".repeat(63)}1"`);
  eq("bi_format_int", ["-18446744073709551617", "16"], `"-10000000000000001"`);
  eq("bi_format_int", ["15.9", "16"], `"f"`);
  eq("bi_format_int", ["-15.9", "16"], `"-f"`);
  eq("bi_format_int", ["1e20", "16"], `"56bc75e2d63100000"`);
  eq("bi_format_int", ["10", "3"], undefined);
});

test("numbers.range over big integers", () => {
  eq("bi_numbers$range", [P64, "18446744073709551618"], `[${P64},18446744073709551617,18446744073709551618]`);
  eq("bi_numbers$range", ["18446744073709551618", P64], `[18446744073709551618,18446744073709551617,${P64}]`);
  eq("bi_numbers$range", ["1", "3"], "[1,2,3]");
  eq("bi_numbers$range", ["0", "1e30"], undefined); // more than 100,000,000 numbers
  eq("bi_numbers$range", ["1.5", "3"], undefined);
  eq("bi_numbers$range_step", [P64, "18446744073709551626", "5"], `[${P64},18446744073709551621,18446744073709551626]`);
  eq("bi_numbers$range_step", ["18446744073709551626", P64, "4"], `[18446744073709551626,18446744073709551622,18446744073709551618]`);
  eq("bi_numbers$range_step", ["1", "10", "4"], "[1,5,9]");
  eq("bi_numbers$range_step", ["1", P64, "0"], undefined);
  eq("bi_numbers$range_step", ["1", "10", "-1"], undefined);
});

test("number text survives JSON: input big integers and exponents print as given", () => {
  const f = (s: string) => rt.dump(rt.parse(s));
  assert.is(f("[18446744073709551617, 1e400, 1.0, -0, 28857836529306024611913]"),
    "[18446744073709551617,1e400,1.0,-0,28857836529306024611913]");
  eq("bi_to_number", [`"1e400"`], undefined); // strconv.ParseFloat: out of range
  eq("bi_to_number", [`"18446744073709551617"`], "18446744073709551617");
  eq("bi_plus", ["1e400", "1e400"], "2" + "0".repeat(400));
});

test.run();
