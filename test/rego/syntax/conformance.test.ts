// Every module of every conformance group parses with zero diagnostics under its rego_version.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../../src/rego/syntax/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";

const dir = join(new URL("../../../", import.meta.url).pathname, "../shared/conformance/rego");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
  const group = JSON.parse(readFileSync(join(dir, f), "utf8")) as { rego_version: "v0" | "v1"; modules: Record<string, string> };
  for (const [name, text] of Object.entries(group.modules)) {
    test(`${f} ${name} parses (${group.rego_version})`, () => {
      const r = parseModule(name, text, { regoVersion: group.rego_version });
      assert.equal(r.diagnostics.map((d) => formatDiagnostic(d, { [name]: text })), []);
      assert.ok(r.module);
      assert.ok(r.module!.rules.length > 0);
      assert.equal(r.module!.regoVersion, group.rego_version);
    });
  }
}

test.run();
