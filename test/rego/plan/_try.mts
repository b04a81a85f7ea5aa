// Debug tool (not a test): plan one Rego module and run it on the reference IR interpreter.
//   node --import tsx test/rego/plan/_try.mts 'package t\nr := 1' t/r '{"input":1}' '{"data":1}' [v0]
// IR=1 prints the planned IR.
import { parseModule } from "../../../src/rego/syntax/index.js";
import { planPolicy } from "../../../src/rego/wasm/plan/index.js";
import { printPolicy } from "../../../src/rego/wasm/ir/print.js";
import { formatDiagnostic } from "../../../src/diagnostics/diagnostic.js";
import { TEST_BUILTINS } from "./builtins.js";
import { evaluate } from "./interp.js";
const [src, ep, input, data, ver] = process.argv.slice(2);
const text = src!.replace(/\\n/g, "\n");
const r0 = parseModule("p.rego", text, { regoVersion: (ver as "v0") ?? "v1" });
if (!r0.module) { console.log(r0.diagnostics.map((d) => formatDiagnostic(d, { "p.rego": text }))); process.exit(1); }
const r = planPolicy([r0.module], [ep!], { builtins: TEST_BUILTINS, sources: { "p.rego": text } });
if (!r.policy) { console.log(r.diagnostics.map((d) => formatDiagnostic(d, { "p.rego": text }))); process.exit(1); }
if (process.env.IR) console.log(printPolicy(r.policy));
try { console.log(JSON.stringify(evaluate(r.policy, ep!, input ? JSON.parse(input) : undefined, data ? JSON.parse(data) : {}))); } catch (e) { console.log("threw", String(e)); }
