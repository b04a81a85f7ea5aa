// The document, graph, net.cidr_* and time.* builtins of runtime/builtins/ (documents.ts,
// netcidr.ts, time.ts), called as bare exports. Expected values are those of OPA's documentation
// and of the expectations in OPA's topdown test cases (evaluator semantics).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { instantiate } from "./harness.ts";

const rt = instantiate();
const eq = (name: string, args: string[], want: string | undefined) => {
  assert.is(rt.call(name, ...args), want, `${name}(${args.join(", ")})`);
};

test("walk: every [path, value] pair, pre-order, in OPA's order", () => {
  eq("bi_walk", [`{"b":[1],"a":2}`], `[[[],{"a":2,"b":[1]}],[["a"],2],[["b"],[1]],[["b",0],1]]`);
  eq("bi_walk", ["set:[1]"], `[[[],[1]],[[1],1]]`);
  eq("bi_walk", ["3"], `[[[],3]]`);
});

test("object.subset: objects recursively, sets, contiguous arrays, array ⊇ set", () => {
  eq("bi_object$subset", [`{"a":{"b":1,"c":2},"d":3}`, `{"a":{"b":1}}`], "true");
  eq("bi_object$subset", [`{"a":{"b":1}}`, `{"a":{"b":2}}`], "false");
  eq("bi_object$subset", [`{"a":[1,2,3,4]}`, `{"a":[2,3]}`], "true");
  eq("bi_object$subset", [`[1,2,3,4]`, `[1,3]`], "false");
  eq("bi_object$subset", [`[1,2,3]`, `set:[3,1]`], "true");
  eq("bi_object$subset", [`set:[1,2]`, `set:[2]`], "true");
  eq("bi_object$subset", [`{"a":1}`, `[1]`], undefined);
});

test("array.flatten: one level", () => {
  eq("bi_array$flatten", [`[1,[2,[3]],[]]`], `[1,2,[3]]`);
  eq("bi_array$flatten", [`{"a":1}`], undefined);
});

test("json.filter / json.remove: string and array paths, JSON-pointer escapes", () => {
  eq("bi_json$filter", [`{"a":{"b":1,"c":2},"d":3}`, `["a/b","d"]`], `{"a":{"b":1},"d":3}`);
  eq("bi_json$filter", [`{"a":[{"x":1},{"y":2}]}`, `["a/1"]`], `{"a":[{"y":2}]}`);
  eq("bi_json$filter", [`{"a/b":1,"c":2}`, `["a~1b"]`], `{"a/b":1}`);
  eq("bi_json$filter", [`{"a":{"b":1}}`, `[["a","b"]]`], `{"a":{"b":1}}`);
  eq("bi_json$remove", [`{"a":{"b":1,"c":2},"d":3}`, `set:["a/b"]`], `{"a":{"c":2},"d":3}`);
  eq("bi_json$remove", [`{"a":[1,2,3]}`, `["a/1"]`], `{"a":[1,3]}`);
  eq("bi_json$remove", [`{"a":1}`, `"a"`], undefined);
  eq("bi_json$filter", [`[1]`, `["0"]`], undefined);
});

test("json.patch: RFC 6902 operations; a failing operation makes the call undefined", () => {
  eq("bi_json$patch", [`{"a":[1,2]}`, `[{"op":"add","path":"/a/-","value":3},{"op":"replace","path":"/a/0","value":9}]`], `{"a":[9,2,3]}`);
  eq("bi_json$patch", [`{"a":{"b":1}}`, `[{"op":"move","from":"/a/b","path":"/c"}]`], `{"a":{},"c":1}`);
  eq("bi_json$patch", [`{"a":1}`, `[{"op":"copy","from":"/a","path":"/b"}]`], `{"a":1,"b":1}`);
  eq("bi_json$patch", [`{"a":1}`, `[{"op":"test","path":"/a","value":1},{"op":"remove","path":"/a"}]`], `{}`);
  eq("bi_json$patch", [`{"a":1}`, `[{"op":"test","path":"/a","value":2}]`], undefined);
  eq("bi_json$patch", [`{"a":1}`, `[{"op":"remove","path":"/b"}]`], undefined);
  eq("bi_json$patch", [`{"a":[1]}`, `[{"op":"add","path":"/a/5","value":1}]`], undefined);
  eq("bi_json$patch", [`{"s":"x"}`, `[{"op":"add","path":"","value":[1]}]`], `[1]`);
});

test("json.marshal_with_options: Go's MarshalIndent, prefix also on the first line (OPA)", () => {
  eq("bi_json$marshal_with_options", [`{"b":[],"a":[1,{}]}`, `{"indent":"  "}`], JSON.stringify(`{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}`));
  eq("bi_json$marshal_with_options", [`[1]`, `{"prefix":"--","pretty":true}`], JSON.stringify(`--[\n--\t1\n--]`));
  eq("bi_json$marshal_with_options", [`[]`, `{"prefix":"---"}`], JSON.stringify(`---[]`));
  eq("bi_json$marshal_with_options", [`{"a":1}`, `{"indent":"  ","pretty":false}`], JSON.stringify(`{"a":1}`));
  eq("bi_json$marshal_with_options", [`{"a":1}`, `{"colour":true}`], undefined);
});

