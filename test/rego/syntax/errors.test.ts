// Expected errors are data: errors.txt lists bad inputs and the exact diagnostics
// (`file:line:col: code: message`) parseModule must report. UPDATE_GOLDEN=1 rewrites them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../../src/rego/syntax/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";

const path = join(new URL(".", import.meta.url).pathname, "errors.txt");
const FILE = "bad.rego";

interface Case { name: string; version: "v0" | "v1"; source: string; expected: string[]; header: string }

function parseTable(text: string): { preamble: string[]; cases: Case[] } {
  const preamble: string[] = [];
  const cases: Case[] = [];
  let cur: (Case & { src: string[] }) | undefined;
  for (const line of text.replace(/\n+$/, "").split("\n")) {
    const h = /^## (.*?)( \(v0\))?$/.exec(line);
    if (h) {
      cur = { name: h[1]!, version: h[2] ? "v0" : "v1", source: "", expected: [], header: line, src: [] };
      cases.push(cur);
    } else if (!cur) preamble.push(line);
    else if (line.startsWith(">> ")) cur.expected.push(line.slice(3));
    else if (cur.expected.length === 0) cur.src.push(line);
    else if (line.trim() !== "") throw new Error(`errors.txt: source after expectations in case ${cur.name}`);
  }
  for (const c of cases as (Case & { src: string[] })[]) {
    while (c.src.length && c.src[c.src.length - 1] === "") c.src.pop();
    c.source = c.src.join("\n");
  }
  return { preamble, cases };
}

const table = parseTable(readFileSync(path, "utf8"));
const actual = (c: Case): string[] =>
  parseModule(FILE, c.source, { regoVersion: c.version }).diagnostics.map((d) => formatDiagnostic(d, { [FILE]: c.source }));

if (process.env.UPDATE_GOLDEN === "1") {
  const out = [...table.preamble];
  for (const c of table.cases) out.push(c.header, ...c.source.split("\n"), ...actual(c).map((d) => `>> ${d}`), "");
  writeFileSync(path, out.join("\n"));
}

test("the table has cases and unique names", () => {
  assert.ok(table.cases.length >= 50);
  assert.equal(new Set(table.cases.map((c) => c.name)).size, table.cases.length);
});

for (const c of table.cases) {
  test(`error: ${c.name}`, () => {
    const r = parseModule(FILE, c.source, { regoVersion: c.version });
    assert.equal(r.module, undefined, "no module when there are errors");
    assert.ok(c.expected.length > 0, "every case expects at least one diagnostic");
    assert.equal(actual(c), c.expected);
  });
}

test.run();
