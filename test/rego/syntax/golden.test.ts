// Golden files: every cases/<name>.rego is parsed (v1 unless its first lines say
// `# rego_version: v0`) and its diagnostics plus the debug dump of the AST (formatModule: every
// infix parenthesised, one rule per line) must equal cases/<name>.golden.
// `UPDATE_GOLDEN=1 node scripts/test.mjs rego/syntax` rewrites them; a .golden without a .rego fails.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule, formatModule } from "../../../src/rego/syntax/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";

const dir = join(new URL(".", import.meta.url).pathname, "cases");
const update = process.env.UPDATE_GOLDEN === "1";

function render(name: string, text: string): string {
  const version = /^#\s*rego_version:\s*v0\b/m.test(text.split("\n").slice(0, 3).join("\n")) ? "v0" : "v1";
  const r = parseModule(name, text, { regoVersion: version });
  const lines = [`# ${version}`];
  for (const d of r.diagnostics) lines.push(formatDiagnostic(d, { [name]: text }));
  if (r.module) lines.push(formatModule(r.module));
  return lines.join("\n") + "\n";
}

const files = readdirSync(dir).sort();
for (const f of files.filter((x) => x.endsWith(".rego"))) {
  test(`golden ${f}`, () => {
    const text = readFileSync(join(dir, f), "utf8");
    const got = render(f, text);
    const goldenPath = join(dir, f.replace(/\.rego$/, ".golden"));
    if (update || !existsSync(goldenPath)) writeFileSync(goldenPath, got);
    assert.fixture(got, readFileSync(goldenPath, "utf8"));
  });
}

test("no orphan golden files", () => {
  const orphans = files.filter((x) => x.endsWith(".golden") && !files.includes(x.replace(/\.golden$/, ".rego")));
  assert.equal(orphans, []);
});

test.run();