test("graph.reachable / graph.reachable_paths", () => {
  const g = `{"a":["b"],"b":["c"],"c":[],"d":["a"]}`;
  eq("bi_graph$reachable", [g, `["a"]`], `["a","b","c"]`);
  eq("bi_graph$reachable", [g, `set:["d","x"]`], `["a","b","c","d"]`);
  eq("bi_graph$reachable", [`{"a":["a"]}`, `["a"]`], `["a"]`);
  eq("bi_graph$reachable_paths", [g, `["d"]`], `[["d","a","b","c"]]`);
  eq("bi_graph$reachable_paths", [`{"a":["b","c"],"b":["a"],"c":[]}`, `["a"]`], `[["a","b"],["a","c"]]`);
  eq("bi_graph$reachable", [`[1]`, `["a"]`], undefined);
});

test("net.cidr_merge / cidr_expand / cidr_contains_matches (OPA's cases)", () => {
  eq("bi_net$cidr_merge", [`["192.0.128.0/24","192.0.129.0/24"]`], `["192.0.128.0/23"]`);
  eq("bi_net$cidr_merge", [`["192.0.2.112/30","192.0.2.116/31","192.0.2.118/31"]`], `["192.0.2.112/29"]`);
  eq("bi_net$cidr_merge", [`["192.0.2.112/30","192.0.2.116/32","192.0.2.118/31"]`], `["192.0.2.112/30","192.0.2.116/32","192.0.2.118/31"]`);
  eq("bi_net$cidr_merge", [`["192.0.128.0/24","0.0.0.0/0"]`], `["0.0.0.0/0"]`);
  eq("bi_net$cidr_merge", [`["2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64","2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"]`], `["2601:600:8a80:207e::/64"]`);
  eq("bi_net$cidr_merge", [`["2601:600:8a80:207e:a57d:7567:e2c9:e7b3"]`], undefined);
  eq("bi_net$cidr_expand", [`"192.168.1.1/30"`], `["192.168.1.0","192.168.1.1","192.168.1.2","192.168.1.3"]`);
  eq("bi_net$cidr_expand", [`"192.168.1.1/33"`], undefined);
  eq("bi_net$cidr_contains_matches", [`["1.1.2.0/24","1.1.1.0/24"]`, `["1.1.1.1","1.1.2.1"]`], `[[0,1],[1,0]]`);
  eq("bi_net$cidr_contains_matches", [`"1.1.1.0/24"`, `"1.1.1.1"`], `[["1.1.1.0/24","1.1.1.1"]]`);
  eq("bi_net$cidr_contains_matches", [`["1.1.2.0/24"]`, `["1.1.1.1",1]`], undefined);
});

test("time: parse, date, clock, weekday, add_date, diff, format (UTC)", () => {
  eq("bi_time$parse_rfc3339_ns", [`"2017-06-02T19:00:00-07:00"`], "1496455200000000000");
  eq("bi_time$parse_rfc3339_ns", [`"1677-09-21T00:12:43.145224192-00:00"`], "-9223372036854775808");
  eq("bi_time$parse_rfc3339_ns", [`"2262-04-11T23:47:16.854775807-00:00"`], "9223372036854775807");
  eq("bi_time$parse_rfc3339_ns", [`"2262-04-11T23:47:16.854775808-00:00"`], undefined);
  eq("bi_time$parse_rfc3339_ns", [`"1677-09-21T00:12:43.145224191-00:00"`], undefined);
  eq("bi_time$parse_ns", [`"2006-01-02"`, `"2020-02-29"`], "1582934400000000000");
  eq("bi_time$parse_ns", [`"RFC822Z"`, `"02 Jan 06 15:04 -0700"`], "1136239440000000000");
  eq("bi_time$parse_ns", [`"2006-01-02"`, `"2021-02-29"`], undefined);
  eq("bi_time$parse_duration_ns", [`"1h30m"`], "5400000000000");
  eq("bi_time$parse_duration_ns", [`"100ms"`], "100000000");
  eq("bi_time$parse_duration_ns", [`"1.5d"`], "129600000000000");
  eq("bi_time$parse_duration_ns", [`"-2w"`], "-1209600000000000");
  eq("bi_time$parse_duration_ns", [`"1x"`], undefined);
  eq("bi_time$date", ["1517832000000000000"], "[2018,2,5]");
  eq("bi_time$clock", ["1517832000000000000"], "[12,0,0]");
  eq("bi_time$weekday", ["1517832000000000000"], `"Monday"`);
  eq("bi_time$weekday", [`[1518264000000000000, "UTC"]`], `"Saturday"`);
  eq("bi_time$date", ["-1"], "[1969,12,31]");
  eq("bi_time$add_date", ["1585852421593912000", "3", "9", "12"], "1705257221593912000");
  eq("bi_time$add_date", ["1585852421593912000", "-1", "-1", "-1"], "1551465221593912000");
  eq("bi_time$add_date", ["0", "2262", "1", "1"], undefined);
  eq("bi_time$diff", ["1580601600000000000", "1583020800000000000"], "[0,0,28,0,0,0]");
  eq("bi_time$format", ["1582934400000000000"], `"2020-02-29T00:00:00Z"`);
  eq("bi_time$format", ["1582934400123000000"], `"2020-02-29T00:00:00.123Z"`);
  eq("bi_time$format", [`[1582934400000000000, "UTC", "Mon Jan 02 15:04:05 -0700 2006"]`], `"Sat Feb 29 00:00:00 +0000 2020"`);
  eq("bi_time$format", [`[1582934400000000000, "", "RFC1123"]`], `"Sat, 29 Feb 2020 00:00:00 UTC"`);
  eq("bi_time$date", [`"x"`], undefined);
});

