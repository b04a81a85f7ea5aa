// METADATA blocks as the parser delimits them (OPA's parseAnnotations): a column-1 comment whose
// text starts with METADATA, then the column-1 comments on the lines directly below; one space
// after `#` is dropped. Modules without the word METADATA carry no blocks and no call flag.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseModule, type Module } from "../../../src/rego/syntax/index.js";
import { parseRefText, readAnnotations } from "../../../src/rego/syntax/annotations.js";

function mod(text: string): Module {
  const r = parseModule("t.rego", text, { regoVersion: "v1" });
  assert.equal(r.diagnostics, []);
  return r.module!;
}

test("blocks: lines, spans and line numbers", () => {
  const text = "package t\n# METADATA\n# title: x\n#  indented: kept\n\n# METADATA extra words\n#description: y\np := 1 # METADATA (not column 1)\n";
  const m = mod(text);
  assert.equal(m.metadata?.map((b) => ({ line: b.line, head: text.slice(b.span.start, b.span.end), lines: b.lines.map((l) => l.text) })), [
    { line: 2, head: "# METADATA", lines: ["title: x", " indented: kept"] },
    { line: 6, head: "# METADATA extra words", lines: ["description: y"] },
  ]);
  assert.is(text.slice(m.metadata![0]!.lines[1]!.span.start, m.metadata![0]!.lines[1]!.span.end), "#  indented: kept");
  assert.is(m.callsMetadata, undefined);
});

test("no blocks and no flag without METADATA; the flag with a call", () => {
  const plain = mod("package t\n# a comment\np := 1\n");
  assert.is(plain.metadata, undefined);
  assert.is("metadata" in plain, false);
  assert.is(mod("package t\np := rego.metadata.rule()\n").callsMetadata, true);
  assert.is(mod("package t\np := rego.metadata.chain()\n").callsMetadata, true);
  // The word in a string makes the lexer collect comments, but there is no block.
  assert.is(mod("package t\n# not a block\np := \"METADATA\"\n").metadata, undefined);
});

test("readAnnotations: fields as OPA keeps them", () => {
  const m = mod("package t\n# METADATA\n# scope: document\n# authors: [\"A B <a@b.c>\", {name: C}]\n# related_resources: [\"https://x.y\"]\np := 1\n");
  const r = readAnnotations(m.metadata![0]!);
  assert.is(r.diagnostic, undefined);
  assert.equal([r.annotations!.scope, r.annotations!.authors, r.annotations!.relatedResources], ["document", [{ name: "A B", email: "a@b.c" }, { name: "C", email: "" }], [{ ref: "https://x.y", description: "" }]]);
});

test("parseRefText: refs as OPA's Ref.toArray spells them", () => {
  assert.equal(parseRefText("input"), ["input"]);
  assert.equal(parseRefText("input.spec.containers[0]"), ["input", "spec", "containers", "0"]);
  assert.equal(parseRefText("data.a[\"b.c\"][x]"), ["data", "a", "b.c", "x"]);
  assert.equal(parseRefText("schema.pod"), ["schema", "pod"]);
  assert.is(parseRefText("foo"), undefined);
  assert.is(parseRefText("input."), undefined);
  assert.is(parseRefText("1.x"), undefined);
});

test.run();
