// Calls runtime/lib builtins through the built runtime (test/runtime/harness.ts) on JSON values.
import * as assert from "uvu/assert";
import { instantiate } from "../runtime/harness.ts";

export const rt = instantiate();

export class SetArg {
  constructor(public items: unknown[]) {}
}
/** A set argument (JSON has no sets). */
export const set = (...items: unknown[]) => new SetArg(items);

/** Result of bi_<name> on JSON arguments as a JS value; undefined when the builtin is undefined. */
export function call(builtin: string, ...args: unknown[]): unknown {
  const name = "bi_" + builtin.replace(/\./g, "$");
  const before = rt.x.opa_heap_ptr_get();
  try {
    const out = rt.call(name, ...args.map((a) => (a instanceof SetArg ? "set:" + JSON.stringify(a.items) : JSON.stringify(a))));
    return out === undefined ? undefined : JSON.parse(out);
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
      failures.push(`${builtin}(${args.map((a) => (a instanceof SetArg ? `set(${JSON.stringify(a.items)})` : JSON.stringify(a))).join(", ")}) = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  assert.equal(failures, [], failures.join("\n"));
}
