/**
 * `npm run bench:rego-tests -- [options] <path>...`: a Rego repository's own unit tests (`test_*`
 * rules, as `opa test <path>...` runs them), compiled with gpc and evaluated through the stock
 * `@open-policy-agent/opa-wasm` SDK. The checkout stays outside this repository; nothing of it is
 * copied in.
 *
 * What it does, following OPA's tester (v1/tester/runner.go) and loader (v1/loader/loader.go):
 * - reads every `.rego` file under the paths (hidden folders and node_modules skipped) and every
 *   `.json`/`.yaml`/`.yml` file as data under its folder path relative to the path it was found
 *   under (`a/b/x.json` → `data.a.b`), merged as OPA merges documents;
 * - a test is a rule whose name starts with `test_` (`todo_test_`: skipped); duplicate test names
 *   in a package are renumbered so that every definition runs on its own, as OPA's
 *   `rewriteDuplicateTestNames` does; a test passes when it is defined and its value is `true`
 *   (partial-object tests: every leaf `true`); builtin errors are not raised (opa test's default);
 * - one compilation per package: its modules plus every module whose package it references
 *   (transitively), with all its tests as entrypoints (packages with the same such closure share
 *   one); when that fails, each test compiles on its own, so one unsupported construct costs
 *   only the tests that reach it.
 *
 * Options: `--v0` / `--v1` (default: v1, or v0 when some file parses only as v0, like
 * `opa test --v0-compatible`), `--no-data` (load only Rego), `--ignore <glob>` (file names, like
 * `opa test --ignore`; repeatable), `--data-dir <dir>` (data only from
 * there, as `conftest verify -d <dir>`; repeatable), `--split-dirs` (every folder with Rego files is its own
 * `opa test <folder>/*.rego` run, as gatekeeper-library's test.sh runs them), `--pairs` (every
 * `x_test.rego` is an `opa test x_test.rego x.rego` run), `--name <label>`,
 * `--json <file>` (every test's outcome), `--quiet` (totals only), `--shims trivy|regal` (see addShims).
 * Prints totals and one line per failing test (`file:line: package.test: outcome: detail`).
 */
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { load, loadAll } from "js-yaml";
import { compileRegoDetailed } from "../src/rego/wasm/compile.js";
import { hostBuiltins } from "../src/rego/host/index.js";
import { parseModule } from "../src/rego/syntax/index.js";
import type { Module, RegoVersion } from "../src/rego/syntax/ast.js";
import { formatDiagnostic, lineCol } from "../src/diagnostics/diagnostic.js";

type Kind = "pass" | "fail" | "error" | "compile-error" | "skip";

interface TestOutcome {
  readonly id: string;
  readonly where: string;
  readonly kind: Kind;
  readonly detail: string;
}

interface RegoFile {
  readonly name: string;
  text: string;
  readonly module: Module;
}

interface Test {
  readonly pkg: string;
  /** The rule name as written. */
  readonly name: string;
  /** The entrypoint's last segment (renumbered for duplicates). */
  readonly entry: string;
  readonly where: string;
  readonly skip: boolean;
  readonly partialObject: boolean;
}

interface Options {
  version?: RegoVersion;
  data: boolean;
  ignore: RegExp[];
  split: boolean;
  pairs: boolean;
  name?: string;
  json?: string;
  quiet: boolean;
  shims: string[];
  /** `conftest -d <dir>`: data comes from these folders only (relative to each), Rego from the paths. */
  dataDirs: string[];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

function walk(dir: string, opts: Options, out: string[]): void {
  let entries: string[];
  try { entries = readdirSync(dir).sort(); } catch { return; }
  for (const e of entries) {
    if (e.startsWith(".") || e === "node_modules" || opts.ignore.some((re) => re.test(e))) continue;
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, opts, out);
    else if (st.isFile()) out.push(p);
  }
}

