/**
 * The second backend: a real `opa build -t wasm`, for users who have an `opa` binary.
 *
 * Chosen with `gpc wasm --backend opa` or by setting `GPC_OPA=/path/to/opa`. The modules are
 * written to a private temporary folder, `opa build -t wasm -e … [--v0-compatible]` bundles
 * them, and `/policy.wasm` is taken out of the bundle (a gzipped tar).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { CompileRegoOptions } from "./compile.js";

/** Locates the `opa` binary: `$GPC_OPA`, else `opa` on the PATH; undefined when there is none. */
export function findOpa(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GPC_OPA) return env.GPC_OPA;
  const r = spawnSync("opa", ["version"], { encoding: "utf8" });
  return r.status === 0 ? "opa" : undefined;
}

/** Compile with `opa build -t wasm`. Throws an Error carrying OPA's own message on failure. */
export function compileWithOpa(opts: CompileRegoOptions, opa: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "gpc-opa-"));
  try {
    const files: string[] = [];
    for (const [name, text] of Object.entries(opts.modules)) {
      const safe = name.replace(/\.\.+/g, "_").replace(/^\/+/, "");
      const path = join(dir, "src", safe.endsWith(".rego") ? safe : `${safe}.rego`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      files.push(path);
    }
    const out = join(dir, "bundle.tar.gz");
    const args = ["build", "-t", "wasm", "-o", out];
    for (const e of opts.entrypoints) args.push("-e", e);
    if ((opts.regoVersion ?? "v1") === "v0") args.push("--v0-compatible");
    args.push(...files);
    const r = spawnSync(opa, args, { encoding: "utf8" });
    if (r.error) throw new Error(`cannot run ${opa}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`opa build failed:\n${(r.stderr || r.stdout).trim()}`);
    const wasm = extractFromTar(gunzipSync(readFileSync(out)), "/policy.wasm");
    if (!wasm) throw new Error("opa build produced no /policy.wasm in its bundle");
    return wasm;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads one regular file out of a ustar archive. */
export function extractFromTar(tar: Uint8Array, wanted: string): Uint8Array | undefined {
  const want = wanted.replace(/^\/+/, "");
  let off = 0;
  const text = (a: number, b: number) => Buffer.from(tar.subarray(a, b)).toString("utf8").replace(/\0.*$/s, "");
  while (off + 512 <= tar.length) {
    const name = text(off, off + 100);
    if (!name) break;
    const prefix = text(off + 345, off + 500);
    const full = (prefix ? `${prefix}/${name}` : name).replace(/^\.?\/+/, "");
    const size = parseInt(text(off + 124, off + 136).trim() || "0", 8);
    const type = text(off + 156, off + 157);
    const start = off + 512;
    if (full === want && (type === "0" || type === "")) return tar.slice(start, start + size);
    off = start + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
