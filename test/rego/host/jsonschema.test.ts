/**
 * json.verify_schema and json.match_schema: gojsonschema's behaviour as OPA embeds it. Expected
 * values follow OPA's test expectations and documentation (result shapes, the `(Root)` field, the
 * `jsonschema: ` prefix) and gojsonschema's locale texts, check order and branch scores; the
 * cases are our own.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { evalRego } from "./harness.js";
import { compileSchema, MAX_APPLICATIONS, SchemaError, validateSchema } from "../../../src/rego/host/jsonschema.js";
import { parseJson } from "../../../src/rego/host/json.js";

// ─── through Rego and the SDK ───────────────────────────────────────────────────────────────

test("json.match_schema: [true, []] on a match, gojsonschema's error objects otherwise", async () => {
  const r = await evalRego(`
schema := {"type": "object", "properties": {"replicas": {"type": "integer", "minimum": 1}}, "required": ["replicas"]}
ok := json.match_schema({"replicas": 3}, schema)
text_doc := json.match_schema("{\\"replicas\\": 2}", schema)
text_schema := json.match_schema({"replicas": 2}, "{\\"properties\\": {\\"replicas\\": {\\"maximum\\": 1}}}")
low := json.match_schema({"replicas": 0}, schema)
missing := json.match_schema({}, schema)
`);
  assert.equal(r.ok, [true, []]);
  assert.equal(r.text_doc, [true, []]);
  assert.equal(r.text_schema, [false, [{ desc: "Must be less than or equal to 1", error: "replicas: Must be less than or equal to 1", field: "replicas", type: "number_lte" }]]);
  assert.equal(r.low, [false, [{ desc: "Must be greater than or equal to 1", error: "replicas: Must be greater than or equal to 1", field: "replicas", type: "number_gte" }]]);
  assert.equal(r.missing, [false, [{ desc: "replicas is required", error: "(Root): replicas is required", field: "(Root)", type: "required" }]]);
});

test("json.match_schema: an invalid schema or document is a builtin error (undefined)", async () => {
  const r = await evalRego(`
bad_schema := x if { x := json.match_schema({}, {"type": "nope"}) } else := "undefined"
bad_doc := x if { x := json.match_schema("{", {}) } else := "undefined"
number_doc := x if { x := json.match_schema(5, {}) } else := "undefined"
`);
  assert.equal(r, { bad_schema: "undefined", bad_doc: "undefined", number_doc: "undefined" });
});

test("json.verify_schema: [true, null] or [false, \"jsonschema: …\"]", async () => {
  const r = await evalRego(`
obj := json.verify_schema({"type": "string", "maxLength": 3})
text := json.verify_schema("{\\"type\\": \\"string\\"}")
bad_type := json.verify_schema({"type": "str"})
bad_json := json.verify_schema("{")
bad_arg := json.verify_schema(1)
bad_regex := json.verify_schema({"pattern": "(?<=a)b"})
`);
  assert.equal(r.obj, [true, null]);
  assert.equal(r.text, [true, null]);
  assert.equal(r.bad_type, [false, "jsonschema: has a primitive type that is NOT VALID -- given: /str/ Expected valid values are:[array boolean integer number null object string]"]);
  assert.equal(r.bad_json, [false, "jsonschema: invalid JSON string"]);
  assert.equal(r.bad_arg, [false, "jsonschema: wrong type, expected string or object"]);
  assert.equal(r.bad_regex, [false, "jsonschema: pattern must be a valid regex"]);
});

// ─── the validator: errors as [type, field, desc], in gojsonschema's order ─────────────────

interface Case { readonly schema: string; readonly doc: string; readonly want: readonly (readonly [string, string, string])[] }

const CASES: Readonly<Record<string, Case>> = {
  "type mismatch stops the other checks of that schema": {
    schema: `{"type": "string", "minLength": 5, "enum": ["a"]}`,
    doc: `7`,
    want: [["invalid_type", "(Root)", "Invalid type. Expected: string, given: integer"]],
  },
  "several types print as a list; 1.0 is an integer, 1.5 a number": {
    schema: `{"items": [{"type": ["string", "null"]}, {"type": "integer"}, {"type": "integer"}]}`,
    doc: `[true, 1.0, 1.5]`,
    want: [
      ["invalid_type", "0", "Invalid type. Expected: [string,null], given: boolean"],
      ["invalid_type", "2", "Invalid type. Expected: integer, given: number"],
    ],
  },
  "object checks: required, then additional properties, then each property": {
    schema: `{"properties": {"a": {"type": "string"}, "b": {"const": {"x": [1, "<"]}}}, "required": ["a", "z"], "additionalProperties": false}`,
    doc: `{"a": 1, "b": {"x": [1.0, "<"]}, "c": 0, "d": 0}`,
    want: [
      ["required", "(Root)", "z is required"],
      ["additional_property_not_allowed", "(Root)", "Additional property c is not allowed"],
      ["additional_property_not_allowed", "(Root)", "Additional property d is not allowed"],
      ["invalid_type", "a", "Invalid type. Expected: string, given: integer"],
    ],
  },
  "const and enum compare Go JSON texts and print them": {
    schema: `{"properties": {"k": {"enum": ["Pod", 2, {"a": "&"}]}, "v": {"const": 100}}}`,
    doc: `{"k": "Job", "v": 1e2}`,
    want: [["enum", "k", "k must be one of the following: \"Pod\", 2, {\"a\":\"\\u0026\"}"]],
  },
  "const mismatch names the field": {
    schema: `{"properties": {"apiVersion": {"const": "v1"}}}`,
    doc: `{"apiVersion": "v2"}`,
    want: [["const", "apiVersion", "apiVersion does not match: \"v1\""]],
  },
  "patternProperties (in sorted order) match unanchored with Go's regexp; the rest go to additionalProperties": {
    schema: `{"patternProperties": {"^x-": {"type": "string"}, "\\\\d": {"maximum": 3}}, "additionalProperties": {"type": "boolean"}}`,
    doc: `{"x-1": 5, "y": 1, "z": true}`,
    want: [
      ["number_lte", "x-1", "Must be less than or equal to 3"],
      ["invalid_type", "x-1", "Invalid type. Expected: string, given: integer"],
      ["invalid_type", "y", "Invalid type. Expected: boolean, given: integer"],
    ],
  },
  "numbers: bounds, exclusive bounds and multipleOf printed as big.Float %v": {
    schema: `{"items": [{"multipleOf": 0.1, "maximum": 0.25}, {"exclusiveMinimum": 1000000}, {"exclusiveMaximum": 0.00001}, {"minimum": -2.50}]}`,
    doc: `[0.3, 1000000, 0.00001, -3]`,
    want: [
      ["number_lte", "0", "Must be less than or equal to 0.25"],
      ["number_gt", "1", "Must be greater than 1e+06"],
      ["number_lt", "2", "Must be less than 1e-05"],
      ["number_gte", "3", "Must be greater than or equal to -2.5"],
    ],
  },
  "multipleOf is exact": {
    schema: `{"items": {"multipleOf": 0.01}}`,
    doc: `[19.99, 0.075]`,
    want: [["multiple_of", "1", "Must be a multiple of 0.01"]],
  },
  "draft-04 boolean exclusiveMaximum": {
    schema: `{"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 10, "exclusiveMaximum": true}`,
    doc: `10`,
    want: [["number_lt", "(Root)", "Must be less than 10"]],
  },
  "strings: length in code points, pattern, format": {
    schema: `{"items": [{"maxLength": 2}, {"minLength": 3, "pattern": "^[a-z]+$"}, {"format": "ipv4"}, {"format": "date"}, {"format": "no-such-format"}]}`,
    doc: `["éé", "AB", "1.2.3.256", "2023-02-29", "anything"]`,
    want: [
      ["string_gte", "1", "String length must be greater than or equal to 3"],
      ["pattern", "1", "Does not match pattern '^[a-z]+$'"],
      ["format", "2", "Does not match format 'ipv4'"],
      ["format", "3", "Does not match format 'date'"],
    ],
  },
  "formats as Go parses them": {
    schema: `{"items": [{"format": "date-time"}, {"format": "date-time"}, {"format": "ipv6"}, {"format": "email"}, {"format": "uri"}, {"format": "hostname"}, {"format": "uuid"}, {"format": "regex"}, {"format": "time"}]}`,
    doc: `["2024-02-29T23:59:59.123Z", "2024-02-29 23:59:59Z", "::ffff:10.0.0.1", "Ops <ops@example.com>", "//no-scheme", "-bad.example", "0AF1C7D2-0000-4000-8000-00000000000A", "a(", "25:00:00"]`,
    want: [
      ["format", "1", "Does not match format 'date-time'"],
      ["format", "4", "Does not match format 'uri'"],
      ["format", "5", "Does not match format 'hostname'"],
      ["format", "7", "Does not match format 'regex'"],
      ["format", "8", "Does not match format 'time'"],
    ],
  },
  "arrays: tuple items, additionalItems, min/max, uniqueItems after normalising numbers": {
    schema: `{"items": [{"type": "integer"}], "additionalItems": false, "minItems": 5, "maxItems": 2, "uniqueItems": true}`,
    doc: `[1, 1.0, 1]`,
    want: [
      ["array_no_additional_items", "(Root)", "No additional items allowed on array"],
      ["array_min_items", "(Root)", "Array must have at least 5 items"],
      ["array_max_items", "(Root)", "Array must have at most 2 items"],
      ["unique", "(Root)", "array items[0,1] must be unique"],
      ["unique", "(Root)", "array items[1,2] must be unique"],
    ],
  },
  "contains reports the best-scoring item's errors": {
    schema: `{"contains": {"type": "string", "minLength": 3}}`,
    doc: `[1, "ab"]`,
    want: [
      ["contains", "(Root)", "At least one of the items must match"],
      ["string_gte", "1", "String length must be greater than or equal to 3"],
    ],
  },
  "anyOf reports the best-scoring branch": {
    schema: `{"anyOf": [{"type": "string"}, {"type": "object", "required": ["a", "c"]}, {"type": "object", "required": ["a"]}]}`,
    doc: `{"b": 1}`,
    want: [
      ["number_any_of", "(Root)", "Must validate at least one schema (anyOf)"],
      ["required", "(Root)", "a is required"],
    ],
  },
  "oneOf with two matches reports no branch": {
    schema: `{"oneOf": [{"minimum": 0}, {"maximum": 10}]}`,
    doc: `5`,
    want: [["number_one_of", "(Root)", "Must validate one and only one schema (oneOf)"]],
  },
  "allOf merges every branch's errors before its own": {
    schema: `{"allOf": [{"maxLength": 1}, {"pattern": "^b"}]}`,
    doc: `"abc"`,
    want: [
      ["string_lte", "(Root)", "String length must be less than or equal to 1"],
      ["pattern", "(Root)", "Does not match pattern '^b'"],
      ["number_all_of", "(Root)", "Must validate all the schemas (allOf)"],
    ],
  },
  "not, dependencies, propertyNames": {
    schema: `{"not": {"required": ["forbidden"]}, "dependencies": {"tls": ["cert", "key"], "port": {"required": ["host"]}}, "propertyNames": {"maxLength": 4}}`,
    doc: `{"forbidden": 1, "tls": true, "cert": "c", "port": 1}`,
    want: [
      ["number_not", "(Root)", "Must not validate the schema (not)"],
      ["required", "(Root)", "host is required"],
      ["missing_dependency", "(Root)", "Has a dependency on key"],
      ["invalid_property_name", "(Root)", "Property name of \"forbidden\" does not match"],
      ["string_lte", "(Root)", "String length must be less than or equal to 4"],
    ],
  },
  "if / then / else": {
    schema: `{"items": {"if": {"properties": {"kind": {"const": "Pod"}}}, "then": {"required": ["spec"]}, "else": {"required": ["template"]}}}`,
    doc: `[{"kind": "Pod"}, {"kind": "Job", "template": {}}, {"kind": "Job"}]`,
    want: [
      ["condition_then", "0", "Must validate \"then\" as \"if\" was valid"],
      ["required", "0", "spec is required"],
      ["condition_else", "2", "Must validate \"else\" as \"if\" was not valid"],
      ["required", "2", "template is required"],
    ],
  },
  "boolean schemas and $ref to definitions, recursively": {
    schema: `{"definitions": {"node": {"type": "object", "properties": {"children": {"items": {"$ref": "#/definitions/node"}}, "never": false}}}, "$ref": "#/definitions/node"}`,
    doc: `{"children": [{"children": [3]}, {"never": 1}]}`,
    want: [
      ["invalid_type", "children.0.children.0", "Invalid type. Expected: object, given: integer"],
      ["false", "children.1.never", "False always fails validation"],
    ],
  },
  "$ref through an $id base and a JSON pointer with escapes": {
    schema: `{"$id": "http://example.com/root.json", "definitions": {"a/b": {"type": "string"}}, "properties": {"p": {"$ref": "#/definitions/a~1b"}, "q": {"$ref": "root.json#/definitions/a~1b"}}}`,
    doc: `{"p": 1, "q": "ok"}`,
    want: [["invalid_type", "p", "Invalid type. Expected: string, given: integer"]],
  },
  "$ref to a location-independent $id (#name), also from inside another base URI": {
    schema: `{"definitions": {"port": {"$id": "#port", "type": "integer", "maximum": 65535}, "ext": {"$id": "http://example.com/ext.json", "definitions": {"name": {"$id": "#name", "minLength": 1}}}}, "properties": {"p": {"$ref": "#port"}, "n": {"$ref": "http://example.com/ext.json#name"}}}`,
    doc: `{"p": 70000, "n": ""}`,
    want: [
      ["string_gte", "n", "String length must be greater than or equal to 1"],
      ["number_lte", "p", "Must be less than or equal to 65535"],
    ],
  },
  "$ref overrides its siblings": {
    schema: `{"definitions": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/s", "type": "integer"}}}`,
    doc: `{"a": "x"}`,
    want: [],
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`validate: ${name}`, () => {
    const got = validateSchema(compileSchema(parseJson(c.schema)), parseJson(c.doc)).map((e) => [e.type, e.field, e.desc]);
    assert.equal(got, c.want.map((w) => [...w]));
  });
}

// ─── schema errors ──────────────────────────────────────────────────────────────────────────

const SCHEMA_ERRORS: Readonly<Record<string, string>> = {
  "[]": "schema is invalid",
  '{"properties": {"a": 1}}': "Expected: Valid Schema, given: Invalid JSON",
  '{"type": ["string", "string"]}': "string type is duplicated",
  '{"type": 1}': "Invalid type. Expected: type, given: string/Array Of Strings",
  '{"title": 1}': "Invalid type. Expected: string, given: title",
  '{"properties": []}': "Properties must be of type object",
  '{"additionalProperties": 1}': "Invalid type. Expected: boolean/Valid Schema, given: additionalProperties",
  '{"patternProperties": {"(": {}}}': "Invalid regex pattern '('",
  '{"multipleOf": 0}': "multipleOf must be strictly greater than 0",
  '{"minimum": "1"}': "minimum must be of a Number",
  '{"exclusiveMinimum": true}': "exclusiveMinimum cannot be used without minimum",
  '{"$schema": "http://json-schema.org/draft-07/schema#", "exclusiveMaximum": true}': "Invalid type. Expected: number, given: exclusiveMaximum",
  '{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": true}}': "Expected: Valid Schema, given: Invalid JSON",
  '{"minLength": 1.5}': "minLength must be of an integer",
  '{"maxItems": -1}': "maxItems must be greater than or equal to 0",
  '{"minLength": 3, "maxLength": 2}': "minLength cannot be greater than maxLength",
  '{"minProperties": 3, "maxProperties": 2}': "minProperties cannot be greater than maxProperties",
  '{"required": ["a", "a"]}': "required items must be unique",
  '{"required": "a"}': "required must be of an array",
  '{"enum": [1, 1.0]}': "enum items must be unique",
  '{"uniqueItems": "yes"}': "uniqueItems must be of a boolean",
  '{"not": []}': "not must be of an object",
  '{"dependencies": {"a": [1]}}': "Dependency must be of type Schema Or Array Of Strings",
  '{"$ref": "#/definitions/x"}': "Object has no key 'definitions'",
  '{"items": [{}], "$ref": "#/items/3"}': "Out of bound array[0,1] index '3'",
  '{"definitions": {}, "$ref": "#/definitions/a~1b"}': "Object has no key 'a/b'",
  '{"items": [{}], "$ref": "#/items/x"}': "Invalid array index 'x'",
  '{"title": "t", "$ref": "#/title/x"}': "Invalid token reference 'x'",
  '{"$ref": "other.json"}': "Reference /other.json must be canonical",
  '{"$id": "http://a/x", "definitions": {"d": {"$id": "http://a/x"}}}': 'Reference already exists: "http://a/x"',
  '{"pattern": "a{2,1}"}': "pattern must be a valid regex",
};

test("compileSchema: gojsonschema's schema errors", () => {
  for (const [schema, message] of Object.entries(SCHEMA_ERRORS)) {
    let got: string | undefined;
    try { compileSchema(parseJson(schema)); } catch (e) {
      assert.instance(e, SchemaError, schema);
      got = (e as Error).message;
    }
    assert.is(got, message, schema);
  }
});

test("a remote $ref is a builtin error, not a verdict on the schema (OPA would fetch it)", async () => {
  assert.throws(() => compileSchema(parseJson('{"$ref": "https://example.com/schema.json"}')),
    (e: Error) => !(e instanceof SchemaError) && /remote reference https:\/\/example.com\/schema.json cannot be loaded/.test(e.message));
  const r = await evalRego(`
verify := x if { x := json.verify_schema({"$ref": "http://json-schema.org/draft-07/schema#"}) } else := "undefined"
match := x if { x := json.match_schema({}, {"properties": {"a": {"$ref": "file:///etc/schema.json"}}}) } else := "undefined"
`);
  assert.equal(r, { verify: "undefined", match: "undefined" });
});

test("validate: a $ref cycle on one value is a bounded error, not a stack overflow", () => {
  const schema = compileSchema(parseJson(`{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}`));
  assert.throws(() => validateSchema(schema, parseJson("{}")), /nests too deep/);
});

test("validate: exponential branching is cut off after a bounded number of schema applications", () => {
  const defs: Record<string, unknown> = { l0: { type: "string" } };
  for (let k = 1; k <= 30; k++) defs[`l${k}`] = { anyOf: [{ $ref: `#/definitions/l${k - 1}` }, { $ref: `#/definitions/l${k - 1}` }] };
  const schema = compileSchema(parseJson(JSON.stringify({ definitions: defs, $ref: "#/definitions/l30" })));
  assert.throws(() => validateSchema(schema, parseJson("1")), new RegExp(`exceeded ${MAX_APPLICATIONS} schema applications`));
});

test.run();