/** OPA's merge.InterfaceMaps: objects merge key by key; anything else conflicts. */
function mergeInto(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(b)) {
    const cur = a[k];
    if (cur === undefined) a[k] = v;
    else if (isObject(cur) && isObject(v)) { if (!mergeInto(cur, v)) return false; } else return false;
  }
  return true;
}
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One `opa test` run: its Rego files and data document, read from the roots. */
function loadRun(roots: readonly string[], opts: Options, warnings: string[]): { files: RegoFile[]; data: Record<string, unknown>; version: RegoVersion } {
  const regoPaths: [string, string][] = [];
  const data: Record<string, unknown> = {};
  const dataOnly = new Set(opts.dataDirs);
  for (const root of [...roots, ...opts.dataDirs]) {
    const files: string[] = [];
    if (statSync(root).isDirectory()) walk(root, opts, files);
    else files.push(root);
    for (const f of files) {
      if (f.endsWith(".rego")) { if (!dataOnly.has(root)) regoPaths.push([f, readFileSync(f, "utf8")]); continue; }
      if (!opts.data || !/\.(json|ya?ml)$/.test(f) || (dataOnly.size > 0 && !dataOnly.has(root))) continue;
      let doc: unknown;
      try {
        const text = readFileSync(f, "utf8");
        if (f.endsWith(".json")) doc = JSON.parse(text);
        else {
          // sigs.k8s.io/yaml (OPA's loader) reads the first document of a stream.
          try { doc = load(text); } catch { doc = loadAll(text)[0]; }
        }
      } catch (e) {
        warnings.push(`${f}: data file not loaded: ${(e as Error).message.split("\n")[0]}`);
        continue;
      }
      // An empty YAML file is null, loaded as null under its folder's path (OPA's makeDir).
      if (doc === undefined) doc = null;
      const dirs = relative(statSync(root).isDirectory() ? root : join(root, ".."), join(f, "..")).split(sep).filter((s) => s && s !== ".");
      let wrapped: unknown = doc;
      for (const d of [...dirs].reverse()) wrapped = { [d]: wrapped };
      if (!isObject(wrapped) || !mergeInto(data, wrapped)) warnings.push(`${f}: data file not loaded: merge conflict or not an object`);
    }
  }
  let version = opts.version;
  if (!version) {
    const v0Only = regoPaths.some(([f, t]) => !parseModule(f, t, { regoVersion: "v1" }).module && parseModule(f, t, { regoVersion: "v0" }).module);
    version = v0Only ? "v0" : "v1";
  }
  const files: RegoFile[] = [];
  for (const [f, text] of regoPaths) {
    const r = parseModule(f, text, { regoVersion: version });
    if (r.module) files.push({ name: f, text, module: r.module });
    else warnings.push(`parse error: ${r.diagnostics.filter((d) => d.severity === "error").slice(0, 1).map((d) => formatDiagnostic(d, { [f]: text })).join("")}`);
  }
  for (const k of opts.shims) addShims(k, files, version);
  return { files, data, version };
}

/**
 * `--shims trivy|regal`: custom builtins that a project registers in its own `opa` build, which
 * stock OPA lacks (so without them their tests fail to compile), modelled in Rego:
 * - trivy: `result.new(msg, cause)` after the defsec library's `result(msg, cause)` (the object
 *   Trivy's builtin returns), `isManaged(x)` (`managed` of the metadata, default true). Trivy's
 *   `sh.parse_commands`, `cidr.*` and `squealer.*` stay unsupported.
 * - regal: `regal.last(array)`. `regal.parse_module` (OPA's AST as JSON) stays unsupported.
 * A module calling a dotted shim gets an `import data.__gpc_shim.<name>` on its package line (line
 * numbers stay); a package calling a plain-named shim gets a module defining it.
 */
