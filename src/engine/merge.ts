/**
 * Batching: several ConstraintTemplates compiled into one Wasm module, so that the review — the
 * large part of every input — is parsed once per object instead of once per template.
 *
 * Input: the `TemplateRego`s of one Rego version. Output: their modules with each template kept
 * apart the way Gatekeeper keeps them apart (it renames every entry package to `data.template`
 * and gives each template its own libraries): template i's entry package becomes
 * `gpc_batch.t<i>` and its `lib.*` packages become `lib.t<i>.*`, with every `data.lib` reference
 * and import rewritten to match. The rewrite works on tokens, never on raw text; anything it
 * cannot account for (another `data.` root, lexical errors) makes it decline, and the engine
 * compiles those templates one by one instead.
 */
import { lex, type Token } from "../rego/syntax/lexer.js";
import type { TemplateRego } from "./template.js";

/** A merged compile unit. */
export interface MergedTemplates {
  readonly modules: Readonly<Record<string, string>>;
  readonly regoVersion: "v0" | "v1";
  /** Template name → its entrypoint in the merged module. */
  readonly entrypoints: ReadonlyMap<string, string>;
}

interface Edit { s: number; e: number; text: string }

function rewriteModule(file: string, text: string, tag: string, entry: boolean): string | undefined {
  const { tokens, diagnostics } = lex(file, text);
  if (diagnostics.length) return undefined;
  const edits: Edit[] = [];
  const at = (i: number): Token | undefined => tokens[i];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.t === "ident" && t.v === "package" && (i === 0 || t.nl)) {
      // The package ref runs to the end of the line.
      let j = i + 1;
      const first = at(j);
      if (!first || first.t !== "ident") return undefined;
      while (at(j + 1) && !at(j + 1)!.nl && at(j + 1)!.t !== "eof") j++;
      if (entry) edits.push({ s: first.s, e: at(j)!.e, text: `gpc_batch.${tag}` });
      else if (first.v === "lib") edits.push({ s: first.s, e: first.e, text: `lib.${tag}` });
      else return undefined;
      i = j;
      continue;
    }
    if (t.t === "ident" && t.v === "data") {
      const dot = at(i + 1), root = at(i + 2);
      if (!dot || dot.t !== "." || dot.ws) return undefined; // a bare `data` or `data[...]`
      if (!root || root.t !== "ident" || root.ws) return undefined;
      if (root.v === "inventory") continue;
      if (root.v !== "lib") return undefined;
      const after = at(i + 3);
      const importsLibItself = at(i - 1)?.t === "ident" && at(i - 1)!.v === "import" && (!after || after.nl || after.t === "eof" || (after.t !== "." && after.t !== "["));
      const aliased = after?.t === "ident" && after.v === "as";
      edits.push({ s: root.s, e: root.e, text: importsLibItself && !aliased ? `lib.${tag} as lib` : `lib.${tag}` });
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.s - a.s)) out = out.slice(0, e.s) + e.text + out.slice(e.e);
  return out;
}

/** Merges templates of one Rego version; undefined when some template cannot be merged safely. */
export function mergeTemplates(ts: readonly TemplateRego[]): MergedTemplates | undefined {
  if (ts.length === 0) return undefined;
  const regoVersion = ts[0]!.regoVersion;
  if (ts.some((t) => t.regoVersion !== regoVersion)) return undefined;
  // rego.metadata.chain() reports package paths: the renamed ones would show.
  if (ts.some((t) => t.metadataPackages)) return undefined;
  const modules: Record<string, string> = {};
  const entrypoints = new Map<string, string>();
  for (const [i, t] of ts.entries()) {
    const tag = `t${i}`;
    for (const [file, text] of Object.entries(t.modules)) {
      const entry = file.endsWith("/template.rego");
      const out = rewriteModule(file, text, tag, entry);
      if (out === undefined) return undefined;
      modules[file] = out;
    }
    entrypoints.set(t.name, `gpc_batch/${tag}/violation`);
  }
  return { modules, regoVersion, entrypoints };
}
