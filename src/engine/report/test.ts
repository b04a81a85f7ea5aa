/**
 * `gpc test` reports: a table for people (failures show the object and the messages), JSON for
 * scripts, JUnit XML for CI. Input: case results. Output: the text to print.
 */
import { toYaml } from "../../gatekeeper/yaml.js";
import type { CaseResult } from "../cases.js";
import type { EngineProblem } from "../engine.js";

function indent(text: string, by: string): string {
  return text.replace(/\n$/, "").split("\n").map((l) => by + l).join("\n");
}

/** Per policy, one line per case; under a failing case its reasons, messages and object. */
export function renderTestTable(results: readonly CaseResult[], problems: readonly EngineProblem[], ms: number): string {
  const out: string[] = [];
  let policy = "";
  for (const r of results) {
    if (r.policy !== policy) {
      if (policy) out.push("");
      out.push(`${r.policy}  (${r.sourceFile})`);
      policy = r.policy;
    }
    out.push(`  ${r.passed ? "✓" : "✗"} ${r.expect.padEnd(7)} ${r.name}${r.passed ? "" : "  FAILED"}`);
    if (!r.passed) {
      for (const f of r.failures) out.push(`      ${f}`);
      if (r.violations.length) {
        out.push("      violations:");
        for (const v of r.violations) out.push(`        [${v.constraint.name}] ${v.enforcementAction}: ${v.msg}`);
      }
      out.push("      object:");
      out.push(indent(toYaml(r.object), "        "));
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  if (problems.length) {
    out.push("", "problems:");
    const seen = new Set<string>();
    for (const p of problems) { const l = `  ${p.subject}: ${p.message.replace(/\n/g, "\n      ")}`; if (!seen.has(l)) { seen.add(l); out.push(l); } }
  }
  const policies = new Set(results.map((r) => r.policy)).size;
  out.push("", `${results.length} case${results.length === 1 ? "" : "s"} in ${policies} polic${policies === 1 ? "y" : "ies"}: ${results.length - failed} passed, ${failed} failed (${(ms / 1000).toFixed(2)} s)`);
  return out.join("\n") + "\n";
}

/** A JSON array of case results (without timings, so output is reproducible). */
export function renderTestJson(results: readonly CaseResult[]): string {
  return JSON.stringify(results.map((r) => ({
    policy: r.policy,
    sourceFile: r.sourceFile,
    case: r.name,
    expect: r.expect,
    passed: r.passed,
    failures: r.failures,
    violations: r.violations.map((v) => ({ constraint: v.constraint, enforcementAction: v.enforcementAction, msg: v.msg, details: v.details })),
  })), null, 2) + "\n";
}

function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JUnit XML: one testsuite per policy, one testcase per case, `<failure>` with reasons and object. */
export function renderTestJunit(results: readonly CaseResult[], ms: number): string {
  const byPolicy = new Map<string, CaseResult[]>();
  for (const r of results) byPolicy.set(r.policy, [...(byPolicy.get(r.policy) ?? []), r]);
  const failed = results.filter((r) => !r.passed).length;
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="gpc test" tests="${results.length}" failures="${failed}" errors="0" time="${(ms / 1000).toFixed(3)}">`];
  for (const [policy, rs] of byPolicy) {
    const t = rs.reduce((n, r) => n + r.ms, 0);
    out.push(`  <testsuite name="${xml(policy)}" tests="${rs.length}" failures="${rs.filter((r) => !r.passed).length}" errors="0" skipped="0" time="${(t / 1000).toFixed(3)}" file="${xml(rs[0]!.sourceFile)}">`);
    for (const r of rs) {
      const head = `    <testcase name="${xml(`${r.expect}: ${r.name}`)}" classname="${xml(policy)}" file="${xml(r.sourceFile)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.passed) { out.push(`${head}/>`); continue; }
      const body = [...r.failures, ...r.violations.map((v) => `[${v.constraint.name}] ${v.enforcementAction}: ${v.msg}`), "object:", toYaml(r.object)].join("\n");
      out.push(`${head}>`, `      <failure message="${xml(r.failures[0] ?? "failed")}" type="AssertionError">${xml(body)}</failure>`, `    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
}
