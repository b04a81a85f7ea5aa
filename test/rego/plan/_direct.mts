// Debug tool (not a test): plan one Rego module, emit it onto runtime/build/runtime.wasm and run it
// through __gpc_eval directly (test/rego/wasm/direct.ts), bypassing the SDK's opa_eval path.
//   node --import tsx test/rego/plan/_direct.mts 'package t\nr := 1' t/r '{"input":1}' '{"data":1}' [v0]
import { parseModule } from "../../../src/rego/syntax/index.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { printPolicy } from "../../../src/rego/wasm/ir/print.js";
import { emitModule } from "../../../src/rego/wasm/emit/index.js";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/index.js";
import { readFileSync } from "node:fs";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { instantiateDirect } from "../wasm/direct.js";
const [src, ep, input, data, ver] = process.argv.slice(2);
const text = src!.replace(/\\n/g, "\n");
const rt = runtimeFromBytes(new Uint8Array(readFileSync("runtime/build/runtime.wasm")), "rt");
const r0 = parseModule("p.rego", text, { regoVersion: (ver as "v0") ?? "v1" });
if (!r0.module) { console.log(r0.diagnostics.map((d) => formatDiagnostic(d, { "p.rego": text }))); process.exit(1); }
const r = planPolicy([r0.module], [ep!], { builtins: rt.builtins, sources: { "p.rego": text } });
if (!r.policy) { console.log(r.diagnostics.map((d) => formatDiagnostic(d, { "p.rego": text }))); process.exit(1); }
if (process.env.IR) console.log(printPolicy(r.policy));
const run = instantiateDirect(emitModule(r.policy, rt, { dropExports: () => false }), data ? JSON.parse(data) : {});
try { console.log(JSON.stringify(run(0, input ? JSON.parse(input) : undefined))); } catch (e) { console.log("threw", String(e)); }
