/**
 * Rego rendering: `templates/checks/<id>.rego.hbs` and `templates/lib/<name>.rego.hbs` → Rego text.
 *
 * One handlebars source per module serves both Rego versions: the `imports` partial emits
 * `import future.keywords.{contains,if,in}` for v0 (Gatekeeper's default, `rego:` field) and
 * nothing for v1 (`code[].source.version: "v1"`), so the same body is valid in both. Template
 * context holds only constants of this codebase (e.g. the safe sysctl set) — never user parameters,
 * which reach Rego as `input.parameters`.
 */
import { readFileSync } from "node:fs";
import { packagePath } from "../paths.js";
import Handlebars from "handlebars";
import { CHECKS } from "./registry.js";
import { isLib, libClosure, LIB_NAMES } from "./libs.js";
import { SAFE_SYSCTLS } from "./sysctls.js";
import type { RegoVersion, RenderedCheck } from "./types.js";

const TEMPLATES = packagePath("templates") + "/";

const hb = Handlebars.create();
hb.registerPartial("imports", readFileSync(`${TEMPLATES}partials/imports.hbs`, "utf8"));
hb.registerHelper("json", (v: unknown) => JSON.stringify(v));

const cache = new Map<string, HandlebarsTemplateDelegate>();
function render(file: string, regoVersion: RegoVersion): string {
  let t = cache.get(file);
  if (!t) {
    t = hb.compile(readFileSync(`${TEMPLATES}${file}`, "utf8"), { noEscape: true, strict: true });
    cache.set(file, t);
  }
  const text = t({ v0: regoVersion === "v0", v1: regoVersion === "v1", safeSysctls: SAFE_SYSCTLS });
  return text.replace(/\n{3,}/g, "\n\n");
}

/** Text of one shared library module (`package lib.gpc.<name>`) for a Rego version. */
export function renderLib(name: string, opts: { regoVersion: RegoVersion }): string {
  if (!isLib(name)) throw new Error(`unknown Rego library ${JSON.stringify(name)}`);
  return render(`lib/${name}.rego.hbs`, opts.regoVersion);
}

/** Rego of one check (its template module, package `gpc.<id>`) plus the library modules it imports. */
export function renderCheckRego(id: string, opts: { regoVersion: RegoVersion }): RenderedCheck {
  const def = CHECKS[id];
  if (!def) throw new Error(`unknown check ${JSON.stringify(id)}`);
  return {
    rego: render(`checks/${id}.rego.hbs`, opts.regoVersion),
    libs: def.libs.map((n) => renderLib(n, opts)),
  };
}

export { libClosure, LIB_NAMES };
