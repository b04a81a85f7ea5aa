import { compileCheck, reviewInput } from "./harness.ts";
const ev = await compileCheck(process.argv[2]!, "interp");
console.log(JSON.stringify(ev(reviewInput(JSON.parse(process.argv[3]!), JSON.parse(process.argv[4] ?? "{}"))), null, 1));
