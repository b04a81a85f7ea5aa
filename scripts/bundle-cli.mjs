#!/usr/bin/env node
// The CLI's start-up bundle (run by `npm run build:ts`, after tsc): dist/src/ → dist/src/cli/bundle/.
//
// A warm `gpc audit` loads some 200 ES modules from dist/src/ and node_modules/; resolving,
// reading, compiling and linking them one by one is a large part of its start-up. This bundles the
// compiled CLI (dist/src/cli/main.js and fatal.js) with esbuild into one ES module, `cli.js`, plus
// one chunk per dynamic import (commands, the Rego compiler, the emitters: still loaded only when
// used). bin/gpc.js runs it when it is at least as new as dist/src/cli/main.js (a later tsc run
// makes it stale, and bin/gpc.js falls back to the modules). Nothing changes in what runs:
//
// - every module keeps its own `import.meta.url` (rewritten to the URL of its file in dist/src/,
//   relative to the bundle), so the files gpc finds beside its modules (templates, the runtime,
//   the worker script, its fingerprints) are the same;
// - yargs stays an ordinary import (it finds its locale files beside itself), and so does esbuild
//   (imported only to bundle policies);
// - bundled CommonJS packages get a `require` for Node's built-ins;
// - three libraries that a warm start never uses are loaded when first used instead of at start
//   (LAZY below: opa-wasm's JavaScript YAML builtins — gpc's runtime implements every builtin —,
//   @bufbuild/cel's parser — the parse trees are cached — and its RE2, needed by `matches` only).
//   Each rewrite applies only to the exact import it names; when a library's source differs, the
//   bundle keeps the import as it is and this script says so.
import * as esbuild from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "dist", "src");
const outdir = join(src, "cli", "bundle");
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
      const out = await esbuild.transform(code, { loader: "js", target: "esnext", define: { "import.meta.url": "__gpcModuleUrl" } });
      const rel = relative(outdir, args.path).split(sep).join("/");
      const head = out.code.includes("__gpcModuleUrl") ? `const __gpcModuleUrl = new URL(${JSON.stringify(rel)}, import.meta.url).href;\n` : "";
      return { contents: head + out.code, loader: "js" };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: { cli: ENTRY },
  absWorkingDir: root,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  chunkNames: "chunk-[hash]",
  keepNames: true,
  legalComments: "none",
  logLevel: "warning",
  external: ["yargs", "yargs/*", "esbuild"],
  banner: { js: `import { createRequire as __gpcCreateRequire } from "node:module"; const require = __gpcCreateRequire(import.meta.url);` },
  plugins: [ownModules, lazyImports],
});
