/**
 * Reading a ConstraintTemplate the way Gatekeeper's Rego driver does.
 *
 * Input: a `templates.gatekeeper.sh` ConstraintTemplate object. Output: its constraint kind, the
 * Rego modules to compile (entry module + `lib.*` libraries), their syntax version, and the
 * entrypoint `<package path>/violation` (Gatekeeper renames the package to `data.template`; the
 * declared one is equivalent for evaluation).
 *
 * Source selection: `spec.targets[0].code[engine=Rego].source.{rego,libs,version}` (version `"v1"`
 * → v1, anything else → v0), unless a legacy `spec.targets[0].rego` is set, which overwrites it
 * and is always v0.
 */
import type { K8sObject } from "./types.js";

/** The compile unit of one template. */
export interface TemplateRego {
  /** `spec.crd.spec.names.kind`: the kind of this template's constraints. */
  readonly kind: string;
  /** `metadata.name`. */
  readonly name: string;
  /** File name → Rego text: `<name>/template.rego` and `<name>/lib<i>.rego`. */
  readonly modules: Readonly<Record<string, string>>;
  readonly regoVersion: "v0" | "v1";
  /** `a/b/violation` for `package a.b`. */
  readonly entrypoint: string;
  /** True when some module mentions `data.inventory` (the engine then loads inventory data). */
  readonly usesInventory: boolean;
  /**
   * Set when some module calls `rego.metadata.*`: the packages Gatekeeper runs the modules as
   * (`template`, `libs.<lib package>`), which `rego.metadata.chain()` reports.
   */
  readonly metadataPackages?: Readonly<Record<string, readonly string[]>>;
}

interface Target {
  target?: string;
  rego?: string;
  libs?: string[];
  code?: { engine?: string; source?: { rego?: string; libs?: string[]; version?: unknown } }[];
}

/** Strips `#` comments outside strings (enough to find the package clause). */
function stripComments(text: string): string {
  return text.split("\n").map((line) => {
    let inStr = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === "\\" && inStr) { i++; continue; }
      if (c === '"') inStr = !inStr;
      else if (c === "#" && !inStr) return line.slice(0, i);
    }
    return line;
  }).join("\n");
}

/** The package path of a Rego module (`package a.b["c"]` → `["a","b","c"]`), or undefined. */
export function packagePath(rego: string): string[] | undefined {
  const m = /(?:^|\n)\s*package\s+([A-Za-z_][\w]*(?:\s*(?:\.\s*[A-Za-z_]\w*|\[\s*"[^"]*"\s*\]))*)/.exec(stripComments(rego));
  if (!m) return undefined;
  const parts: string[] = [];
  const re = /([A-Za-z_]\w*)|\[\s*"([^"]*)"\s*\]/g;
  for (let r = re.exec(m[1]!); r; r = re.exec(m[1]!)) parts.push(r[1] ?? r[2]!);
  return parts;
}

/** Reads a template's Rego; throws an Error with a plain message when it has none usable. */
export function templateRego(template: K8sObject): TemplateRego {
  const name = template.metadata?.name ?? "";
  const spec = (template.spec ?? {}) as { crd?: { spec?: { names?: { kind?: string } } }; targets?: Target[] };
  const kind = spec.crd?.spec?.names?.kind ?? "";
  if (!kind) throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: spec.crd.spec.names.kind is empty`);
  const targets = spec.targets ?? [];
  if (targets.length !== 1) throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: expected exactly one target, found ${targets.length}`);
  const t = targets[0]!;
  let rego: string | undefined;
  let libs: string[] = [];
  let regoVersion: "v0" | "v1" = "v0";
  if (t.rego) {
    rego = t.rego;
    libs = t.libs ?? [];
  } else {
    const code = (t.code ?? []).find((c) => c.engine === "Rego");
    if (code?.source) {
      rego = code.source.rego;
      libs = code.source.libs ?? [];
      if (code.source.version !== undefined && typeof code.source.version !== "string") throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: code[Rego].source.version must be a string`);
      regoVersion = code.source.version === "v1" ? "v1" : "v0";
    }
  }
  if (!rego) throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: no Rego source (spec.targets[0].rego or code[engine=Rego])`);
  const pkg = packagePath(rego);
  if (!pkg) throw new Error(`ConstraintTemplate ${JSON.stringify(name)}: the Rego has no package clause`);
  const modules: Record<string, string> = { [`${name}/template.rego`]: rego };
  libs.forEach((l, i) => { modules[`${name}/lib${i}.rego`] = l; });
  const usesInventory = [rego, ...libs].some((s) => s.includes("inventory"));
  const entrypoint = [...pkg, "violation"].join("/");
  if (![rego, ...libs].some((s) => s.includes("rego.metadata"))) return { kind, name, modules, regoVersion, entrypoint, usesInventory };
  const metadataPackages: Record<string, string[]> = { [`${name}/template.rego`]: ["template"] };
  libs.forEach((l, i) => { metadataPackages[`${name}/lib${i}.rego`] = ["libs", ...(packagePath(l) ?? [])]; });
  return { kind, name, modules, regoVersion, entrypoint, usesInventory, metadataPackages };
}
