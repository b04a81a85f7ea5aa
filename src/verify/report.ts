/**
 * `gpc verify` reports. Input: suite outcomes. Output: text — gator's (`ok`/`FAIL` per suite,
 * `--- FAIL:` lines for failing tests and cases with the reason, `PASS`/`FAIL` last; `-v` also
 * lists what ran and was skipped) — JSON for scripts (no timings, so it is reproducible), or JUnit
 * XML for CI (one testsuite per suite file, one testcase per case).
 */
import type { CaseOutcome, SuiteOutcome, TestOutcome } from "./run.js";
import { isFailure } from "./run.js";

const secs = (ms: number) => `${(ms / 1000).toFixed(3)}s`;
const indentRest = (s: string, by: string) => s.replace(/\n/g, `\n${by}`);

function caseText(c: CaseOutcome, verbose: boolean, out: string[]): void {
  if (verbose) {
    if (c.skipped) { out.push(`    === SKIP  ${c.name}`); return; }
    out.push(`    === RUN   ${c.name}`);
  }
  if (c.error) out.push(`    --- FAIL: ${c.name}\t(${secs(c.ms)})`, `        ${indentRest(c.error, "        ")}`);
  else if (verbose) out.push(`    --- PASS: ${c.name}\t(${secs(c.ms)})`);
}

function testText(t: TestOutcome, verbose: boolean, out: string[]): void {
  if (verbose) {
    if (t.skipped) { out.push(`=== SKIP  ${t.name}`); return; }
    out.push(`=== RUN   ${t.name}`);
  }
  for (const c of t.cases) caseText(c, verbose, out);
  if (t.error || t.cases.some((c) => c.error)) {
    out.push(`--- FAIL: ${t.name}\t(${secs(t.ms)})`);
    if (t.error) out.push(`  ${indentRest(t.error, "  ")}`);
  } else if (verbose) out.push(`--- PASS: ${t.name}\t(${secs(t.ms)})`);
}

/** gator's text output. */
export function renderVerifyText(results: readonly SuiteOutcome[], verbose = false): string {
  const out: string[] = [];
  for (const s of results) {
    for (const t of s.tests) testText(t, verbose, out);
    if (isFailure(s)) {
      out.push(`FAIL\t${s.path}\t${secs(s.ms)}`);
      if (s.error) out.push(`  ${indentRest(s.error, "  ")}`);
    } else out.push(`ok\t${s.path}\t${secs(s.ms)}`);
  }
  out.push(results.some(isFailure) ? "FAIL" : "PASS");
  return out.join("\n") + "\n";
}

/** Counts over all suites. */
export function verifyCounts(results: readonly SuiteOutcome[]): { suites: number; tests: number; cases: number; passed: number; failed: number; skipped: number; errors: number } {
  let tests = 0, cases = 0, passed = 0, failed = 0, skipped = 0, errors = 0;
  for (const s of results) {
    if (s.error) errors++;
    for (const t of s.tests) {
      if (t.skipped) { skipped++; continue; }
      tests++;
      if (t.error) { if (t.kind === "assertion") failed++; else errors++; }
      for (const c of t.cases) {
        if (c.skipped) { skipped++; continue; }
        cases++;
        if (!c.error) passed++;
        else if (c.kind === "assertion") failed++;
        else errors++;
      }
    }
  }
  return { suites: results.length, tests, cases, passed, failed, skipped, errors };
}

const status = (x: { skipped: boolean; error?: string; kind?: string }) => (x.skipped ? "skipped" : x.error ? (x.kind === "assertion" ? "failed" : "error") : "passed");

/** A JSON document: every suite, test and case with its status and reason. */
export function renderVerifyJson(results: readonly SuiteOutcome[]): string {
  return JSON.stringify({
    passed: !results.some(isFailure),
    counts: verifyCounts(results),
    suites: results.map((s) => ({
      path: s.path,
      status: s.skipped ? "skipped" : s.error ? "error" : isFailure(s) ? "failed" : "passed",
      ...(s.error ? { error: s.error } : {}),
      tests: s.tests.map((t) => ({
        name: t.name,
        status: status(t),
        ...(t.error ? { error: t.error } : {}),
        cases: t.cases.map((c) => ({
          name: c.name,
          status: status(c),
          ...(c.error ? { error: c.error } : {}),
          ...(c.violations ? { violations: c.violations.map((v) => ({ constraint: v.constraint, enforcementAction: v.enforcementAction, msg: v.msg })) } : {}),
        })),
      })),
    })),
  }, null, 2) + "\n";
}

function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JUnit XML: a testsuite per suite file, a testcase per case (and per test that errored). */
export function renderVerifyJunit(results: readonly SuiteOutcome[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const c = verifyCounts(results);
  out.push(`<testsuites name="gpc verify" tests="${c.cases + c.skipped}" failures="${c.failed}" errors="${c.errors}" skipped="${c.skipped}">`);
  for (const s of results) {
    const cases: string[] = [];
    let n = 0, failures = 0, errors = 0, skipped = 0;
    const add = (classname: string, name: string, x: { skipped: boolean; error?: string; kind?: string; ms: number }) => {
      n++;
      const head = `    <testcase classname="${xml(classname)}" name="${xml(name)}" time="${(x.ms / 1000).toFixed(3)}"`;
      if (x.skipped) { skipped++; cases.push(`${head}>`, "      <skipped/>", "    </testcase>"); }
      else if (x.error) {
        const tag = x.kind === "assertion" ? "failure" : "error";
        if (tag === "failure") failures++; else errors++;
        cases.push(`${head}>`, `      <${tag} message="${xml(x.error.split("\n")[0]!)}">${xml(x.error)}</${tag}>`, "    </testcase>");
      } else cases.push(`${head}/>`);
    };
    if (s.error) add(s.path, "(suite)", { skipped: false, error: s.error, kind: "error", ms: s.ms });
    for (const t of s.tests) {
      if (t.error || t.skipped) add(s.path, t.name, t);
      for (const k of t.cases) add(t.name, k.name, k);
    }
    out.push(`  <testsuite name="${xml(s.path)}" tests="${n}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(s.ms / 1000).toFixed(3)}">`, ...cases, "  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
