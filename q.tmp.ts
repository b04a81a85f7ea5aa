import { readObjects } from "./src/read/index.js";
let n = 0; const t = performance.now();
readObjects({ file: "l", path: "/tmp/h/list20k.yaml" }, {}, { object: () => { n++; }, problem: (p) => console.log(p) });
console.log(n, "objects read in", (performance.now() - t).toFixed(0), "ms", (process.resourceUsage().maxRSS / 1024).toFixed(0), "MiB");
