import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatProblem, parseDocuments, readAllObjects, readObjects } from "../../src/read/index.js";

const dir = mkdtempSync(join(tmpdir(), "gpc-read-"));
const pod = (name: string, extra = "") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${extra}`;
const read = (text: string, limits = {}) => readAllObjects({ file: "t", text }, { limits });
const names = (r: ReturnType<typeof read>) => r.objects.map((o) => [o.object.metadata.name, o.source.document, o.source.line, o.source.item]);

test("multi-document YAML: numbers, lines, empty documents, `...` ends, directives stay with their document", () => {
  const r = read(`${pod("a")}---\n---\n%YAML 1.1\n---\n${pod("b")}...\n# trailing comment\n---\n${pod("c")}`);
  assert.equal(r.problems, []);
  assert.equal(names(r), [["a", 1, 1, undefined], ["b", 4, 8, undefined], ["c", 5, 15, undefined]]);
});

test("JSON is sniffed by its first character (from files and stdin alike); concatenated values are documents", () => {
  const r = read(' \n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","name":"c"}}');
  assert.equal(names(r), [["a", 1, 2, undefined], ["c", 2, 3, undefined]]);
  assert.equal(r.problems.map(formatProblem), ['t: document 2 (line 3): warning: duplicate key "name" (the last one wins, as the API server reads it)']);
  assert.equal(read("[1, 2").problems.map((p) => p.message), ["invalid JSON: unexpected end of input"]);
  assert.equal(read('{"a": tru}').problems.map((p) => p.message), ['invalid JSON: unexpected "t"']);
  assert.equal(read('{"a": 1,}').problems.map((p) => p.message), ['invalid JSON: expected a string key but found "}"']);
});

test("JSON: deep nesting is one input error, whatever the depth", () => {
  for (const n of [501, 5000, 100000]) assert.equal(read(`{"a":${"[".repeat(n)}${"]".repeat(n)}}`).problems.map((p) => p.message), ["nesting deeper than 500 levels"]);
});

test("a List over the per-object limit is read item by item (YAML as kubectl writes it, and JSON)", () => {
  const items = Array.from({ length: 300 }, (_, i) => `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p${i}\n  spec:\n    containers:\n    - name: c\n      image: nginx\n`).join("");
  const yaml = `apiVersion: v1\nitems:\n${items}kind: List\nmetadata:\n  resourceVersion: ""\n`;
  const small = read(yaml);
  const streamed = read(yaml, { maxObjectBytes: 4096 });
  assert.equal(small.problems, []);
  assert.equal(streamed.problems, []);
  assert.is(streamed.objects.length, 300);
  assert.equal(streamed.objects.map((o) => o.object), small.objects.map((o) => o.object));
  assert.equal(streamed.objects.map((o) => [o.source.item, o.source.line]).slice(0, 2), [[0, 3], [1, 11]]);
  const json = JSON.stringify({ apiVersion: "v1", items: small.objects.map((o) => o.object), kind: "List" }, null, 1);
  const js = read(json, { maxObjectBytes: 4096 });
  assert.equal(js.problems, []);
  assert.equal(js.objects.map((o) => o.object), small.objects.map((o) => o.object));
  // Not a List after all: the items were read, and that is an error.
  assert.equal(read(yaml.replace("kind: List", "kind: Foo"), { maxObjectBytes: 4096 }).problems.map((p) => p.message), ['over the per-object size limit and not a List (kind "Foo"), yet its 300 items were read as objects']);
  // An item over the limit is refused on its own; the others are read.
  const fat = yaml.replace("name: p7\n", `name: p7\n  annotations:\n    a: "${"x".repeat(5000)}"\n`);
  const f = read(fat, { maxObjectBytes: 4096 });
  assert.is(f.objects.length, 299);
  assert.equal(f.problems.map((p) => [p.item, p.message]), [[7, "items[7] is over the 0.0 MiB limit per object; not read"]]);
});

test("a document over the per-object limit that is not a List is refused; the next documents are read", () => {
  const r = read(`${pod("big", `  annotations:\n    a: "${"x".repeat(5000)}"\n`)}---\n${pod("next")}`, { maxObjectBytes: 4096 });
  assert.equal(names(r), [["next", 2, 7, undefined]]);
  assert.equal(r.problems.map(formatProblem), ["t: document 1 (line 1): document is over the 0.0 MiB limit per object (the API server's request limit); not read"]);
});

test("bytes are bounded: /dev/zero, a NUL in a later chunk, invalid UTF-8, the per-input limit", () => {
  const z = readAllObjects({ file: "/dev/zero", path: "/dev/zero" });
  assert.equal(z.problems.map((p) => p.message), ["binary input (a NUL byte): not a manifest; not read further"]);
  const late = join(dir, "late.yaml");
  writeFileSync(late, Buffer.concat([Buffer.from(pod("a")), Buffer.from("---\n" + "# pad\n".repeat(100000)), Buffer.from([0])]));
  assert.equal(readAllObjects({ file: "late.yaml", path: late }).problems.map((p) => p.message), ["binary input (a NUL byte): not a manifest; not read further"]);
  const latin = join(dir, "latin.yaml");
  writeFileSync(latin, Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  assert.equal(readAllObjects({ file: "latin.yaml", path: latin }).problems.map((p) => p.message), ["binary input (not UTF-8 text): not a manifest; not read further"]);
  const many = join(dir, "many.yaml");
  writeFileSync(many, Array.from({ length: 20000 }, (_, i) => pod(`p${i}`)).join("---\n"));
  const cut = readAllObjects({ file: "many.yaml", path: many }, { limits: { maxInputBytes: 300 * 1024 } });
  assert.ok(cut.objects.length > 1000 && cut.objects.length < 20000, String(cut.objects.length));
  assert.equal(cut.problems.map((p) => p.message), ["input is over the 0.3 MiB limit per input; the rest was not read"]);
});

test("a FIFO given explicitly is read to its end, with the same bounds", () => {
  const fifo = join(dir, "pipe.yaml");
  execFileSync("mkfifo", [fifo]);
  // A writer in another process; the reader blocks until it writes and closes.
  const w = spawn("sh", ["-c", `printf 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: viafifo}\\n' > '${fifo}'`], { stdio: "ignore" });
  const got: string[] = [];
  readObjects({ file: "pipe.yaml", path: fifo }, {}, { object: (o) => got.push(o.object.metadata.name!), problem: (p) => got.push(p.message) });
  assert.equal(got, ["viafifo"]);
  assert.ok(w.pid! > 0);
});

test("parseDocuments: plain values for other commands (ConstraintTemplates, suites), no Kubernetes shape checks", () => {
  const r = parseDocuments("kind: Suite\ntests:\n- name: t\n  cases: [{object: a.yaml, assertions: [{violations: no}]}]\n---\n# empty\n---\nk: on\n", { file: "suite.yaml" });
  assert.equal(r.problems, []);
  assert.equal(r.documents.map((d) => [d.value, d.source.document, d.source.line]), [
    [{ kind: "Suite", tests: [{ name: "t", cases: [{ object: "a.yaml", assertions: [{ violations: false }] }] }] }, 1, 1],
    [{ k: true }, 3, 7],
  ]);
});

test.run();
