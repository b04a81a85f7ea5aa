/** What every host builtin shares: its signature, its error, argument checks as OPA's `builtins.*Operand`. */
import { isObject, RawNumber, intValue, type Json, type JsonObject } from "./json.js";

/**
 * A host builtin: the decoded argument list → the result, or `undefined` (the expression is
 * undefined). Throwing `BuiltinError` (or anything else) is a builtin error, which OPA's non-strict
 * evaluation — Gatekeeper's — also turns into undefined.
 */
export type HostImpl = (args: Json[]) => Json | undefined;

/** A builtin error (OPA's `eval_builtin_error`), with OPA's message. */
export class BuiltinError extends Error {}

function typeName(v: Json | undefined): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return "string";
  if (v instanceof RawNumber) return "number";
  if (Array.isArray(v)) return "array";
  return "object";
}

export function stringArg(args: Json[], i: number): string {
  const v = args[i];
  if (typeof v !== "string") throw new BuiltinError(`operand ${i + 1} must be string but got ${typeName(v)}`);
  return v;
}

export function objectArg(args: Json[], i: number): JsonObject {
  const v = args[i];
  if (!isObject(v)) throw new BuiltinError(`operand ${i + 1} must be object but got ${typeName(v)}`);
  return v;
}

export function intArg(args: Json[], i: number): bigint {
  const v = args[i];
  if (!(v instanceof RawNumber)) throw new BuiltinError(`operand ${i + 1} must be number but got ${typeName(v)}`);
  const n = intValue(v);
  if (n === undefined) throw new BuiltinError(`operand ${i + 1} must be integer number but got floating-point number`);
  return n;
}
