import { Parser, Composer } from "yaml";
import { parseYamlDocument } from "./src/read/yaml.js";
import { DEFAULT_LIMITS } from "./src/read/limits.js";
const item = `  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p1\n    namespace: team-1\n    labels: {app: web}\n  spec:\n    securityContext:\n      runAsNonRoot: true\n    containers:\n    - name: a\n      image: nginx\n      ports:\n      - containerPort: 80\n      securityContext:\n        privileged: true\n        capabilities:\n          drop: ["ALL"]\n`;
const N = 5000;
let t0 = performance.now(); for (let i = 0; i < N; i++) for (const _ of new Parser().parse(item)) {} const tp = performance.now() - t0;
t0 = performance.now(); for (let i = 0; i < N; i++) { const c = new Composer({ schema: "failsafe", uniqueKeys: false, strict: false, version: "1.1" }); for (const tok of new Parser().parse(item)) for (const d of c.next(tok)) {} for (const d of c.end()) {} } const tc = performance.now() - t0;
t0 = performance.now(); for (let i = 0; i < N; i++) parseYamlDocument(item, DEFAULT_LIMITS); const tall = performance.now() - t0;
console.log({ bytes: item.length * N, parser: tp.toFixed(0), parseCompose: tc.toFixed(0), ours: tall.toFixed(0) });
