// String builtins (OPA topdown/strings.go on Go's strings package): code-point indexes, sorted
// sets, Go edge cases (empty separators and cutsets, NewReplacer priority).
import { test } from "uvu";
import { checkTable, set } from "./util.ts";

test("conformance: strings-basic", () => {
  const cases: [string, string][] = [["abmidxyz", "  - hello -  "], ["", ""], ["\u00c4bmid\u00c9yz", " \u00e9 "]];
  const want = [
    { contains: true, ends: true, indexof: 2, lower: "abmidxyz", replace: "abMIDxyz", starts: true, substring: "bmi", trim: "hello", trim_left: "- hello -  ", trim_prefix: "midxyz", trim_right: "  - hello -", trim_space: "- hello -", trim_suffix: "abmidx", upper: "ABMIDXYZ" },
    { contains: false, ends: false, indexof: -1, lower: "", replace: "", starts: false, substring: "", trim: "", trim_left: "", trim_prefix: "", trim_right: "", trim_space: "", trim_suffix: "", upper: "" },
    { contains: true, ends: true, indexof: 2, lower: "äbmidéyz", replace: "ÄbMIDÉyz", starts: false, substring: "bmi", trim: "é", trim_left: "é ", trim_prefix: "ÄbmidÉyz", trim_right: " é", trim_space: "é", trim_suffix: "ÄbmidÉ", upper: "ÄBMIDÉYZ" },
  ];
  cases.forEach(([s, pad], i) => {
    const w = want[i];
    checkTable("startswith", [[[s, "ab"], w.starts]]);
    checkTable("endswith", [[[s, "yz"], w.ends]]);
    checkTable("contains", [[[s, "mid"], w.contains]]);
    checkTable("lower", [[[s], w.lower]]);
    checkTable("upper", [[[s], w.upper]]);
    checkTable("indexof", [[[s, "m"], w.indexof]]);
    checkTable("substring", [[[s, 1, 3], w.substring]]);
    checkTable("replace", [[[s, "mid", "MID"], w.replace]]);
    checkTable("trim", [[[pad, " -"], w.trim]]);
    checkTable("trim_space", [[[pad], w.trim_space]]);
    checkTable("trim_prefix", [[[s, "ab"], w.trim_prefix]]);
    checkTable("trim_suffix", [[[s, "yz"], w.trim_suffix]]);
    checkTable("trim_left", [[[pad, " "], w.trim_left]]);
    checkTable("trim_right", [[[pad, " "], w.trim_right]]);
  });
});

test("conformance: strings-split-concat and strings-misc", () => {
  checkTable("split", [[["a/b//c", "/"], ["a", "b", "", "c"]], [["", "/"], [""]], [["héllo", "/"], ["héllo"]]]);
  checkTable("concat", [[[",", ["z", "y", "x"]], "z,y,x"], [[",", set("z", "y", "x")], "x,y,z"], [[",", []], ""], [[",", set()], ""], [[",", ["a"]], "a"]]);
  checkTable("strings.replace_n", [[[{ a: "1", b: "2" }, "abba"], "1221"]]);
  checkTable("strings.any_prefix_match", [[["abba", ["x", "ab"]], true]]);
  checkTable("strings.any_suffix_match", [[["abba", ["ab", "ba"]], true]]);
  checkTable("strings.count", [[["abba", "a"], 2]]);
  checkTable("strings.reverse", [[["abba"], "abba"]]);
});

test("concat, split, replace: Go edge cases and type errors", () => {
  checkTable("concat", [
    [["", ["a", "b"]], "ab"],
    [["-", set("b", "a", "c")], "a-b-c"],
    [[",", ["a", 1]], undefined],
    [[",", "abc"], undefined],
    [[1, ["a"]], undefined],
  ]);
  checkTable("split", [
    [["a,b,c", ","], ["a", "b", "c"]],
    [["abc", ""], ["a", "b", "c"]],
    [["héllo😀", ""], ["h", "é", "l", "l", "o", "😀"]],
    [["", ""], []],
    [["a,b", ",,"], ["a,b"]],
    [[1, ","], undefined],
  ]);
  checkTable("replace", [
    [["aaa", "a", "b"], "bbb"],
    [["ab", "", "-"], "-a-b-"],
    [["aaaa", "aa", "a"], "aa"],
    [["x", "x", ""], ""],
    [["abc", 1, "x"], undefined],
  ]);
});

