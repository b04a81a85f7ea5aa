/**
 * The command line without yargs (src/cli/fast-argv.ts) against yargs itself: whenever the fast
 * parser takes an argument list, yargs — configured as `gpc` configures it — accepts the same list
 * and hands the handler the same object; whatever the fast parser leaves alone (help, usage errors,
 * unusual forms) is yargs' to parse. Hand-written cases first, then random argument lists built
 * from each command's own options.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import yargs from "yargs";
import type { CommandModule } from "yargs";
import { commandOf, COMMANDS, configureYargs } from "../../src/cli/main.js";
import { fastArgs } from "../../src/cli/fast-argv.js";

const commands = new Map<string, CommandModule>();
for (const name of COMMANDS) commands.set(name, commandOf((await import(`../../src/cli/commands/${name}.ts`)) as Record<string, unknown>)!);

/** What yargs hands the handler, or its failure message. */
async function viaYargs(argv: readonly string[]): Promise<{ args?: Record<string, unknown>; failed?: string }> {
  const cmd = commands.get(argv[0]!)!;
  let args: Record<string, unknown> | undefined;
  let failed: string | undefined;
  await configureYargs(yargs([...argv]))
    .command({ ...cmd, handler: (a: Record<string, unknown>) => { args = { ...a }; } } as CommandModule)
    .exitProcess(false)
    .fail((msg, err) => { failed = msg ?? err?.message ?? "failed"; })
    .parseAsync();
  return failed !== undefined ? { failed } : { args: args! };
}

async function same(argv: readonly string[]): Promise<void> {
  const fast = fastArgs(commands.get(argv[0]!)!, argv);
  if (!fast) return;
  const y = await viaYargs(argv);
  assert.is(y.failed, undefined, `yargs rejects ${JSON.stringify(argv)}, which the fast parser took: ${y.failed}`);
  assert.equal(fast, y.args, JSON.stringify(argv));
}

test("the plain invocations of CI and editors take the fast path, with yargs' result", async () => {
  const plain = [
    ["audit", "--policy", "policies/pss-restricted.ts", "one-pod.yaml"],
    ["audit", "-p", "a.ts", "--policy", "b.ts", "x.yaml", "-", "--format", "json", "--engine", "rego", "-j", "2", "--follow-symlinks"],
    ["audit", "--format=sarif", "--policy=policies", "manifests/"],
    ["test"],
    ["test", "policies", "generated", "--reporter", "junit", "--cross-check"],
    ["build", "--check"],
    ["build", "policies/a.ts", "--out", "out", "--rego-version", "v1", "--engines", "rego", "--vap"],
    ["verify", "suites/...", "-r", "priv", "-v", "-f", "json"],
    ["init", "repo", "--force"],
    ["init"],
    ["import", "psp", "psp.yaml", "-", "--out", "p", "--import-from", "../src/index.js", "--force"],
  ];
  for (const argv of plain) {
    assert.ok(fastArgs(commands.get(argv[0]!)!, argv), `not fast: ${JSON.stringify(argv)}`);
    await same(argv);
  }
});

test("help, errors and unusual forms are left to yargs", async () => {
  const left = [
    ["audit"], // a demanded positional is missing
    ["audit", "--help"], ["audit", "x", "-h"], ["audit", "--version", "x"],
    ["audit", "--format", "yaml", "x"], // not a choice
    ["audit", "--jobs", "two", "x"], ["audit", "--jobs", "1.5", "x"], ["audit", "-j", "0x10", "x"],
    ["audit", "--policy", "x"], ["audit", "--policy"], ["audit", "--policy", "-", "x"],
    ["audit", "--no-follow-symlinks", "x"], ["audit", "--follow-symlinks", "true", "x"], ["audit", "--follow-symlinks=false", "x"],
    ["audit", "--followSymlinks", "x"], ["audit", "--unknown", "x"], ["audit", "-px", "y"], ["audit", "--", "x"],
    ["audit", "--format", "json", "--format", "table", "x"], ["audit", "12", "x"], ["audit", "", "x"],
    ["build", "-"], ["build", "--out"], ["build", "--check", "--check"], ["build", "--rego-version", "v2"],
    ["wasm", "-e", "a/b", "x.rego"], // coerce(): yargs only
    ["import", "pod", "x.yaml"], ["import", "psp"],
    ["init", "a", "b"],
    ["--policy", "x", "audit", "y"],
  ];
  for (const argv of left) assert.is(commands.has(argv[0]!) ? fastArgs(commands.get(argv[0]!)!, argv) : undefined, undefined, JSON.stringify(argv));
});

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("random argument lists: the fast parser agrees with yargs whenever it answers", async () => {
  const rnd = random(8);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const values = ["x.yaml", "dir/", "a b", "-", "--", "", "12", "0", "true", "false", "json", "table", "rego", "cel", "both", "v0", "v1", "junit", "text", "psp", "=", "a=b", "é", "-x", "--x", "--help", "-h"];
  let taken = 0;
  for (const [name, cmd] of commands) {
    const words: string[] = [];
    // The command's own option names, aliases and choices, from its builder.
    const rec: object = new Proxy({}, {
      get: (_t, m) => (n: string, o: { alias?: string | string[]; choices?: string[] } = {}) => {
        if (m === "option") words.push(`--${n}`, ...[o.alias ?? []].flat().map((a) => (a.length === 1 ? `-${a}` : `--${a}`)), ...(o.choices ?? []));
        return rec;
      },
    });
    (cmd.builder as (y: unknown) => unknown)(rec);
    for (let i = 0; i < 150; i++) {
      const argv = [name];
      const n = Math.floor(rnd() * 6);
      for (let k = 0; k < n; k++) {
        const w = rnd() < 0.5 && words.length ? pick(words) : pick(values);
        argv.push(rnd() < 0.15 && w.startsWith("--") ? `${w}=${pick(values)}` : w);
      }
      if (fastArgs(cmd, argv)) taken++;
      await same(argv);
    }
  }
  assert.ok(taken > 50, `the fast parser took only ${taken} random lists`);
});

test.run();
