/**
 * `npm run bench`: every benchmark section, in order, each printed under its name.
 * Add a section by appending `{ name, run }` to SECTIONS; `run` returns the lines to print.
 * `npm run bench -- audit` runs only the sections whose name contains "audit".
 */
import { auditBench } from "./audit.js";
import { auditStreamBench } from "./audit-stream.js";
import { compilerBench } from "./compiler.js";
import { startupBench } from "./startup.js";
import { verifyBench } from "./verify.js";
import { celBench } from "./cel.js";
import { parserBench } from "./parser.js";
import { runtimeBench } from "./runtime.js";

/** One named benchmark section. */
export interface BenchSection {
  readonly name: string;
  readonly run: () => Promise<string[]>;
}

export const SECTIONS: readonly BenchSection[] = [
  { name: "compiler", run: compilerBench },
  { name: "parser at scale (large and hostile Rego)", run: parserBench },
  { name: "runtime per evaluation (pod review JSON in the Wasm heap)", run: runtimeBench },
  { name: "audit throughput (2,000 pods, pss-restricted)", run: () => auditBench(2000) },
  { name: "audit streaming at scale (10k/50k/100k pods, pss-baseline)", run: () => auditStreamBench() },
  { name: "start-up (whole process, one pod)", run: startupBench },
  { name: "gpc verify (whole process, warm cache)", run: verifyBench },
  { name: "cel vs rego evaluation (2,000 pods, pss-restricted)", run: () => celBench(2000) },
];

const filter = process.argv[2];
let failed = false;
for (const s of SECTIONS) {
  if (filter && !s.name.includes(filter)) continue;
  console.log(`== ${s.name}`);
  const t0 = performance.now();
  try {
    for (const l of await s.run()) console.log(`  ${l}`);
  } catch (e) {
    failed = true;
    console.log(`  FAILED: ${(e as Error).message}`);
  }
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
process.exitCode = failed ? 1 : 0;
