// Differential test of sprintf's float formatting against JavaScript's own exact conversions:
// shortest round-trip digits (%v), toExponential (%.Ne) and toFixed (%.Nf) on pseudo-random
// doubles. JavaScript rounds exact ties up where Go rounds them to even; random doubles with
// 53 significant bits essentially never hit an exact tie, and the generator avoids them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { call, raw } from "./util.ts";

let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
function randomDouble(): number {
  const exp = Math.floor(rand() * 60) - 30;
  const x = (rand() + rand() / 1e7) * Math.pow(10, exp) * (rand() < 0.3 ? -1 : 1);
  return x;
}
/** Whether rounding x to `digits` significant (kind "e") or fractional (kind "f") digits is an exact tie. */
function isTie(x: number, digits: number, kind: "e" | "f"): boolean {
  const exact = kind === "f" ? Math.abs(x).toFixed(Math.min(digits + 40, 100)) : Math.abs(x).toPrecision(Math.min(digits + 40, 100));
  const mant = exact.split("e")[0]!;
  const [, frac = ""] = mant.split(".");
  const rest = kind === "f" ? frac.slice(digits) : mant.replace(".", "").replace(/^0+/, "").slice(digits);
  return /^50*$/.test(rest);
}
const goExp = (s: string) => s.replace(/e([+-])(\d)$/, "e$10$2");
// exponent notation keeps every value a float64 argument (an integer literal would be an int)
const sprintf = (f: string, x: number) => call("sprintf", f, raw(`[${x.toExponential()}]`)) as string;

test("%v is the shortest round-trip decimal (same digits as JavaScript)", () => {
  const bad: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const x = randomDouble();
    const s = sprintf("%v", x);
    const jsDigits = x.toExponential().replace(/^-/, "").split("e")[0]!.replace(".", "").length;
    const goDigits = s.replace(/^-/, "").split("e")[0]!.replace(".", "").replace(/^0+/, "").length;
    if (Number(s) !== x || goDigits !== jsDigits) bad.push(`${x}: ${s}`);
  }
  assert.equal(bad.slice(0, 10), []);
});

test("%.Ne equals toExponential(N) and %.Nf equals toFixed(N)", () => {
  const bad: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const x = randomDouble();
    const p = Math.floor(rand() * 18);
    const e = sprintf(`%.${p}e`, x), wantE = goExp(x.toExponential(p));
    if (e !== wantE && !isTie(x, p + 1, "e")) bad.push(`%.${p}e ${x}: ${e} want ${wantE}`);
    if (Math.abs(x) < 1e21) {
      const f = sprintf(`%.${p}f`, x), wantF = x.toFixed(p);
      if (f !== wantF && !isTie(x, p, "f")) bad.push(`%.${p}f ${x}: ${f} want ${wantF}`);
    }
  }
  assert.equal(bad.slice(0, 10), []);
});

test.run();
