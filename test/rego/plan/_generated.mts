// Debug tool (not a test): plan every generated ConstraintTemplate's Rego (generated/*/template*.yaml)
// with the real runtime's builtins; prints diagnostics per template.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { parseModule } from "../../../src/rego/syntax/index.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/index.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
const rt = runtimeFromBytes(new Uint8Array(readFileSync("runtime/build/runtime.wasm")), "rt");
const files: string[] = [];
const walk = (d: string) => { for (const f of readdirSync(d, { withFileTypes: true })) { const p = join(d, f.name); if (f.isDirectory()) walk(p); else if (f.name.endsWith(".yaml")) files.push(p); } };
walk("generated");
let n = 0, bad = 0;
for (const f of files) {
  for (const doc of yaml.loadAll(readFileSync(f, "utf8")) as any[]) {
    if (doc?.kind !== "ConstraintTemplate") continue;
    for (const t of doc.spec.targets) {
      n++;
      const sources: Record<string, string> = { "main.rego": t.rego };
      (t.libs ?? []).forEach((l: string, i: number) => { sources[`lib${i}.rego`] = l; });
      const ver = t.code?.find((c: any) => c.engine === "Rego") ? "v1" : "v0";
      const mods = []; const diags: string[] = [];
      for (const [name, text] of Object.entries(sources)) {
        let r = parseModule(name, text, { regoVersion: "v1" });
        if (r.diagnostics.length) r = parseModule(name, text, { regoVersion: "v0" });
        diags.push(...r.diagnostics.map((d) => formatDiagnostic(d, sources)));
        if (r.module) mods.push(r.module);
      }
      const pkg = mods.find((m) => m.span.file === "main.rego")?.package.join("/");
      const r = planPolicy(mods, [`${pkg}/violation`], { builtins: rt.builtins, sources });
      diags.push(...r.diagnostics.map((d) => formatDiagnostic(d, sources)));
      if (diags.length) { bad++; console.log(`${f}: ${diags.join("; ")}`); }
      void ver;
    }
  }
}
console.log(`${n} templates, ${bad} with diagnostics`);
