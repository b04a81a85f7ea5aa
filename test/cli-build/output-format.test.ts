/**
 * Output every consumer reads: the YAML writer emits only what go-yaml's reader accepts (its
 * printable set; no raw CR, NEL, LS, PS or BOM; no block scalar whose first line starts with a
 * tab) and every string reads back identically; a lone surrogate is refused with its path; the
 * README's tables keep their cells whatever the strings hold. `goYamlProblems` restates go-yaml's
 * reader and scanner rules (yaml.v2/v3 readerc.go and scannerc.go) as a check over the text.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { load, loadAll } from "js-yaml";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBuild } from "../../src/cli/commands/build.js";
import { toYaml, yamlHeader, YamlValueError } from "../../src/gatekeeper/yaml.js";
import { mdCell, mdCode, mdText } from "../../src/gatekeeper/markdown.js";
import { KEY, NASTY } from "./fixtures/strings/strings.js";

const FIX = join(import.meta.dirname, "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "gpc-format-"));

/** What go-yaml (v2, v3) would refuse or misread in `text`. */
function goYamlProblems(text: string): string[] {
  const out: string[] = [];
  if (Buffer.from(text, "utf8").toString("utf8") !== text) out.push("not valid UTF-8 (a lone surrogate)");
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const printable = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    if (!printable) out.push(`control character U+${c.toString(16)} ("control characters are not allowed")`);
    else if (c === 0xd || c === 0x85 || c === 0x2028 || c === 0x2029) out.push(`raw line break U+${c.toString(16)}`);
    else if (c === 0xfeff) out.push("raw BOM");
  }
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    // A block scalar header without an indentation indicator: the first non-empty line sets the indentation.
    if (!/(?:^|[:-] )[|>][+-]?$/.test(line)) return;
    const next = lines.slice(i + 1).find((l) => l.trim() !== "");
    if (next !== undefined && /^ *\t/.test(next)) out.push(`line ${i + 2}: a tab character where an indentation space is expected`);
  });
  return out;
}