test("units.parse / units.parse_bytes: scientific notation (OPA's extractNumAndUnit)", () => {
  eq("bi_units$parse", [`"1e3M"`], "1000000000");
  eq("bi_units$parse", [`"2.5e3K"`], "2500000");
  eq("bi_units$parse", [`"1e-2"`], "0.0100000000"); // OPA: big.Rat FloatString(10)
  eq("bi_units$parse", [`"-5e1Gi"`], "-53687091200");
  eq("bi_units$parse", [`"5E"`], "5000000000000000000");
  eq("bi_units$parse", [`"1e1234567"`], undefined);
  eq("bi_units$parse_bytes", [`"1.5e3KB"`], "1500000");
  eq("bi_units$parse_bytes", [`"2e1mib"`], "20971520");
  eq("bi_units$parse_bytes", [`"1-2"`], undefined);
});

test("strings.split_n: the first n fields, or the last -n", () => {
  eq("bi_strings$split_n", [`"a.b.c"`, `"."`, "2"], `["a","b"]`);
  eq("bi_strings$split_n", [`"a.b.c"`, `"."`, "-1"], `["c"]`);
  eq("bi_strings$split_n", [`"a.b.c"`, `"."`, "0"], `[]`);
  eq("bi_strings$split_n", [`"a.b.c"`, `"."`, "9"], `["a","b","c"]`);
  eq("bi_strings$split_n", [`"abc"`, `""`, "2"], `["a","b"]`);
  eq("bi_strings$split_n", [`"a"`, `"."`, "1.5"], undefined);
});

test("urlquery: Go's QueryEscape / QueryUnescape / Values.Encode / ParseQuery", () => {
  eq("bi_urlquery$encode", [`"a b&c=d/é~"`], `"a+b%26c%3Dd%2F%C3%A9~"`);
  eq("bi_urlquery$decode", [`"a+b%26c%3Dd%2F%C3%A9~"`], `"a b\\u0026c=d/é~"`); // &: the dump is Go-style HTML-safe JSON
  eq("bi_urlquery$decode", [`"%zz"`], undefined);
  eq("bi_urlquery$encode_object", [`{"b":["x","y"],"a":"1 2","c":"set-ok"}`], `"a=1+2\\u0026b=x\\u0026b=y\\u0026c=set-ok"`);
  eq("bi_urlquery$encode_object", [`{"a":1}`], undefined);
  eq("bi_urlquery$decode_object", [`"a=1&b=x&b=y&c"`], `{"a":["1"],"b":["x","y"],"c":[""]}`);
});

test("io.jwt.decode: header, payload, signature as hex; nested JWTs; JWE rejected", () => {
  const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64url");
  const header = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64(JSON.stringify({ sub: "1234567890", name: "John Doe", iat: 1516239022 }));
  const sig = b64(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  eq("bi_io$jwt$decode", [JSON.stringify(`${header}.${payload}.${sig}`)],
    `[{"alg":"HS256","typ":"JWT"},{"iat":1516239022,"name":"John Doe","sub":"1234567890"},"deadbeef"]`);
  const outer = `${b64(JSON.stringify({ alg: "HS256", cty: "JWT" }))}.${b64(`"${header}.${payload}.${sig}"`)}.${sig}`;
  eq("bi_io$jwt$decode", [JSON.stringify(outer)], `[{"alg":"HS256","typ":"JWT"},{"iat":1516239022,"name":"John Doe","sub":"1234567890"},"deadbeef"]`);
  eq("bi_io$jwt$decode", [JSON.stringify(`${b64(JSON.stringify({ alg: "RSA-OAEP", enc: "A256GCM" }))}.${payload}.${sig}`)], undefined);
  eq("bi_io$jwt$decode", [`"a.b"`], undefined);
});

test.run();
