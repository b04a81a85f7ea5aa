#!/usr/bin/env node
// The CLI's start-up bundle (run by `npm run build:ts`, after tsc): dist/src/ → dist/src/cli/bundle/cli.cjs.
//
// A warm `gpc audit` loaded some 200 ES modules from dist/src/ and node_modules/; resolving,
// reading, compiling and linking them one by one was a large part of its start-up. This bundles the
// compiled CLI (dist/src/cli/main.js and fatal.js) with esbuild into one script, which bin/gpc.js
// compiles with V8's code cache (src/cli/launch.ts). In a working copy, the bundle is used only
// while every file it was made from is unchanged (cli.inputs.json); else the modules are.
// Nothing changes in what runs:
//
// - every module keeps its own `import.meta.url` (rewritten to the URL of its file in dist/src/,
//   relative to the bundle), so the files gpc finds beside its modules (templates, the runtime,
//   the worker script, its fingerprints) are the same;
// - modules the bundle does not contain are loaded as before: yargs and bundled policies (ES
//   modules) through src/host.ts; esbuild (imported only to bundle policies), handlebars (the
//   emitters), yaml and RE2 (see below) by require from node_modules — a warm start uses none, so
//   it does not read them with the bundle at every start (some 0.3 MB of 1.2 MB);
// - the bundle's own dynamic imports (commands, the Rego compiler, the emitters) still run their
//   modules only when used;
// - three libraries that a warm start never uses are loaded when first used instead of at start
//   (LAZY below: opa-wasm's JavaScript YAML builtins — called only by a module that lists them —,
//   @bufbuild/cel's parser — the parse trees are cached — and its RE2, needed by `matches` only).
//   Each rewrite applies only to the exact import it names; when a library's source differs, the
//   bundle keeps the import as it is and this script says so.
import * as esbuild from "esbuild";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "dist", "src");
const outdir = join(src, "cli", "bundle");
const outfile = join(outdir, "cli.cjs");
const ENTRY = "gpc-cli-entry";

/**
 * Imports made lazy: file (under node_modules/) → [the import, as written; its replacement, which
 * `require`s the module where it is used (esbuild bundles that as an initialiser run on first
 * call); a pattern no other use of the imported name may match].
 */
const LAZY = {
  "@open-policy-agent/opa-wasm/src/builtins/yaml.js": [
    `const yaml = require("yaml");`,
    `const yaml = { parse: (...a) => require("yaml").parse(...a), stringify: (...a) => require("yaml").stringify(...a) };`,
    /\byaml\b(?!\.(parse|stringify)\(|\.(is_valid|marshal|unmarshal)"|\/v1\/)/,
  ],
  "@bufbuild/cel/dist/esm/parse.js": [
    `import { parse as internalParse } from "./parser.js";`,
    `const internalParse = (...a) => require("./parser.js").parse(...a);`,
    /\binternalParse\b(?!\()/,
  ],
  "@bufbuild/cel/dist/esm/std/logic.js": [
    `import { RE2JS } from "@bufbuild/re2";`,
    `const RE2JS = { compile: (...a) => require("@bufbuild/re2").RE2JS.compile(...a) };`,
    /\bRE2JS\b(?!\.compile\()/,
  ],
};

const lazyImports = {
  name: "gpc-lazy-imports",
  setup(build) {
    const nm = join(root, "node_modules") + sep;
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(nm)) return undefined;
      const rule = LAZY[args.path.slice(nm.length).split(sep).join("/")];
      if (!rule) return undefined;
      const [from, to, otherUse] = rule;
      const code = readFileSync(args.path, "utf8");
      const parts = code.split(from);
      if (parts.length !== 2 || otherUse.test(parts.join(""))) {
        console.warn(`bundle-cli: ${args.path}: not the expected source; its import stays eager`);
        return undefined;
      }
      return { contents: code.replace(from, to), loader: "js" };
    });
  },
};

/** The rewriting of `import.meta.url` in gpc's own modules (strings and comments untouched). */
const ownModules = {
  name: "gpc-module-urls",
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: ENTRY, namespace: "gpc-entry" }));
    build.onLoad({ filter: /.*/, namespace: "gpc-entry" }, () => ({
      contents: `export { main } from "./main.js";\nexport { fatal, installFatalHandlers } from "./fatal.js";\n`,
      resolveDir: join(src, "cli"),
      loader: "js",
    }));
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(src + sep)) return undefined;
      const code = readFileSync(args.path, "utf8");
      if (!code.includes("import.meta")) return { contents: code, loader: "js" };
      const out = await esbuild.transform(code, { loader: "js", target: "esnext", define: { "import.meta.url": "__gpcModuleUrl", "import.meta.resolve": "__gpcNoResolve" } });
      const rel = relative(outdir, args.path).split(sep).join("/");
      let head = "";
      if (out.code.includes("__gpcModuleUrl")) head += `const __gpcModuleUrl = new URL(${JSON.stringify(rel)}, require("node:url").pathToFileURL(__filename)).href;\n`;
      // Only src/engine/audit.ts uses it, when it runs from .ts sources (never from the bundle).
      if (out.code.includes("__gpcNoResolve")) head += `const __gpcNoResolve = () => { throw new Error("import.meta.resolve is not available in gpc's CLI bundle"); };\n`;
      return { contents: head + out.code, loader: "js" };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: [ENTRY],
  metafile: true,
  absWorkingDir: root,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  outfile,
  keepNames: true,
  // Smaller to read and to deserialise (a start reads the whole bundle, and V8's code cache holds
  // its scopes' names); the names of functions and classes stay as they are (keepNames).
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  charset: "ascii",
  legalComments: "none",
  logLevel: "warning",
  // Loaded from node_modules when used, never by a warm start (see the header).
  external: ["yargs", "yargs/*", "esbuild", "handlebars", "yaml", "@bufbuild/re2"],
  plugins: [ownModules, lazyImports],
});
// bin/gpc.js reads the bundle as Latin-1 (faster than UTF-8, the same for ASCII).
const bytes = readFileSync(outfile);
const wide = bytes.findIndex((b) => b > 0x7f);
if (wide >= 0) throw new Error(`${outfile}: a non-ASCII byte at ${wide}; the launcher reads the bundle as Latin-1`);

// What the bundle was made from (path from the package root, size, modification time), for
// src/cli/launch.ts: in a working copy (src/ beside dist/), a changed input means a stale bundle.
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes(":")).sort().map((p) => {
  const st = statSync(join(root, p));
  return [p.split(sep).join("/"), st.size, st.mtimeMs];
});
writeFileSync(join(outdir, "cli.inputs.json"), `${JSON.stringify(inputs)}\n`);