/** GFM's table cell splitter (cmark-gfm): a backslash escapes the next character. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\" && i + 1 < row.length) { cur += row[i]! + row[i + 1]!; i++; }
    else if (row[i] === "|") { out.push(cur); cur = ""; }
    else cur += row[i];
  }
  out.push(cur);
  return out.slice(1, -1); // leading and trailing pipes
}

const PIECES = [
  ..."\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f\u0080\u0085\u009f\u00a0\u2028\u2029\ufeff\ufffe\uffff",
  "😀", "é", " ", "  ", "#", ": ", "- ", "---", "...", "'", '"', "\\", "|", ">", "%", "@", "`", "&a", "*a", "!t", "{", "}", "[", "]", ",",
  "yes", "no", "on", "off", "~", "null", "1e3", "0x1F", "012", "1_000", ".inf", "<<", "=", "2001-01-01", "x",
];

function samples(): string[] {
  const out = [...PIECES, "", "\n", "\t\n", "\tstarts with a tab\nsecond\n", "\n\tafter a blank line\n", "  leading spaces\nx", "trailing \n", "a\n\n\n", "rego\n\tindented\n\t\tmore\n"];
  let seed = 20261201;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let i = 0; i < 3000; i++) {
    let s = "";
    for (let j = rand(12); j >= 0; j--) s += PIECES[rand(PIECES.length)]! + (rand(4) === 0 ? "\n" : "");
    out.push(s);
  }
  return out;
}

test("every string the writer writes: go-yaml accepts the file and the value reads back identically", () => {
  let n = 0;
  for (const s of samples()) {
    const doc = { value: s, [s === "" ? "empty" : s]: "as a key", list: [s, { nested: s }] };
    const text = toYaml(doc);
    assert.equal(goYamlProblems(text), [], `${JSON.stringify(s)} →\n${text}`);
    assert.equal(load(text), doc, JSON.stringify(s));
    n++;
  }
  assert.ok(n > 3000);
});

test("a multi-line string with none of those characters stays a literal block (Rego stays readable)", () => {
  const text = toYaml({ rego: "package p\n\nviolation contains msg if {\n\tmsg := \"x\"\n}\n" });
  assert.is(text, "rego: |\n  package p\n\n  violation contains msg if {\n  \tmsg := \"x\"\n  }\n");
  assert.is(toYaml({ rego: `a\u2028b\nc\n` }), 'rego: "a\\Lb\\nc\\n"\n');
  assert.is(toYaml({ rego: "\tfirst\nsecond\n" }), 'rego: "\\tfirst\\nsecond\\n"\n');
});

test("a lone surrogate is refused with its path, in values and keys", () => {
  assert.throws(() => toYaml({ spec: { containers: [{ name: "a\ud800" }] } }), (e: Error) => e instanceof YamlValueError && e.message === "spec.containers[0].name: contains a lone surrogate (U+D800), which UTF-8 cannot encode and YAML readers reject");
  assert.throws(() => toYaml({ metadata: { annotations: { "k\udc00": "v" } } }), (e: Error) => e instanceof YamlValueError && e.path === 'metadata.annotations["k\\udc00"]');
  // Pairs are fine.
  assert.is(toYaml({ emoji: "\ud83d\ude00" }), "emoji: 😀\n");
});

test("header comments stay comments", () => {
  const h = yamlHeader([`source policies/a\nb\u2028c\u0085d.ts`]);
  assert.is(h, "# source policies/a b\\u{2028}c\\u{85}d.ts\n");
  assert.equal(goYamlProblems(h), []);
});

test("a policy with hostile strings builds into files go-yaml reads, with the values intact", async () => {
  let err = "";
  const out = join(tmp, "strings");
  const code = await runBuild({ out, check: false, "rego-version": "v0", inputs: ["strings"] }, { out: () => {}, err: (s) => { err += s; } }, FIX);
  assert.is(code, 0, err);
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
  walk(out);
  for (const f of files.filter((f) => f.endsWith(".yaml"))) assert.equal(goYamlProblems(readFileSync(f, "utf8")), [], f);
  const sample = load(readFileSync(join(out, "strings/samples/ok.yaml"), "utf8")) as { metadata: { annotations: Record<string, string> } };
  assert.equal(sample.metadata.annotations, { [KEY]: "\tstarts with a tab\nthen a line\r\nand CRLF\n" });
  const [template] = loadAll(readFileSync(join(out, "templates/gpccustomstringsannotated.yaml"), "utf8")) as { spec: { targets: { rego?: string; code?: { engine: string; source: { rego: string } }[] }[] } }[];
  const target = template!.spec.targets[0]!;
  // With CEL (the default) the Rego sits in code[engine=Rego].
  assert.ok((target.rego ?? target.code!.find((c) => c.engine === "Rego")!.source.rego).includes(`["example.com/a\u2028b\u2029c\u0085d\ufeffe`), "the key reaches the Rego intact");
  const constraints = loadAll(readFileSync(join(out, "strings/constraints.yaml"), "utf8")) as { spec: { parameters: { message: string } } }[];
  assert.is(constraints[0]!.spec.parameters.message, `needs annotation ${NASTY} | \`tick\` \\| backslash-pipe`);

  // The README: every table row keeps its cells; nothing opens an HTML comment after the header.
  const readme = readFileSync(join(out, "strings/README.md"), "utf8");
  assert.match(readme, /^<!-- Generated by gpc from strings\/strings\.ts \(policy "strings"\)\. Do not edit; run `gpc build`\. -->\n# strings\n/);
  assert.not.match(readme.slice(1), /(^|[^\\])<!--/, "no unescaped <!-- after the header");
  let table: number | undefined;
  for (const line of readme.split("\n")) {
    if (!line.startsWith("|")) { table = undefined; continue; }
    const n = cells(line).length;
    if (table === undefined) table = n;
    assert.is(n, table, `cells in: ${line}`);
  }
  assert.ok(readme.includes("| Title \\| with a pipe and a newline \\<!-- not a comment --\\> \\*not bold\\* \\[not\\](a link) \\`x\\` | `strings-annotated` |"));
  assert.ok(readme.includes("| Exemptions | images ``registry\\|pipe.example.com/`tick`*`` |"));
  assert.ok(readme.includes("| `missing` | denied | `annotated` | `needs annotation`, `a\\|b`, ``back`tick`` |"));
});

test("a lone surrogate in a policy: exit 2 naming the policy and property path, nothing written", async () => {
  let err = "";
  const out = join(tmp, "surrogate");
  const code = await runBuild({ out, check: false, "rego-version": "v0", inputs: ["surrogate"] }, { out: () => {}, err: (s) => { err += s; } }, FIX);
  assert.is(code, 2);
  assert.is(err, 'error: emit-failed: policy "surrogate" (surrogate/surrogate.ts): cases[0].object.metadata.annotations.note: contains a lone surrogate (U+D800), which UTF-8 cannot encode and YAML readers reject\ngpc build: 1 error(s); nothing written\n');
  assert.equal(readdirSync(tmp).includes("surrogate"), false);
});

test("Markdown escaping: text, code spans, cells", () => {
  assert.is(mdText("a|b\\c `d` *e* <f> [g](h) $i$ ~j~ &k;\nl"), "a\\|b\\\\c \\`d\\` \\*e\\* \\<f\\> \\[g\\](h) \\$i\\$ \\~j\\~ \\&k; l");
  assert.is(mdCode("plain"), "`plain`");
  assert.is(mdCode("a`b"), "``a`b``");
  assert.is(mdCode("`x`"), "`` `x` ``");
  assert.is(mdCode("a|b"), "`a\\|b`");
  assert.is(mdCode("a\u2028b\u0000"), "`a b\\u{0}`");
  assert.is(mdCode(""), "(empty)");
  assert.is(mdCell(mdCode("a|b")), mdCode("a|b"), "idempotent");
  assert.is(cells(`| ${mdText("x\\|y")} | ${mdCode("p\\|q")} |`).length, 2);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