function addShims(kind: string, files: RegoFile[], version: RegoVersion): void {
  const shim = (name: string, text: string) => {
    const r = parseModule(name, text, { regoVersion: version });
    if (!r.module) throw new Error(`shim ${name} does not parse: ${r.diagnostics.map((d) => d.message).join("; ")}`);
    files.push({ name, text, module: r.module });
  };
  /** `alias.fn(...)` calls resolved through an import of `data.__gpc_shim.<alias>`. */
  const dotted = (alias: string, fn: string, body: string) => {
    shim(`__gpc_shims/${alias}.rego`, `package __gpc_shim.${alias}\nimport rego.v1\n${body}\n`);
    const call = new RegExp(`\\b${alias}\\.${fn}\\s*\\(`);
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      if (!call.test(f.text) || f.module.imports.some((im) => im.alias === alias)) continue;
      const at = f.module.packageSpan.end;
      const text = `${f.text.slice(0, at)} import data.__gpc_shim.${alias}${f.text.slice(at)}`;
      const r = parseModule(f.name, text, { regoVersion: version });
      if (r.module) files[i] = { name: f.name, text, module: r.module };
    }
  };
  /** Plain `fn(...)` calls: the function defined in every package that calls it. */
  const plain = (fn: string, body: string) => {
    const call = new RegExp(`\\b${fn}\\s*\\(`);
    const pkgs = new Set(files.filter((f) => call.test(f.text) && !f.module.rules.some((r) => r.name[0] === fn)).map((f) => pkgName(f.module)));
    for (const pkg of [...pkgs].sort()) shim(`__gpc_shims/${pkg}.${fn}.rego`, `package ${pkg}\nimport rego.v1\n${body}\n`);
  };
  if (kind === "trivy") {
    const field = (k: string, alt: string, dflt: string) => `"${k}": object.get(m, "${k}", object.get(m, "${alt}", ${dflt}))`;
    dotted("result", "new", [
      "meta(cause) := m if { is_object(cause); m := object.get(cause, \"__defsec_metadata\", cause) } else := {}",
      `new(msg, cause) := {"msg": msg, ${[field("startline", "StartLine", "0"), field("endline", "EndLine", "0"), field("filepath", "Path", "\"\""),
        field("explicit", "explicit", "false"), field("managed", "managed", "true"), field("fskey", "fskey", "\"\""), field("resource", "resource", "\"\"")].join(", ")}} if m := meta(cause)`,
    ].join("\n"));
    plain("isManaged", "isManaged(x) := object.get(object.get(x, \"__defsec_metadata\", x), \"managed\", true) if is_object(x) else := true");
  } else if (kind === "regal") {
    dotted("regal", "last", "last(arr) := arr[count(arr) - 1]");
  } else throw new Error(`--shims: unknown kind ${kind} (trivy, regal)`);
}

const pkgName = (m: Module) => m.package.join(".");

