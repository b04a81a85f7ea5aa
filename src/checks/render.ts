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
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { CHECKS } from "./registry.js";
import { SAFE_SYSCTLS } from "./sysctls.js";
import type { RegoVersion, RenderedCheck } from "./types.js";

const TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

/** Names of the shared Rego libraries under templates/lib/, in dependency order. */
export const LIB_NAMES = ["params", "match", "pod", "exempt", "profiles"] as const;

/** Library name → the libraries it imports (every one listed before it in LIB_NAMES). */
const LIB_DEPS: Readonly<Record<string, readonly string[]>> = {
  params: [], match: [], pod: [], exempt: ["match", "params", "pod"], profiles: ["match", "params"],
};

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

/** Every library a set of libraries needs, themselves included, in LIB_NAMES order. */
export function libClosure(names: readonly string[]): string[] {
  const want = new Set<string>();
  const add = (n: string) => {
    if (!(n in LIB_DEPS)) throw new Error(`unknown Rego library ${JSON.stringify(n)}`);
    if (want.has(n)) return;
    want.add(n);
    LIB_DEPS[n]!.forEach(add);
  };
  names.forEach(add);
  return LIB_NAMES.filter((n) => want.has(n));
}

/** Text of one shared library module (`package lib.gpc.<name>`) for a Rego version. */
export function renderLib(name: string, opts: { regoVersion: RegoVersion }): string {
  if (!(name in LIB_DEPS)) throw new Error(`unknown Rego library ${JSON.stringify(name)}`);
  return render(`lib/${name}.rego.hbs`, opts.regoVersion);
}

/** Rego of one check (its template module, package `gpc.<id>`) plus the library modules it imports. */
export function renderCheckRego(id: string, opts: { regoVersion: RegoVersion }): RenderedCheck {
  const def = CHECKS[id];
  if (!def) throw new Error(`unknown check ${JSON.stringify(id)}`);
  return {
    rego: render(`checks/${id}.rego.hbs`, opts.regoVersion),
    libs: libClosure(def.libs).map((n) => renderLib(n, opts)),
  };
}