test("indexof, indexof_n, substring: code points", () => {
  checkTable("indexof", [
    [["héllo", "l"], 2],
    [["😀a😀b", "b"], 3],
    [["abc", "d"], -1],
    [["abc", ""], undefined],
    [["abc", "abcd"], -1],
  ]);
  checkTable("indexof_n", [
    [["aaa", "aa"], [0, 1]],
    [["héllo wörld", "l"], [2, 3, 9]],
    [["abc", "x"], []],
    [["abc", ""], undefined],
  ]);
  checkTable("substring", [
    [["abcdef", 0, 3], "abc"],
    [["abcdef", 2, -1], "cdef"],
    [["abcdef", 4, 100], "ef"],
    [["abcdef", 6, 1], ""],
    [["abcdef", 10, 1], ""],
    [["héllo😀x", 4, 2], "o😀"],
    [["", 0, 1], ""],
    [["abc", -1, 1], undefined],
    [["abc", 1.5, 1], undefined],
    [["abc", 0, "1"], undefined],
  ]);
});

test("lower, upper (Go simple case mapping), trims", () => {
  checkTable("upper", [[["straße"], "STRAßE"], [["ǆ"], "Ǆ"], [["ǳ"], "Ǳ"], [["αβγ"], "ΑΒΓ"], [["ᾳﬀ"], "ᾼﬀ"], [[1], undefined]]);
  checkTable("lower", [[["ÀÉÎ"], "àéî"], [["İ"], "i"], [["ΣΑΣ"], "σασ"], [["ABC"], "abc"]]);
  checkTable("trim", [
    [["xxhixx", "x"], "hi"],
    [["abcba", "ab"], "c"],
    [["hi", ""], "hi"],
    [["", "x"], ""],
    [["ééaé", "é"], "a"],
  ]);
  checkTable("trim_left", [[["aabba", "a"], "bba"]]);
  checkTable("trim_right", [[["aabba", "a"], "aabb"]]);
  checkTable("trim_prefix", [[["abc", "abc"], ""], [["abc", "x"], "abc"], [["abc", ""], "abc"]]);
  checkTable("trim_suffix", [[["abc", "bc"], "a"], [["abc", "abcd"], "abc"]]);
  checkTable("trim_space", [[["\t\n\u00a0 x y \u2003\r"], "x y"], [["\u200bx"], "\u200bx"]]);
  checkTable("startswith", [[["abc", ""], true], [["abc", 1], undefined]]);
  checkTable("endswith", [[["abc", "abc"], true], [["bc", "abc"], false]]);
  checkTable("contains", [[["abc", ""], true], [["", ""], true]]);
});

test("strings.replace_n: NewReplacer (sorted keys, first key wins at a position, no rescans)", () => {
  checkTable("strings.replace_n", [
    [[{ a: "b", b: "a" }, "ab"], "ba"],
    [[{ a: "1", aa: "2" }, "aaa"], "111"],
    [[{ aa: "2", b: "3" }, "aaab"], "2a3"],
    [[{ "": "-" }, "ab"], "-a-b-"],
    [[{ "": "-", a: "A" }, "ab"], "-A-b-"],
    [[{ héllo: "x" }, "héllo héllo"], "x x"],
    [[{}, "abc"], "abc"],
    [[{ a: 1 }, "abc"], undefined],
    [[["a"], "abc"], undefined],
  ]);
});

test("strings.any_prefix_match / any_suffix_match / count / reverse", () => {
  checkTable("strings.any_prefix_match", [
    [["foo bar", "foo"], true],
    [["foo bar", "bar"], false],
    [[["foo", "bar"], "ba"], true],
    [[set("foo", "bar"), ["x", "fo"]], true],
    [["foo", []], false],
    [["foo", [1]], undefined],
    [[1, "f"], undefined],
  ]);
  checkTable("strings.any_suffix_match", [
    [["foo bar", "bar"], true],
    [[["foo", "bar"], set("x", "oo")], true],
    [["foo", ["x"]], false],
  ]);
  checkTable("strings.count", [
    [["cheese", "e"], 3],
    [["five", ""], 5],
    [["ééé", ""], 4],
    [["aaaa", "aa"], 2],
    [["abc", 1], undefined],
  ]);
  checkTable("strings.reverse", [[["héllo😀"], "😀olléh"], [[""], ""], [[1], undefined]]);
});

test.run();