/** Dotted paths under `data` that a module's text mentions (imports and refs). */
function referencedPaths(text: string): string[] | "all" {
  // Strings (but not `data["x"]` keys) and comments mention `data` in prose.
  const noComments = text.replace(/(?<!\[\s*)"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*/g, '""');
  const out: string[] = [];
  const re = /\bdata\b((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*|\s*\[\s*"[^"\n]*"\s*\])*)/g;
  for (const m of noComments.matchAll(re)) {
    const segs = [...m[1]!.matchAll(/\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*"([^"\n]*)"\s*\]/g)].map((s) => s[1] ?? s[2]!);
    if (segs.length === 0) return "all";
    out.push(segs.join("."));
  }
  return out;
}

function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** The files a package's compilation needs: its own and those of every package it reaches. */
function closure(pkg: string, files: readonly RegoFile[]): RegoFile[] {
  const chosen = new Set<RegoFile>();
  const queue = files.filter((f) => pkgName(f.module) === pkg);
  while (queue.length) {
    const f = queue.pop()!;
    if (chosen.has(f)) continue;
    chosen.add(f);
    const refs = referencedPaths(f.text);
    for (const g of files) {
      if (chosen.has(g)) continue;
      const p = pkgName(g.module);
      if (refs === "all" || refs.some((r) => related(r, p))) queue.push(g);
    }
  }
  return [...chosen];
}

/** The tests of a package, with duplicates renumbered in the source text (as OPA renames them). */
function collectTests(pkg: string, files: RegoFile[]): Test[] {
  const tests: Test[] = [];
  const count = new Map<string, number>();
  for (const f of files) {
    if (pkgName(f.module) !== pkg) continue;
    const renames: { start: number; end: number; to: string }[] = [];
    for (const r of f.module.rules) {
      const name = r.name[0]!;
      const skip = name.startsWith("todo_test_");
      if (!name.startsWith("test_") && !skip) continue;
      if (r.args) continue; // a function: not a test OPA can evaluate as a document
      const where = `${f.name}:${lineCol(f.text, r.span.start).line}`;
      const n = count.get(name) ?? 0;
      count.set(name, n + 1);
      let entry = name;
      if (n > 0 && !skip && r.name.length === 1) {
        entry = `${name}__dup${String(n).padStart(2, "0")}`;
        renames.push({ start: r.nameSpan.start, end: r.nameSpan.start + name.length, to: entry });
      } else if (n > 0) continue;
      tests.push({ pkg, name, entry, where, skip, partialObject: r.headKind === "partialObject" && r.name.length === 1 });
    }
    for (const rn of renames.reverse()) f.text = f.text.slice(0, rn.start) + rn.to + f.text.slice(rn.end);
  }
  return tests;
}

function testPassed(v: unknown, partialObject: boolean): boolean {
  if (partialObject && isObject(v)) return Object.values(v).every((x) => (isObject(x) ? testPassed(x, true) : x === true));
  return v === true;
}

const entrypointOf = (t: Test) => [...t.pkg.split("."), t.entry].join("/");

/** Compile `unit` once with every test of `tests` as an entrypoint (per test when that fails) and run them. */
async function runUnit(tests: readonly Test[], unit: readonly RegoFile[], data: Record<string, unknown>, version: RegoVersion): Promise<TestOutcome[]> {
  const out: TestOutcome[] = [];
  const id = (t: Test) => `data.${t.pkg}.${t.entry}`;
  for (const t of tests) if (t.skip) out.push({ id: id(t), where: t.where, kind: "skip", detail: "" });
  const run = tests.filter((t) => !t.skip);
  if (run.length === 0) return out;
  const modules: Record<string, string> = {};
  for (const f of unit) modules[f.name] = f.text;
  const compile = (ts: readonly Test[]) => {
    try {
      return compileRegoDetailed({ modules, entrypoints: ts.map(entrypointOf), regoVersion: version });
    } catch (e) {
      return { diagnostics: [{ code: "harness", severity: "error" as const, message: `compiler threw: ${(e as Error).message.split("\n")[0]}` }], wasm: undefined };
    }
  };
  const groups: Test[][] = [];
  const whole = compile(run);
  const compiled = new Map<Test[], Uint8Array>();
  if (whole.wasm) { groups.push(run); compiled.set(run, whole.wasm); } else {
    for (const t of run) {
      const one = [t];
      const r = compile(one);
      if (r.wasm) { groups.push(one); compiled.set(one, r.wasm); continue; }
      const first = r.diagnostics.find((d) => d.severity === "error");
      out.push({ id: id(t), where: t.where, kind: "compile-error", detail: first ? formatDiagnostic(first, modules) : "no wasm" });
    }
  }
  for (const g of groups) {
    let policy;
    try {
      policy = await loadPolicy(compiled.get(g)! as unknown as BufferSource, undefined, hostBuiltins);
      policy.setData(data);
    } catch (e) {
      for (const t of g) out.push({ id: id(t), where: t.where, kind: "error", detail: `load: ${String((e as Error).message ?? e).split("\n")[0]}` });
      continue;
    }
    for (const t of g) {
      try {
        const rs = policy.evaluate(undefined, entrypointOf(t)) as { result: unknown }[];
        const v = rs[0]?.result;
        if (rs.length > 0 && testPassed(v, t.partialObject)) out.push({ id: id(t), where: t.where, kind: "pass", detail: "" });
        else out.push({ id: id(t), where: t.where, kind: "fail", detail: rs.length === 0 ? "undefined" : `value ${clip(JSON.stringify(v))}` });
      } catch (e) {
        out.push({ id: id(t), where: t.where, kind: "error", detail: String((e as Error).message ?? e).split("\n")[0]! });
      }
    }
  }
  return out;
}

function clip(s: string | undefined): string {
  if (s === undefined) return "undefined";
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

async function runOnce(roots: readonly string[], opts: Options, warnings: string[]): Promise<{ outcomes: TestOutcome[]; version: RegoVersion; packages: number }> {
  const { files, data, version } = loadRun(roots, opts, warnings);
  const pkgs = [...new Set(files.map((f) => pkgName(f.module)))].sort();
  const outcomes: TestOutcome[] = [];
  // Renumbering duplicates edits the sources, so every package's tests are collected first.
  const testsOf = new Map(pkgs.map((pkg) => [pkg, collectTests(pkg, files)] as const));
  const withTests = pkgs.filter((pkg) => testsOf.get(pkg)!.length > 0);
  // Packages whose closures are the same files share one compilation; a closure of half the
  // files or more is taken as all of them (as OPA compiles all), so a library that reaches
  // every rule (`data.rules[_]`) costs one compilation, not one per package.
  const units = new Map<string, { files: RegoFile[]; pkgs: string[] }>();
  for (const pkg of withTests) {
    const c = closure(pkg, files);
    const unit = c.length * 2 >= files.length ? files : c;
    const key = unit === files ? "*" : unit.map((f) => f.name).sort().join("\n");
    const u = units.get(key) ?? { files: unit, pkgs: [] };
    u.pkgs.push(pkg);
    units.set(key, u);
  }
  for (const u of units.values()) {
    try {
      outcomes.push(...await runUnit(u.pkgs.flatMap((p) => testsOf.get(p)!), u.files, data, version));
    } catch (e) {
      warnings.push(`packages ${u.pkgs.join(", ")}: harness error: ${(e as Error).message}`);
    }
  }
  outcomes.sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
  return { outcomes, version, packages: withTests.length };
}

function parseArgs(argv: string[]): { opts: Options; paths: string[] } | undefined {
  const opts: Options = { data: true, ignore: [], split: false, pairs: false, quiet: false, shims: [], dataDirs: [] };
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--v0") opts.version = "v0";
    else if (a === "--v1") opts.version = "v1";
    else if (a === "--no-data") opts.data = false;
    else if (a === "--split-dirs") opts.split = true;
    else if (a === "--pairs") opts.pairs = true;
    else if (a === "--quiet") opts.quiet = true;
    else if (a === "--shims") opts.shims.push(argv[++i] ?? "");
    else if (a === "--data-dir") opts.dataDirs.push(argv[++i] ?? "");
    else if (a === "--ignore") opts.ignore.push(globToRegExp(argv[++i] ?? ""));
    else if (a === "--name") opts.name = argv[++i];
    else if (a === "--json") opts.json = argv[++i];
    else if (a.startsWith("--")) return undefined;
    else paths.push(a);
  }
  return paths.length ? { opts, paths } : undefined;
}

function regoFiles(root: string, opts: Options): string[] {
  const files: string[] = [];
  walk(root, opts, files);
  return files.filter((f) => f.endsWith(".rego"));
}

function regoDirs(root: string, opts: Options): string[] {
  return [...new Set(regoFiles(root, opts).map((f) => join(f, "..")))].sort();
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed) {
    console.error("usage: npm run bench:rego-tests -- [--v0|--v1] [--no-data] [--ignore glob] [--split-dirs|--pairs] [--shims trivy|regal] [--data-dir dir] [--name label] [--json out.json] [--quiet] <path>...");
    process.exitCode = 2;
    return;
  }
  const { opts, paths } = parsed;
  for (const p of paths) {
    try { statSync(p); } catch { console.error(`${p}: not found`); process.exitCode = 2; return; }
  }
  const warnings: string[] = [];
  const outcomes: TestOutcome[] = [];
  const versions = new Set<RegoVersion>();
  let packages = 0;
  const t0 = performance.now();
  // `--split-dirs`: `opa test dir/*.rego` per folder; `--pairs`: `opa test x_test.rego x.rego`.
  // Both load only those files: no data, no subfolders.
  const runs: string[][] = opts.split
    ? paths.flatMap((p) => regoDirs(p, opts).map((d) => readdirSync(d).filter((f) => f.endsWith(".rego")).sort().map((f) => join(d, f))))
    : opts.pairs
      ? paths.flatMap((p) => regoFiles(p, opts).filter((f) => f.endsWith("_test.rego")).map((t) => [t, t.replace(/_test\.rego$/, ".rego")].filter((f) => existsSync(f))))
      : [paths];
  for (const roots of runs) {
    const o = opts.split || opts.pairs ? { ...opts, data: false } : opts;
    const r = await runOnce(roots, o, warnings);
    outcomes.push(...r.outcomes);
    versions.add(r.version);
    packages += r.packages;
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const n = (k: Kind) => outcomes.filter((o) => o.kind === k).length;
  const ran = outcomes.length - n("skip");
  const label = opts.name ?? paths.map((p) => basename(p)).join(" ");
  console.log(`${label}: ${n("pass")}/${ran} tests pass (${n("fail")} fail, ${n("error")} eval error, ${n("compile-error")} compile error, ${n("skip")} skipped) in ${packages} packages; Rego ${[...versions].join("+")}; ${secs} s`);
  if (!opts.quiet) {
    for (const w of warnings) console.log(`  warning: ${w}`);
    for (const o of outcomes) if (o.kind !== "pass" && o.kind !== "skip") console.log(`  ${o.where}: ${o.id}: ${o.kind}: ${o.detail}`);
  }
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(outcomes, null, 1)}\n`);
}

await main();
