import { test } from "uvu";
import * as assert from "uvu/assert";
import { lineCol, formatDiagnostic } from "../../src/diagnostics/diagnostic.js";

test("lineCol counts lines and code points", () => {
  assert.equal(lineCol("ab\ncé d", 6), { line: 2, col: 4 });
  assert.is(formatDiagnostic({ code: "x", severity: "error", message: "m", span: { file: "f.rego", start: 3, end: 4 } }, { "f.rego": "ab\ncd" }), "f.rego:2:1: x: m");
});

test.run();
