// regex.* builtins: Go regexp (RE2) syntax and leftmost-first semantics; values from Go's
// regexp documentation and OPA's builtin docs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { call, checkTable } from "./util.ts";

test("regex.match: syntax, flags, anchors, classes", () => {
  checkTable("regex.match", [
    [["^gcr\\.io/", "gcr.io/proj/img"], true],
    [["nginx", "abc"], false],
    [["^[0-9]+$", "123"], true],
    [["^[a-z]+$", "gcr.io/proj/img"], false],
    [["a.c", "a\nc"], false],
    [["(?s)a.c", "a\nc"], true],
    [["^b", "a\nb"], false],
    [["(?m)^b", "a\nb"], true],
    [["a$", "a\n"], false],
    [["(?m)a$", "a\nb"], true],
    [["\\Aab\\z", "ab"], true],
    [["(?i)hello", "HeLLo"], true],
    [["(?i:h)ello", "HELLO"], false],
    [["(?i)straße", "STRASSE"], false],
    [["(?i)é", "É"], true],
    [["(?i)σ", "ς"], true],
    [["(?i)k", "\u212a"], true],
    [["(?i)ǆ", "ǅ"], true],
    [["(?i)[a-z]+$", "ſK"], true],
    [["(?i)ß", "ẞ"], true],
    [["[a-z]", "K"], false],
    [["\\bfoo\\b", "a foo b"], true],
    [["\\bfoo\\b", "afoob"], false],
    [["\\Bfoo", "afoo"], true],
    [["[[:alpha:]]+", "123"], false],
    [["^[[:digit:]]+$", "123"], true],
    [["[[:^digit:]]", "123"], false],
    [["^[[:upper:][:digit:]_]+$", "AB_12"], true],
    [["\\d{3}-\\d{4}", "555-1234"], true],
    [["^\\w+$", "ab_9"], true],
    [["^\\W$", "é"], true],
    [["\\s", "a\tb"], true],
    [["^\\S+$", "a b"], false],
    [["^x{2,3}$", "x"], false],
    [["^x{2,}$", "xxxx"], true],
    [["^x{2}$", "xxx"], false],
    [["a{,2}", "a{,2}"], true],
    [["[^a]", "\n"], true],
    [["\\Qa.b\\E", "axb"], false],
    [["\\Qa.b\\E", "a.b"], true],
    [["\\x41\\x{1F600}", "A😀"], true],
    [["\\101", "A"], true],
    [["^.{4}$", "café"], true],
    [["^[à-ÿ]+$", "éè"], true],
    [["a|b|c", "xcx"], true],
    [["^(?:ab|cd)+$", "abcdab"], true],
    [["^(?P<x>a)(?<y>b)$", "ab"], true],
    [["[a-c-e]", "-"], true],
    [["[]a]", "]"], true],
    [["^[\\d\\-]+$", "12-3"], true],
    [["(?U)^a+$", "aaa"], true],
    [["^$", ""], true],
    [["", "anything"], true],
  ]);
});

test("regex.match: Unicode classes \\pL \\p{Greek} \\P{Lu} \\p{^N} [\\p{Nd}]", () => {
  checkTable("regex.match", [
    [["^\\pL+$", "héllo"], true],
    [["^\\pL+$", "h3llo"], false],
    [["^\\p{L}+$", "日本語"], true],
    [["^\\p{Lu}$", "É"], true],
    [["^\\p{Lu}$", "é"], false],
    [["^\\P{Lu}$", "é"], true],
    [["^\\p{^Lu}$", "É"], false],
    [["^\\p{Greek}+$", "αβγ"], true],
    [["^\\p{Greek}+$", "abc"], false],
    [["^\\p{Han}$", "語"], true],
    [["^\\p{Cyrillic}+$", "Привет"], true],
    [["^[\\p{Nd}]+$", "١٢٣"], true],
    [["^\\pN$", "½"], true],
    [["^\\p{Zs}$", "\u00a0"], true],
    [["^\\p{Any}$", "😀"], true],
    [["(?i)^\\p{Lu}+$", "abc"], true],
    [["^[^\\pL]+$", "123"], true],
  ]);
});

test("regex.match: invalid patterns and non-strings are undefined", () => {
  checkTable("regex.match", [
    [["(", "x"], undefined],
    [[")", "x"], undefined],
    [["[a", "x"], undefined],
    [["a**", "x"], undefined],
    [["a*?+", "x"], undefined],
    [["*a", "x"], undefined],
    [["a{1001}", "x"], undefined],
    [["x{2,1}", "x"], undefined],
    [["(?P<n>a)(?P<n>b)", "x"], undefined],
    [["\\1", "x"], undefined],
    [["\\8", "x"], undefined],
    [["[z-a]", "x"], undefined],
    [["\\", "x"], undefined],
    [["(?z)", "x"], undefined],
    [["[[:foo:]]", "x"], undefined],
    [["\\p{Foo}", "x"], undefined],
    [["\\p", "x"], undefined],
    [["\\p{L", "x"], undefined],
    [["[a-\\pL]", "x"], undefined],
    [[1, "x"], undefined],
    [["a", 1], undefined],
  ]);
});

test("re_match is regex.match", () => {
  checkTable("re_match", [
    [["^a+$", "aaa"], true],
    [["^a+$", "aab"], false],
    [["(", "a"], undefined],
  ]);
});

test("regex.is_valid", () => {
  checkTable("regex.is_valid", [
    [["^[a-z]+$"], true],
    [["(?i)(?P<name>x)|y{1,1000}"], true],
    [["a{1000}"], true],
    [["[a"], false],
    [["a**"], false],
    [["(?<n>a)"], true],
    [[1], false],
    [[null], false],
  ]);
});

