/**
 * A builtin table (Rego name → arity) for planner tests, independent of what the runtime
 * currently exports: the OPA builtins gpc's runtime is meant to provide.
 */
export const TEST_BUILTINS: ReadonlyMap<string, number> = new Map(Object.entries({
  plus: 2, minus: 2, mul: 2, div: 2, rem: 2, and: 2, or: 2,
  equal: 2, neq: 2, lt: 2, lte: 2, gt: 2, gte: 2,
  "internal.member_2": 2, "internal.member_3": 3,
  abs: 1, floor: 1, count: 1, sum: 1, max: 1, min: 1, product: 1, sort: 1, any: 1, all: 1,
  "array.concat": 2, "array.slice": 3, "array.reverse": 1,
  "base64.encode": 1, "base64.decode": 1, "base64url.encode": 1, "hex.encode": 1,
  to_number: 1, format_int: 2, "json.marshal": 1, "json.unmarshal": 1,
  startswith: 2, endswith: 2, contains: 2, lower: 1, upper: 1, indexof: 2, substring: 3, replace: 3,
  trim: 2, trim_space: 1, trim_prefix: 2, trim_suffix: 2, trim_left: 2, trim_right: 2,
  split: 2, concat: 2, sprintf: 2, "strings.replace_n": 2, "strings.any_prefix_match": 2,
  "strings.any_suffix_match": 2, "strings.count": 2, "strings.reverse": 1,
  "regex.match": 2, re_match: 2, "regex.find_n": 3, "regex.split": 2, "regex.replace": 3, "glob.match": 3,
  "semver.compare": 2, "semver.is_valid": 1, "net.cidr_contains": 2,
  "numbers.range": 2, "units.parse_bytes": 1, "units.parse": 1,
  "object.get": 3, "object.keys": 1, "object.remove": 2, "object.union": 2, "object.filter": 2,
  union: 1, intersection: 1,
  type_name: 1, is_string: 1, is_number: 1, is_boolean: 1, is_array: 1, is_object: 1, is_null: 1, is_set: 1,
}));
