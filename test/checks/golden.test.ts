/**
 * Golden files of every check's and library's rendered Rego, for v0 and v1:
 * test/checks/golden/<id>.<v>.rego and test/checks/golden/lib/<name>.<v>.rego.
 * `UPDATE_GOLDEN=1 node scripts/test.mjs checks` rewrites them; a golden file that no test
 * produced fails the run (orphan detection).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { CHECKS } from "../../src/checks/registry.js";
import { LIB_NAMES, renderCheckRego, renderLib } from "../../src/checks/render.js";

const GOLDEN = new URL("./golden/", import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const produced = new Set<string>();

function golden(rel: string, text: string) {
  const path = join(GOLDEN, rel);
  produced.add(rel);
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileSync(path, text);
    return;
  }
  assert.ok(existsSync(path), `missing golden file ${rel}; run UPDATE_GOLDEN=1 node scripts/test.mjs checks`);
  assert.fixture(text, readFileSync(path, "utf8"), rel);
}

for (const v of ["v0", "v1"] as const) {
  for (const id of Object.keys(CHECKS)) {
    test(`golden ${id} ${v}`, () => golden(`${id}.${v}.rego`, renderCheckRego(id, { regoVersion: v }).rego));
  }
  for (const name of LIB_NAMES) {
    test(`golden lib ${name} ${v}`, () => golden(`lib/${name}.${v}.rego`, renderLib(name, { regoVersion: v })));
  }
}

test("v0 imports future keywords and v1 imports nothing but data.lib", () => {
  for (const id of Object.keys(CHECKS)) {
    const v0 = renderCheckRego(id, { regoVersion: "v0" });
    const v1 = renderCheckRego(id, { regoVersion: "v1" });
    for (const m of [v0.rego, ...v0.libs]) assert.match(m, /^import future\.keywords\.if$/m, id);
    for (const m of [v1.rego, ...v1.libs]) {
      const imports = m.split("\n").filter((l) => l.startsWith("import "));
      assert.equal(imports.filter((l) => !l.startsWith("import data.lib.gpc.")), [], id);
    }
    assert.is(v0.rego.replace(/^import future\.keywords\.\w+\n/gm, ""), v1.rego, `${id}: v0 and v1 differ beyond imports`);
  }
});

test("Gatekeeper rules: violation rule, lib packages, allowed refs only", () => {
  for (const id of Object.keys(CHECKS)) {
    const r = renderCheckRego(id, { regoVersion: "v0" });
    assert.match(r.rego, /^violation contains \{"msg": /m, id);
    assert.match(r.rego, new RegExp(`^package gpc\\.${id}$`, "m"), id);
    for (const lib of r.libs) assert.match(lib, /^package lib\.gpc\.[a-z]+$/m, id);
    for (const m of [r.rego, ...r.libs]) {
      assert.not.match(m, /http\.send|rego\.v1|input\.review\.object\.spec\.template/, id);
      const dataRefs = m.match(/\bdata\.[A-Za-z_.]+/g) ?? [];
      assert.equal(dataRefs.filter((d) => !d.startsWith("data.lib.gpc.")), [], `${id}: data refs outside data.lib`);
      for (const line of m.split("\n").filter((l) => l.startsWith("import "))) assert.match(line, /^import (data\.lib\.gpc\.[a-z]+|future\.keywords\.(in|if|contains))$/, `${id}: ${line}`);
    }
  }
});

// Registered last, so it runs after every golden test above.
test("no orphan golden files", () => {
  const walk = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [relative(GOLDEN, join(dir, e.name))]) : []);
  const orphans = walk(GOLDEN).filter((f) => !produced.has(f));
  if (UPDATE) { orphans.forEach((f) => rmSync(join(GOLDEN, f))); return; }
  assert.equal(orphans, [], "golden files no test produced: delete them or run with UPDATE_GOLDEN=1");
});

test.run();
