import { compileRegoDetailed } from "../../../src/rego/wasm/compile.js";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { printPolicy } from "../../../src/rego/wasm/ir/print.js";
const [src, ep, input] = [process.argv[2], process.argv[3], process.argv[4]];
const r = compileRegoDetailed({ modules: { "p.rego": src.replace(/\\n/g, "\n") }, entrypoints: [ep] });
if (!r.wasm) { console.log(r.diagnostics); process.exit(1); }
if (process.env.IR) console.log(printPolicy(r.policy));
const p = await loadPolicy(r.wasm);
try { console.log(JSON.stringify(p.evaluate(input ? JSON.parse(input) : undefined, ep))); } catch (e) { console.log("threw", String(e)); }
