// glob.match / glob.quote_meta: gobwas/glob semantics as OPA applies them (empty delimiter list
// means ["."], null means none). Expected values from OPA's builtin docs and the corpus.
import { test } from "uvu";
import { checkTable } from "./util.ts";

test("glob.match: OPA documentation examples", () => {
  checkTable("glob.match", [
    [["*.github.com", [], "api.github.com"], true],
    [["*.github.com", [], "api.cdn.github.com"], false],
    [["*hub.com", null, "api.cdn.github.com"], true],
    [["*:github:com", [":"], "api:github:com"], true],
    [["api.**.com", [], "api.github.com"], true],
    [["api.**.com", [], "api.cdn.github.com"], true],
    [["?at", [], "cat"], true],
    [["?at", [], "at"], false],
    [["[abc]at", [], "bat"], true],
    [["[abc]at", [], "fat"], false],
    [["[!abc]at", [], "cat"], false],
    [["[!abc]at", [], "fat"], true],
    [["[a-c]at", [], "cat"], true],
    [["[a-c]at", [], "lat"], false],
    [["[!a-c]at", [], "cat"], false],
    [["[!a-c]at", [], "lat"], true],
    [["{cat,bat,[fr]at}", [], "cat"], true],
    [["{cat,bat,[fr]at}", [], "bat"], true],
    [["{cat,bat,[fr]at}", [], "rat"], true],
    [["{cat,bat,[fr]at}", [], "at"], false],
  ]);
});

test("glob.match: conformance corpus and edge cases", () => {
  checkTable("glob.match", [
    [["gcr.io/*", [], "gcr.io/proj/img"], true],
    [["gcr.io/*", ["/"], "gcr.io/proj/img"], false],
    [["*", [], "abc"], true],
    [["*", ["/"], "abc"], true],
    [["1?3", [], "123"], true],
    [["1?3", ["/"], "123"], true],
    [["*", [], ""], true],
    [["?", [], ""], false],
    [["a*b", ["/", "."], "a/b"], false],
    [["a**b", ["/", "."], "a/x.y/b"], true],
    [["?", [], "."], false],
    [["?", null, "."], true],
    [["[.]", [], "."], true],
    [["[!x]", [], "."], true],
    [["\\*x", [], "*x"], true],
    [["\\*x", [], "ax"], false],
    [["a,b", [], "a,b"], true],
    [["}", [], "}"], true],
    [["{a,{b,c}}d", [], "cd"], true],
    [["{a,}x", [], "x"], true],
    [["é*", [], "élan"], true],
    [["*.example.com", [], "example.com"], false],
    [["k8s.gcr.io/*", [], "k8s.gcr.io/pause:3.9"], false],
    [["k8s.gcr.io/*", [], "k8s.gcr.io/pause:latest"], true],
  ]);
});

test("glob.match: invalid patterns and operands are undefined", () => {
  checkTable("glob.match", [
    [["[abc", [], "a"], undefined],
    [["{a,b", [], "a"], undefined],
    [["a\\", [], "a"], undefined],
    [["[a-z0-9]", [], "a"], undefined],
    [["*", ["ab"], "a"], undefined],
    [["*", [1], "a"], undefined],
    [["*", "x", "a"], undefined],
    [[1, [], "a"], undefined],
    [["*", [], 1], undefined],
  ]);
});

test("glob.quote_meta", () => {
  checkTable("glob.quote_meta", [
    [["*.github.com"], "\\*.github.com"],
    [["{a,b}[c]?\\"], "\\{a\\,b\\}\\[c\\]\\?\\\\"],
    [["plain"], "plain"],
    [[1], undefined],
  ]);
  checkTable("glob.match", [[["\\*.github.com\\{x\\}", [], "*.github.com{x}"], true]]);
});

test.run();
