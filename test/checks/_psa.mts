import { agreement, psaVersions } from "./psa.ts";
for (const level of ["baseline", "restricted"] as const) {
  for (const v of psaVersions(level)) {
    const a = await agreement(level, v, (process.env.EX as any) ?? "interp");
    console.log(`${level} ${v}: ${a.agree}/${a.pass + a.fail} attributed ${a.attributed}/${a.fail}`);
    for (const d of a.misattributed) console.log(`  misattributed ${d.file}: ${d.checks.join(",")}`);
    for (const d of a.disagreements) console.log(`  ${d.file} expected ${d.expected}: ${d.checks.join(",")} ${d.msgs.join(" | ")}`);
  }
}
