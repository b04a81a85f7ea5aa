/**
 * regex.globs_match, uri.*, yaml.* and time zones as host builtins. Expected values: the
 * glob-intersection README's examples, Go's net/url behaviour, go-yaml v2 (what Kubernetes and
 * OPA's yaml builtins read), and the IANA zone rules (New York: UTC-5 in winter, UTC-4 in summer).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { evalRego } from "./harness.js";

test("regex.globs_match: intersection of non-empty strings", async () => {
  const r = await evalRego(`
both := regex.globs_match("a.a.", ".b.b")
none := regex.globs_match("[a-z]+", "[0-9]*")
plus := regex.globs_match("a.a.[0-9]+z", ".b.b2359825792*594823z")
escaped := regex.globs_match("[a-z]+\\\\[[0-9]+\\\\]", "foo\\\\[1\\\\]")
empty_only := regex.globs_match("a*", "b*")
bad := x if { x := regex.globs_match("pqrs]", "[a-b]+") } else := "undefined"
`);
  assert.equal(r, { both: true, none: false, plus: true, escaped: true, empty_only: false, bad: "undefined" });
});

test("uri.parse and uri.is_valid follow Go's net/url", async () => {
  const r = await evalRego(`
full := uri.parse("https://Example.com:8080/a%2Fb/c?q=1&r=2#top")
ipv6 := uri.parse("http://[::1]:80/")
mail := uri.parse("mailto:user@example.com")
empty := uri.parse("")
bad := x if { x := uri.parse("http://host:port/") } else := "undefined"
valid := [uri.is_valid("https://example.com"), uri.is_valid(""), uri.is_valid("1http://x"), uri.is_valid("%zz")]
`);
  assert.equal(r.full, { scheme: "https", hostname: "Example.com", port: "8080", path: "/a/b/c", raw_path: "/a%2Fb/c", raw_query: "q=1&r=2", fragment: "top" });
  assert.equal(r.ipv6, { scheme: "http", hostname: "::1", port: "80", path: "/", raw_path: "/" });
  assert.equal(r.mail, { scheme: "mailto" });
  assert.equal(r.empty, {});
  assert.is(r.bad, "undefined");
  assert.equal(r.valid, [true, false, false, false]);
});

test("yaml.unmarshal / yaml.is_valid read YAML 1.1 as go-yaml v2", async () => {
  const r = await evalRego(`
v := yaml.unmarshal("a: yes\\nb: 010\\nc: [1, 2.5]\\nd: ~\\ne: \\"x\\"\\n")
ok := yaml.is_valid("a: 1")
not_ok := yaml.is_valid("a: [1")
bad := x if { x := yaml.unmarshal("a: [1") } else := "undefined"
`);
  assert.equal(r.v, { a: true, b: 8, c: [1, 2.5], d: null, e: "x" });
  assert.is(r.ok, true);
  assert.is(r.not_ok, false);
  assert.is(r.bad, "undefined");
});

test("yaml.marshal writes block YAML with sorted keys that reads back to the value", async () => {
  const r = await evalRego(`
text := yaml.marshal({"b": [1, {"c": "yes"}], "a": {"s": {3, 1}}, "t": "true"})
back := yaml.unmarshal(text)
`);
  assert.is(r.text, "a:\n  s:\n  - 1\n  - 3\nb:\n- 1\n- c: \"yes\"\nt: \"true\"\n");
  assert.equal(r.back, { a: { s: [1, 3] }, b: [1, { c: "yes" }], t: "true" });
});

test("json.patch adds to a set only under the element's own key (OPA's edit tree)", async () => {
  const r = await evalRego(`
doc := {"foo": {"a", "b"}}
same := json.patch(doc, [{"op": "add", "path": "foo/c", "value": "c"}])
other := x if { x := json.patch(doc, [{"op": "add", "path": "foo/d", "value": "e"}]) } else := "undefined"
`);
  assert.equal(r.same, { foo: ["a", "b", "c"] });
  assert.is(r.other, "undefined");
});

test("strings.render_template: Go text/template over the variables, <no value> as <undefined>", async () => {
  const r = await evalRego(`
v := {"name": "pod", "n": 2023, "list": ["a", "b"], "m": {"y": 2, "x": 1}, "s": "str"}
simple := strings.render_template("{{.name}}-{{.n}}", v)
loop := strings.render_template("{{range $i, $x := .list}}{{if $i}},{{end}}{{$x}}{{end}}", v)
missing := strings.render_template("a {{.nope}} b", v)
control := strings.render_template("{{if eq .s \\"str\\"}}yes{{else}}no{{end}} {{with .m}}{{.x}}{{end}} {{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", v)
funcs := strings.render_template("{{len .list}} {{index .list 1}} {{printf \\"%s/%d\\" .s 7}} {{.m}} {{print 1 2 \\"a\\"}} {{html \\"<b>\\"}}", v)
trim := strings.render_template("x  {{- /* note */ -}}  y", v)
bad_field := x if { x := strings.render_template("{{.s.t}}", v) } else := "undefined"
bad_syntax := x if { x := strings.render_template("{{if}}", v) } else := "undefined"
`);
  assert.equal(r, {
    ...r,
    simple: "pod-2023", loop: "a,b", missing: "a <undefined> b", control: "yes 1 x=1;y=2;",
    funcs: "2 b str/7 map[x:1 y:2] 1 2a &lt;b&gt;", trim: "xy", bad_field: "undefined", bad_syntax: "undefined",
  });
});

test("time.* with IANA zones: offsets, DST, abbreviations; an unknown zone is undefined", async () => {
  const r = await evalRego(`
winter := 1700000000000000000
summer := 1690000000000000000
clock_ny := time.clock([winter, "America/New_York"])
clock_ny_summer := time.clock([summer, "America/New_York"])
date_kolkata := time.date([winter, "Asia/Kolkata"])
weekday_kiritimati := time.weekday([winter, "Pacific/Kiritimati"])
fmt := time.format([winter, "America/Los_Angeles", "Mon, 02 Jan 2006 15:04:05 MST -0700"])
rfc3339 := time.format([winter, "Europe/Berlin"])
dubai := time.format([winter, "Asia/Dubai", "MST Z07:00"])
add := time.add_date([winter, "America/New_York"], 0, 6, 0)
unknown := x if { x := time.clock([winter, "Nowhere/Atlantis"]) } else := "undefined"
utc := time.clock([winter, "UTC"])
`);
  assert.equal(r.clock_ny, [17, 13, 20]);
  assert.equal(r.clock_ny_summer, [0, 26, 40]);
  assert.equal(r.date_kolkata, [2023, 11, 15]);
  assert.is(r.weekday_kiritimati, "Wednesday");
  assert.is(r.fmt, "Tue, 14 Nov 2023 14:13:20 PST -0800");
  assert.is(r.rfc3339, "2023-11-14T23:13:20+01:00");
  assert.is(r.dubai, "+04 +04:00");
  // six months later in New York is 17:13:20 EDT, i.e. 21:13:20Z (the offset changed)
  assert.is(r.add, 1715721200000000000);
  assert.is(r.unknown, "undefined");
  assert.equal(r.utc, [22, 13, 20]);
});

test.run();
