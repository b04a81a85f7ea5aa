// Calls runtime/lib builtins through the built runtime (test/runtime/harness.ts) on JSON values.
import * as assert from "uvu/assert";
import { instantiate } from "../runtime/harness.ts";

export const rt = instantiate();

export class SetArg {
  constructor(public items: unknown[]) {}
}
/** A set argument (JSON has no sets); may be nested in arr(). */
export const set = (...items: unknown[]) => new SetArg(items);

export class RawArg {
  constructor(public json: string) {}
}
/** An argument given as JSON text (keeps number spellings such as 1.0 or 1e3). */
export const raw = (json: string) => new RawArg(json);

export class ArrArg {
  constructor(public items: unknown[]) {}
}
/** An array argument whose elements may be set() or raw() values. */
export const arr = (...items: unknown[]) => new ArrArg(items);

/** Builds the runtime value of a test argument; returns its address. */
function value(a: unknown): number {
  if (a instanceof SetArg) {
    const s = rt.x.rt_make_set();
    for (const i of a.items) rt.x.rt_set_add(s, value(i));
    return s;
  }
  if (a instanceof ArrArg) {
    const v = rt.x.rt_make_array();
    for (const i of a.items) rt.x.rt_array_append(v, value(i));
    return v;
  }
  const text = a instanceof RawArg ? a.json : JSON.stringify(a);
  const v = rt.parse(text);
  if (v === 0) throw new Error(`invalid JSON argument ${text}`);
  return v;
}

export function show(a: unknown): string {
  if (a instanceof SetArg) return `{${a.items.map(show).join(", ")}}`;
  if (a instanceof ArrArg) return `[${a.items.map(show).join(", ")}]`;
  if (a instanceof RawArg) return a.json;
  return JSON.stringify(a);
}

/** Result of bi_<name> on the arguments as a JS value; undefined when the builtin is undefined. */
export function call(builtin: string, ...args: unknown[]): unknown {
  const f = rt.x["bi_" + builtin.replace(/\./g, "$")];
  if (typeof f !== "function") throw new Error(`no builtin ${builtin}`);
  const before = rt.x.opa_heap_ptr_get();
  try {
    const r = f(...args.map(value));
    return r === 0 ? undefined : JSON.parse(rt.dump(r));
  } finally {
    rt.x.opa_heap_ptr_set(before); // keep the bump heap small across thousands of calls
  }
}

/** A table row: builtin arguments and the expected result (undefined = builtin undefined). */
export type Row = [args: unknown[], want: unknown];

/** Runs every row and fails once, listing every mismatch. */
export function checkTable(builtin: string, rows: Row[]): void {
  const failures: string[] = [];
  for (const [args, want] of rows) {
    let got: unknown;
    try {
      got = call(builtin, ...args);
    } catch (e) {
      got = `THROW ${(e as Error).message}`;
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      failures.push(`${builtin}(${args.map(show).join(", ")}) = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  assert.equal(failures, [], failures.join("\n"));
}
