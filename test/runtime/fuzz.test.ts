// Seeded random values: JSON round trips against JavaScript's JSON, and the runtime's ordering
// (sort, <, ==) against an independent implementation of OPA's value order.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { instantiate } from "./harness.ts";

let seed = 0x9e3779b9;
const rnd = (n: number) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
const chars = ["a", "b", "z", "A", "0", " ", "é", "ß", "\u00ff", "\u0100", "\uffff", "\ue000", "😀", "𝄞", "\n", "\"", "\\", "<", "\u0001", "\u2028"];
const str = () => Array.from({ length: rnd(6) }, () => chars[rnd(chars.length)]).join("");
const nums = [0, 1, -1, 2.5, -0.125, 1e21, 123456789, 3.14159, 1e-7, 42];
function value(depth: number): unknown {
  const k = rnd(depth > 3 ? 4 : 7);
  switch (k) {
    case 0: return null;
    case 1: return rnd(2) === 0;
    case 2: return nums[rnd(nums.length)];
    case 3: return str();
    case 4: case 5: return Array.from({ length: rnd(5) }, () => value(depth + 1));
    default: { const o: Record<string, unknown> = {}; for (let i = rnd(6); i > 0; i--) o[str()] = value(depth + 1); return o; }
  }
}

const cpCompare = (a: string, b: string) => { const x = Buffer.from(a), y = Buffer.from(b); return Buffer.compare(x, y); };
const rank = (v: unknown) => v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : typeof v === "string" ? 3 : Array.isArray(v) ? 4 : 5;
function opaCompare(a: unknown, b: unknown): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0: return 0;
    case 1: return Number(a) - Number(b);
    case 2: return Math.sign((a as number) - (b as number));
    case 3: return cpCompare(a as string, b as string);
    case 4: {
      const x = a as unknown[], y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) { const c = opaCompare(x[i], y[i]); if (c) return c; }
      return x.length - y.length;
    }
    default: {
      const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
      const kx = Object.keys(x).sort(cpCompare), ky = Object.keys(y).sort(cpCompare);
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        let c = cpCompare(kx[i]!, ky[i]!); if (c) return c;
        c = opaCompare(x[kx[i]!], y[ky[i]!]); if (c) return c;
      }
      return kx.length - ky.length;
    }
  }
}
/** JSON with keys sorted by code point, as the runtime must print it. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(cpCompare)) o[k] = canonical((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

test("JSON round trips of 2,000 random values; keys in code point order", () => {
  const rt = instantiate();
  for (let i = 0; i < 2000; i++) {
    const v = value(0);
    const text = JSON.stringify(v);
    const p = rt.parse(text);
    assert.ok(p !== 0, text);
    const out = rt.dump(p);
    assert.equal(JSON.parse(out), v, text);
    // key order of the output (JSON.parse keeps insertion order for non-index keys)
    const order = (s: string) => JSON.stringify(canonical(JSON.parse(s)));
    if (!/"\d+":/.test(out)) assert.is(JSON.stringify(JSON.parse(out)), order(out), text);
  }
});

test("sort, <, == agree with OPA's order on 300 random values", () => {
  const rt = instantiate();
  const vs = Array.from({ length: 300 }, () => value(1));
  const sorted = JSON.parse(rt.call("bi_sort", JSON.stringify(vs))!);
  const want = [...vs].sort(opaCompare);
  for (let i = 0; i < vs.length; i++) assert.is(opaCompare(sorted[i], want[i]), 0, `position ${i}`);
  for (let i = 0; i < 500; i++) {
    const a = vs[rnd(vs.length)], b = rnd(4) === 0 ? a : vs[rnd(vs.length)];
    const ja = JSON.stringify(a), jb = JSON.stringify(b);
    assert.is(rt.call("bi_lt", ja, jb), String(opaCompare(a, b) < 0), `${ja} < ${jb}`);
    assert.is(rt.call("bi_equal", ja, jb), String(opaCompare(a, b) === 0), `${ja} == ${jb}`);
  }
});

test.run();
