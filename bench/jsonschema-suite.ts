/**
 * `npm run bench:jsonschema -- <dir>`: the JSON Schema Test Suite as gojsonschema runs it — the
 * `draft4/`, `draft6/`, `draft7/` folders of OPA's `internal/gojsonschema/testdata` (outside this
 * repository) — through gpc's `json.match_schema` validator, each folder with its draft as the
 * default. Scored as gojsonschema's own suite: valid or not, groups marked `disabled` skipped.
 *
 * Expected differences, counted apart: `pattern.json`'s "ignored" case (gojsonschema's suite runs
 * without pattern validation, OPA's builtins with it); `optional/` files other than the formats,
 * which gojsonschema's suite does not run; references that must be loaded from elsewhere (its
 * suite serves `remotes/` over HTTP; meta-schema URLs), a builtin error in gpc.
 * Options: `--list` prints every other failure. Exit code 0 unless the folder cannot be read.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { compileSchema, SchemaError, validateSchema } from "../src/rego/host/jsonschema.js";
import { parseJson, stringifyJson, type Json, type JsonObject } from "../src/rego/host/json.js";

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".json") ? [p] : [];
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const list = args.includes("--list");
  const root = args.find((a) => !a.startsWith("--"));
  if (!root) {
    console.error("usage: npm run bench:jsonschema -- <gojsonschema testdata dir> [--list]");
    process.exitCode = 2;
    return;
  }
  let pass = 0, fail = 0, expected = 0, remote = 0;
  const failures: string[] = [];
  const t0 = performance.now();
  for (const file of walk(root)) {
    const draft = /draft([467])\//.exec(file)?.[1];
    if (!draft) continue;
    const rel = relative(root, file);
    const optionalNotRun = rel.includes("/optional/") && !/\/optional\/format(\.json|\/)/.test(rel);
    const groups = parseJson(readFileSync(file, "utf8")) as JsonObject[];
    for (const g of groups) {
      if (g["disabled"] === true) continue;
      const tests = g["tests"] as JsonObject[];
      let schema;
      try {
        schema = compileSchema(g["schema"] as Json, Number(draft) as 4 | 6 | 7);
      } catch (e) {
        if (!(e instanceof SchemaError) && /remote reference/.test((e as Error).message)) { remote += tests.length; continue; }
        fail += tests.length;
        failures.push(`${rel} | ${String(g["description"])}: ${(e as Error).message}`);
        continue;
      }
      for (const t of tests) {
        const valid = validateSchema(schema, t["data"] as Json).length === 0;
        if (valid === t["valid"]) pass++;
        else if (optionalNotRun || (rel.endsWith("pattern.json") && /ignored/.test(String(t["description"])))) expected++;
        else {
          fail++;
          failures.push(`${rel} | ${String(g["description"])} | ${String(t["description"])}: want ${String(t["valid"])}, data ${stringifyJson(t["data"] as Json)}`);
        }
      }
    }
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`JSON Schema Test Suite (gojsonschema's copy): ${root}, ${secs} s`);
  console.log(`  agree with gojsonschema              ${pass}`);
  console.log(`  differ as expected (see header)      ${expected}`);
  console.log(`  need a remote reference (skipped)    ${remote}`);
  console.log(`  differ                               ${fail}`);
  if (list) for (const f of failures) console.log(f);
}

main();
