/**
 * Rego parser at scale: the large and hostile inputs of test/rego/syntax/limits.test.ts, timed here
 * (CPU time of this process, median of 5) instead of asserted there. Each should stay well under a
 * second; a figure that grows faster than the input (quadratic behaviour) is a regression.
 */
import { parseModule } from "../src/rego/syntax/index.js";

const RUNS = 5;

function v1Rules(bytes: number): string {
  let text = "package t\n";
  for (let i = 0; text.length < bytes; i++) {
    text += `rule_${i} contains msg if {\n  some c in input.review.object.spec.containers\n  not startswith(c.image, "docker.io/")\n  msg := sprintf("%v %v", [c.name, ${i}])\n}\n`;
  }
  return text;
}

function v0Rules(bytes: number): string {
  let text = "package t\n";
  for (let i = 0; text.length < bytes; i++) text += `violation[{"msg": msg}] {\n  c := input.review.object.spec.containers[_]\n  msg := sprintf("%v", [c.name, ${i}])\n}\n`;
  return text;
}

const CASES: readonly [string, "v0" | "v1", () => string][] = [
  ["1 MB of v1 rules", "v1", () => v1Rules(1_000_000)],
  ["4 MB of v1 rules", "v1", () => v1Rules(4_000_000)],
  ["1 MB of v0 rules", "v0", () => v0Rules(1_000_000)],
  ["array of 300,001 numbers on one line", "v1", () => "package t\np := [" + "1, ".repeat(300000) + "1]"],
  ["200,000 additions", "v1", () => "package t\np := 1" + " + 1".repeat(200000)],
  ["1 MB string literal", "v1", () => "package t\np := \"" + "ab".repeat(500000) + "\""],
  ["240 ambiguous `|` levels", "v1", () => "package t\np := " + '{"a": x | '.repeat(240) + "1" + ', "b": 1}'.repeat(240)],
  ["10,000 open brackets (nesting diagnostic)", "v1", () => "package t\np := " + "[".repeat(10000)],
  ["150,000 syntax errors", "v1", () => "package t\n" + "p := ]\n".repeat(150000)],
  ["1 MB of illegal characters", "v1", () => "package t\np := " + "@".repeat(1_000_000)],
  ["500,000 bad escapes", "v1", () => "package t\np := \"" + "\\q".repeat(500_000) + "\""],
];

export async function parserBench(): Promise<string[]> {
  parseModule("warm.rego", "package t\np := 1", { regoVersion: "v1" });
  const lines: string[] = [];
  for (const [label, version, make] of CASES) {
    const text = make();
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      parseModule("big.rego", text, { regoVersion: version });
      const c = process.cpuUsage(c0);
      ms.push((c.user + c.system) / 1000);
    }
    ms.sort((a, b) => a - b);
    lines.push(`${label} (${(text.length / 1e6).toFixed(2)} MB): ${ms[Math.floor(RUNS / 2)]!.toFixed(0)} ms CPU (median of ${RUNS})`);
  }
  return lines;
}
