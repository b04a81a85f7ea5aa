#!/usr/bin/env node
// Launcher: the compiled CLI (npm run build:ts → dist/).
import { main } from "../dist/src/cli/main.js";
await main();
