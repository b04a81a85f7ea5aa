// The CLI from the sources (what bin/gpc.js runs from dist/), for the hostile-input harness.
import { main } from "../../src/cli/main.js";
await main(process.argv.slice(2));
