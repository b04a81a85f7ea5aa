/**
 * The second evaluator for `gpc test --cross-check`: OPA's own evaluator (`opa eval`), the one
 * Gatekeeper runs, used through the same `CompiledTemplate` seam as the Wasm modules, so the
 * engine (input, match, enforcement, expansion) is shared and only Rego evaluation differs.
 *
 * Input: a `TemplateRego`. Output: a `CompiledTemplate` whose `evaluate` runs
 * `opa eval -I --format json [--v0-compatible] -d <modules> data.<pkg>.violation` with the input
 * on stdin. Found with `findOpa` (`$GPC_OPA`, else `opa` on the PATH).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findOpa } from "../rego/wasm/opa-backend.js";
import type { TemplateRego } from "./template.js";
import { gatekeeperJSON } from "./input-json.js";
import { inputBytes, type CompiledTemplate, type EvalInput } from "./wasm.js";

export { findOpa };

const dirs: string[] = [];
process.once("exit", () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A loader evaluating templates with `opa eval`. */
export function opaEvalLoader(opa: string): (t: TemplateRego) => Promise<CompiledTemplate> {
  return async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "gpc-opa-eval-"));
    dirs.push(dir);
    const files: string[] = [];
    for (const [name, text] of Object.entries(t.modules)) {
      const p = join(dir, name.replace(/\.\.+/g, "_"));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      files.push(p);
    }
    let data = "{}";
    const query = `data${t.entrypoint.split("/").map((seg) => `[${JSON.stringify(seg)}]`).join("")}`;
    return {
      template: t,
      setData(d: object) { data = gatekeeperJSON(d); }, // Gatekeeper's number text, as the Wasm path
      evaluate(input: EvalInput): unknown[] {
        const inputJson = new TextDecoder().decode(inputBytes(input));
        const args = ["eval", "-I", "--format", "json"];
        if (t.regoVersion === "v0") args.push("--v0-compatible");
        for (const f of files) args.push("-d", f);
        let dataFile: string | undefined;
        if (data !== "{}") { dataFile = join(dir, "data.json"); writeFileSync(dataFile, data); args.push("-d", dataFile); }
        args.push(query);
        const r = spawnSync(opa, args, { input: inputJson, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        if (r.error) throw new Error(`cannot run ${opa}: ${r.error.message}`);
        let out: { result?: { expressions?: { value?: unknown }[] }[]; errors?: { message?: string }[] };
        try { out = JSON.parse(r.stdout); } catch { throw new Error((r.stderr || r.stdout).trim()); }
        if (out.errors?.length) throw new Error(out.errors.map((e) => e.message ?? "").join("; "));
        if (r.status !== 0) throw new Error((r.stderr || r.stdout).trim());
        const v = out.result?.[0]?.expressions?.[0]?.value;
        return Array.isArray(v) ? v : [];
      },
    };
  };
}
