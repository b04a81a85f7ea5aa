// Golden WAT of the emitted code (stubs + appended functions) for the shared IR policies, linked
// onto the fixture runtime (stable indices). `UPDATE_GOLDEN=1` rewrites them; a `.wat` file that
// no case produces fails the run.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/runtime.js";
import { emitModule, printEmitted } from "../../../src/rego/wasm/emit/index.js";
import { buildFixtureRuntime } from "./fixture.js";
import { CASES } from "./policies.js";

const dir = new URL("./golden/", import.meta.url).pathname;
const update = process.env.UPDATE_GOLDEN === "1";
const runtime = runtimeFromBytes(buildFixtureRuntime(), "fixture");
const produced = new Set<string>();
if (update) mkdirSync(dir, { recursive: true });

for (const c of CASES) {
  const file = c.name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-$/, "") + ".wat";
  produced.add(file);
  test(`golden ${file}`, () => {
    const text = `;; ${c.name}\n` + printEmitted(emitModule(c.policy, runtime), c.policy, runtime);
    const path = join(dir, file);
    if (update) writeFileSync(path, text);
    assert.ok(existsSync(path), `${file} missing; run with UPDATE_GOLDEN=1`);
    assert.fixture(text, readFileSync(path, "utf8"));
  });
}

test("no orphan golden files", () => {
  const orphans = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".wat") && !produced.has(f)) : [];
  assert.equal(orphans, []);
});

test.run();
