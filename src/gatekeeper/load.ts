/**
 * Loading a policy file: `policies/*.ts` → the plain-data models it exports.
 *
 * Input: a TypeScript (or JavaScript) policy file. Output: its default export and the list of
 * files it was built from (for the build cache). The file is bundled with esbuild into one ES
 * module in the cache folder and imported from there, so loading does not depend on the
 * repository's module type (`"type": "module"` or CommonJS), its tsconfig or a TS loader hook:
 *
 * - `gpc` and `gpc/<subpath>` imports, and relative imports that reach into gpc's own `src/` (this
 *   repository's policies import "../src/index.js"), are bound to the running gpc's modules, so a
 *   policy always uses the gpc that loads it;
 * - every other import (helpers beside the policy, with `.js` → `.ts` remapping; npm packages) is
 *   bundled, so the bundle's inputs are every file the policy depends on;
 * - Node built-ins stay imports; `require` works in bundled CommonJS packages.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { importModule, noteColdStart } from "../host.js";
import { ownModule, ownModuleRoot, packagePath, packageRoot } from "../paths.js";

/** A policy file, bundled and imported. */
export interface LoadedModule {
  /** The module's namespace object. */
  readonly module: { default?: unknown };
  /** Every file the bundle was built from: absolute path → SHA-256 of the bytes the bundler read. */
  readonly inputs: Record<string, string>;
}

/** The bundler rejected the file (syntax error, unresolvable import): located messages. */
export class PolicyBundleError extends Error {
  override name = "PolicyBundleError";
  constructor(readonly messages: readonly string[]) {
    super(messages.join("\n"));
  }
}

let subpathMemo: Map<string, string> | undefined;

/** `gpc` export subpaths ("." , "./engine", …) → module path relative to `src/` ("index", "engine/index"). */
function gpcSubpaths(): Map<string, string> {
  if (subpathMemo) return subpathMemo;
  const pkg = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { exports?: Record<string, unknown> };
  const out = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    const t = typeof target === "string" ? target : (target as { import?: unknown; default?: unknown }).import ?? (target as { default?: unknown }).default;
    const m = typeof t === "string" ? /^\.\/dist\/src\/(.+)\.js$/.exec(t) : null;
    if (m) out.set(key, m[1]!);
  }
  return (subpathMemo = out);
}

const LOADERS: Readonly<Record<string, import("esbuild").Loader>> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".json": "json" };

/** esbuild plugin: binds gpc imports to the running gpc; records the hash of every file it reads. */
function gpcPlugin(inputs: Record<string, string>): import("esbuild").Plugin {
  const srcRoot = join(packageRoot(), "src") + sep;
  const running = ownModuleRoot();
  const ext = ownModule("index").endsWith(".ts") ? ".ts" : ".js";
  return {
    name: "gpc",
    setup(build) {
      build.onResolve({ filter: /^gpc(\/.*)?$/ }, (args) => {
        const key = args.path === "gpc" ? "." : `.${args.path.slice(3)}`;
        const rel = gpcSubpaths().get(key);
        if (!rel) return { errors: [{ text: `"${args.path}" is not an export of gpc (exports: ${[...gpcSubpaths().keys()].map((k) => (k === "." ? "gpc" : `gpc${k.slice(1)}`)).join(", ")})` }] };
        return { path: pathToFileURL(ownModule(rel)).href, external: true };
      });
      // Relative imports into gpc's own sources (this repository's policies): the running modules.
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const abs = resolve(args.resolveDir, args.path);
        if (!abs.startsWith(srcRoot)) return undefined;
        const rel = abs.slice(srcRoot.length).replace(/\.(js|ts|mjs|mts)$/, "");
        return { path: pathToFileURL(join(running, rel + ext)).href, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: "file" }, (args) => {
        const loader = LOADERS[extname(args.path)];
        if (!loader) return undefined;
        const bytes = readFileSync(args.path);
        inputs[args.path] = createHash("sha256").update(bytes).digest("hex");
        return { contents: bytes, loader };
      });
    },
  };
}

/** Where bundles are written: `<cache>/policies/`, or the OS temp folder when that is not writable. */
function writeBundle(cacheDir: string, code: string): string {
  const name = `${createHash("sha256").update(code).digest("hex").slice(0, 32)}.mjs`;
  for (const dir of [join(cacheDir, "policies"), join(tmpdir(), "gpc-policies")]) {
    const file = join(dir, name);
    try {
      if (readFileSync(file, "utf8") === code) return file;
    } catch { /* not there yet */ }
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
      return file;
    } catch { /* try the next folder */ }
  }
  throw new Error(`cannot write the bundled policy to ${join(cacheDir, "policies")} or ${join(tmpdir(), "gpc-policies")}`);
}

/** Bundles and imports one policy file. Throws PolicyBundleError, or whatever the module throws. */
export async function loadPolicyModule(file: string, opts: { cwd: string; cacheDir: string }): Promise<LoadedModule> {
  noteColdStart();
  const esbuild = await importModule<typeof import("esbuild")>("esbuild");
  const inputs: Record<string, string> = {};
  let result: import("esbuild").BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: opts.cwd,
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: false,
      // Sources are named relative to the working folder; the bundle lives elsewhere.
      sourceRoot: `${pathToFileURL(opts.cwd).href}/`,
      logLevel: "silent",
      // Bundled CommonJS packages may call require (of Node built-ins, mostly).
      banner: { js: `import { createRequire as __gpcCreateRequire } from "node:module"; const require = __gpcCreateRequire(import.meta.url);` },
      plugins: [gpcPlugin(inputs)],
    });
  } catch (e) {
    const errors = (e as { errors?: import("esbuild").Message[] }).errors;
    if (!errors) throw e;
    throw new PolicyBundleError(errors.map((m) => {
      const loc = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : "";
      return `${loc}${m.text}`;
    }));
  }
  const code = result.outputFiles[0]!.text;
  const bundle = writeBundle(opts.cacheDir, code);
  // Files esbuild read itself (other loaders): hashed now.
  for (const p of Object.keys(result.metafile.inputs)) {
    const abs = resolve(opts.cwd, p);
    if (!(abs in inputs)) inputs[abs] = createHash("sha256").update(readFileSync(abs)).digest("hex");
  }
  // Stack traces of errors thrown by the policy point at the .ts sources (inline source map).
  process.setSourceMapsEnabled(true);
  const module = await importModule<{ default?: unknown }>(pathToFileURL(bundle).href);
  return { module, inputs };
}