test("regex.find_n: all, limited, empty matches, leftmost-first", () => {
  checkTable("regex.find_n", [
    [["[0-9]+", "a1,b22;c333", -1], ["1", "22", "333"]],
    [["[0-9]+", "a1,b22;c333", 2], ["1", "22"]],
    [["[0-9]+", "a1,b22;c333", 0], []],
    [["[0-9]+", "abc", -1], []],
    [["a*", "baaab", -1], ["", "aaa", ""]],
    [["a|ab", "ab", -1], ["a"]],
    [["ab|a", "ab", -1], ["ab"]],
    [["a+?", "aaa", -1], ["a", "a", "a"]],
    [["a+", "aaa", -1], ["aaa"]],
    [["é+", "éé x é", -1], ["éé", "é"]],
    [["", "abc", -1], ["", "", "", ""]],
    [["[0-9]+", "a1", 1.5], undefined],
    [["(", "a", -1], undefined],
  ]);
});

test("regex.find_all_string_submatch_n", () => {
  checkTable("regex.find_all_string_submatch_n", [
    [["a(x*)b", "-axxb-ab-", -1], [["axxb", "xx"], ["ab", ""]]],
    [["a(x*)b(c)?", "-axxb-abc-", -1], [["axxb", "xx", ""], ["abc", "", "c"]]],
    [["(\\w)(\\d)?", "a1 b", 1], [["a1", "a", "1"]]],
    [["(?P<k>\\w+)=(\\w*)", "a=1 b= c=3", -1], [["a=1", "a", "1"], ["b=", "b", ""], ["c=3", "c", "3"]]],
    [["x", "abc", -1], []],
  ]);
});

test("regex.split: Go Regexp.Split(s, -1)", () => {
  checkTable("regex.split", [
    [["[,;]", "a1,b22;c333"], ["a1", "b22", "c333"]],
    [["a", "banana"], ["b", "n", "n", ""]],
    [["z+", "pizza"], ["pi", "a"]],
    [["a*", "abaabaccadaaae"], ["", "b", "b", "c", "c", "d", "e"]],
    [["", "abc"], ["a", "b", "c"]],
    [["a", ""], [""]],
    [["x", "abc"], ["abc"]],
    [["(", "abc"], undefined],
  ]);
});

test("regex.replace: Go ReplaceAllString with $ expansion", () => {
  checkTable("regex.replace", [
    [["a1,b22;c333", "[0-9]", "#"], "a#,b##;c###"],
    [["-ab-axxb-", "a(x*)b", "T"], "-T-T-"],
    [["-ab-axxb-", "a(x*)b", "$1"], "--xx-"],
    [["-ab-axxb-", "a(x*)b", "$1W"], "---"],
    [["-ab-axxb-", "a(x*)b", "${1}W"], "-W-xxW-"],
    [["-ab-axxb-", "a(?P<1W>x*)b", "$1W"], "--xx-"],
    [["-ab-axxb-", "a(?P<1W>x*)b", "${1}W"], "-W-xxW-"],
    [["-ab-axxb-", "a(?P<n>x*)b", "<${n}>"], "-<>-<xx>-"],
    [["ab", "a", "$$"], "$b"],
    [["ab", "a", "$"], "$b"],
    [["ab", "a", "${"], "${b"],
    [["baaab", "a*", "X"], "XbXbX"],
    [["héllo", "l+", "L"], "héLo"],
    [["abc", "(", "x"], undefined],
  ]);
});

test("regex.template_match (OPA docs examples) and Go QuoteMeta of the literal parts", () => {
  checkTable("regex.template_match", [
    [["urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"], true],
    [["urn:foo:{.*}", "urn:bar:baz", "{", "}"], false],
    [["urn:foo.bar.com:{.*}", "urn:foo.bar.com:bar:baz", "{", "}"], true],
    [["urn:foo.bar.com:{.*}", "urn:fooxbar.com:bar:baz", "{", "}"], false],
    [["urn:foo:<[0-9]{2}>:<.*>", "urn:foo:42:x", "<", ">"], true],
    [["urn:foo:<[0-9]{2}>:<.*>", "urn:foo:4:x", "<", ">"], false],
    [["a{b{c}}d", "ab{c}d", "{", "}"], true],
    [["a{b{c}}d", "abcd", "{", "}"], false],
    [["{(}", "x", "{", "}"], undefined],
    [["{a", "a", "{", "}"], undefined],
    [["a}", "a", "{", "}"], undefined],
    [["{.*}", "x", "{{", "}"], undefined],
  ]);
});

test("no backtracking blow-up: (a*)*b and (a|aa)+$ on long inputs", () => {
  const long = "a".repeat(20000);
  const c0 = process.cpuUsage();
  assert.is(call("regex.match", "(a*)*b", long), false);
  assert.is(call("regex.match", "^(a|aa)+$", long + "b"), false);
  assert.is(call("regex.match", "(x+x+)+y", "x".repeat(5000)), false);
  const c = process.cpuUsage(c0);
  // A hang guard, not a speed goal: backtracking would take hours here, linear matching milliseconds.
  assert.ok(c.user + c.system < 60e6, `took ${((c.user + c.system) / 1e6).toFixed(1)} s of CPU time`);
  assert.equal(call("regex.find_n", "a{1,3}", "a".repeat(3000), 2), ["aaa", "aaa"]);
});

test.run();
