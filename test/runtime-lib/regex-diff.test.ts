// Differential test of the regex engine against JavaScript's backtracking RegExp on random
// patterns over a small alphabet, restricted to syntax whose leftmost-first semantics agree
// (no Unicode classes, no multiline, ASCII only). Compares every match of Go's FindAllString
// (non-overlapping, empty matches after a match skipped), computed in JS by the same rules.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { call } from "./util.ts";

let seed = 987654321;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const pick = <T>(xs: T[]) => xs[rand(xs.length)]!;

function atom(depth: number): string {
  const r = rand(depth > 2 ? 5 : 8);
  switch (r) {
    case 0: case 1: return pick(["a", "b", "c"]);
    case 2: return pick(["[ab]", "[^a]", "[a-c]", "."]);
    case 3: return pick(["\\d", "\\w", "x"]);
    case 4: return pick(["^", "$", "\\b", "\\B", ""]);
    case 5: return `(${alt(depth + 1)})`;
    case 6: return `(?:${alt(depth + 1)})`;
    default: return `(${alt(depth + 1)})`;
  }
}
function repeated(depth: number): string {
  const a = atom(depth);
  if (a === "" || a === "^" || a === "$" || a === "\\b" || a === "\\B") return a;
  const op = pick(["", "", "", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,2}", "{0,}", "{1,3}?"]);
  return a + op;
}
function concat(depth: number): string {
  let s = "";
  const n = 1 + rand(3);
  for (let i = 0; i < n; i++) s += repeated(depth);
  return s;
}
function alt(depth: number): string {
  return rand(4) === 0 ? `${concat(depth)}|${concat(depth)}` : concat(depth);
}
function subject(): string {
  let s = "";
  const n = rand(9);
  for (let i = 0; i < n; i++) s += pick(["a", "b", "c", "1", " ", "x"]);
  return s;
}

/** Go's FindAllString(s, -1) rules, executed with a JavaScript RegExp. */
function jsFindAll(pattern: string, s: string): string[] {
  const re = new RegExp(pattern, "g");
  const out: string[] = [];
  let pos = 0, prevEnd = -1;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index, end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      pos = Math.max(pos, start) + 1;
      if (end > pos) pos = end;
    } else pos = end;
    if (end === start && start >= pos) pos = start + 1;
    prevEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}

test("FindAllString agrees with a backtracking engine on 3000 random pattern/subject pairs", () => {
  const bad: string[] = [];
  let compared = 0;
  for (let i = 0; i < 3000; i++) {
    const p = alt(0);
    const s = subject();
    let want: string[];
    try { want = jsFindAll(p, s); } catch { continue; }
    const got = call("regex.find_n", p, s, -1);
    if (got === undefined) continue; // Go rejects some JS-valid syntax (e.g. nested repetition)
    compared++;
    if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`/${p}/ on ${JSON.stringify(s)}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
  }
  assert.ok(compared > 2000, `only ${compared} compared`);
  assert.equal(bad.slice(0, 15), []);
});

test.run();
