/**
 * `gpc init` (src/init/scaffold.ts, src/cli/commands/init.ts): what it writes, that it keeps
 * existing files (and says so), --force, and package.json merging.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runInit } from "../../src/cli/commands/init.js";
import { SCAFFOLD, SCRIPTS } from "../../src/init/scaffold.js";

const base = mkdtempSync(join(tmpdir(), "gpc-init-"));
function init(dir: string, force = false): { code: number; out: string; err: string } {
  let out = "", err = "";
  const code = runInit({ dir, force }, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

test("a new folder: every file created, package.json with the scripts and gpc", () => {
  const dir = join(base, "new-repo");
  const r = init(dir);
  assert.is(r.code, 0);
  assert.equal(r.out.split("\n").slice(0, 7), [
    `gpc init: ${dir}/`,
    "  created  package.json",
    "  created  tsconfig.json",
    "  created  policies/restricted.ts",
    "  created  manifests/example-pod.yaml",
    "  created  .gitignore",
    "  created  .github/workflows/gpc.yml",
  ]);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; private: boolean; scripts: Record<string, string>; devDependencies: Record<string, string> };
  assert.is(pkg.name, "new-repo");
  assert.is(pkg.private, true);
  assert.equal(pkg.scripts, SCRIPTS);
  assert.match(pkg.devDependencies.gpc!, /^\^\d+\.\d+\.\d+$/);
  assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\.gpc-cache\/$/m);
  assert.match(readFileSync(join(dir, ".github/workflows/gpc.yml"), "utf8"), /run: npx gpc build --check[\s\S]*run: npx gpc test[\s\S]*run: npx gpc audit manifests\//);
  assert.match(readFileSync(join(dir, "policies/restricted.ts"), "utf8"), /from "gpc";/);
});

test("existing files are kept and named; package.json gains only missing scripts; --force overwrites", () => {
  const dir = join(base, "existing");
  mkdirSync(join(dir, "policies"), { recursive: true });
  writeFileSync(join(dir, "tsconfig.json"), "{ \"mine\": true }\n");
  writeFileSync(join(dir, "policies/restricted.ts"), "// mine\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", scripts: { build: "make", test: 'echo "Error: no test specified" && exit 1' }, dependencies: { a: "1" } }));
  const r = init(dir);
  assert.is(r.code, 0);
  assert.match(r.out, /^ {2}updated {2}package\.json {2}\(added scripts test, audit, typecheck; kept your "build" script \(--force to replace\)\)$/m);
  assert.match(r.out, /^ {2}kept {5}tsconfig\.json {2}\(exists; --force to overwrite\)$/m);
  assert.match(r.out, /^ {2}kept {5}policies\/restricted\.ts {2}\(exists; --force to overwrite\)$/m);
  assert.match(r.out, /^ {2}created {2}\.gitignore$/m);
  assert.is(readFileSync(join(dir, "tsconfig.json"), "utf8"), "{ \"mine\": true }\n");
  assert.is(readFileSync(join(dir, "policies/restricted.ts"), "utf8"), "// mine\n");
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: unknown };
  assert.equal(pkg.scripts, { build: "make", test: "gpc test", audit: "gpc audit manifests/", typecheck: "tsc --noEmit" });
  assert.equal(pkg.dependencies, { a: "1" });

  const again = init(dir);
  assert.match(again.out, /^ {2}kept {2}package\.json {2}\(kept your "build" script \(--force to replace\)\)$/m);
  for (const { path } of SCAFFOLD) assert.match(again.out, new RegExp(`^  kept  ${path.replace(/\./g, "\\.")}  \\(exists; --force to overwrite\\)$`, "m"));

  const forced = init(dir, true);
  assert.match(forced.out, /^ {2}updated {6}package\.json {2}\(added scripts build\)$/m);
  assert.match(forced.out, /^ {2}overwritten {2}tsconfig\.json$/m);
  assert.match(readFileSync(join(dir, "tsconfig.json"), "utf8"), /"moduleResolution": "Bundler"/);
});

test("a file where the folder should be, and unreadable package.json", () => {
  writeFileSync(join(base, "afile"), "x");
  const r = init(join(base, "afile"));
  assert.is(r.code, 2);
  assert.is(r.err, `gpc init: ${join(base, "afile")} exists and is not a folder\n`);
  const dir = join(base, "badpkg");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), "{ nope");
  const b = init(dir);
  assert.is(b.code, 0);
  assert.match(b.out, /^ {2}kept +package\.json {2}\(not valid JSON \(.*\); add the scripts by hand: /m);
  assert.is(readFileSync(join(dir, "package.json"), "utf8"), "{ nope");
});

test.run();
