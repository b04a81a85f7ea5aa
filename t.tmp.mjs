import { Parser, Composer, isMap, isSeq, isScalar, isAlias } from "yaml";
const src = "%YAML 1.1\n---\na: !!int 5\nb: 5\nc:\nd: 'x'\ne: !foo x\nf: &x [1]\ng: *x\n? [k]\n: v\nh: !!map {}\nnull: 1\n";
const c = new Composer({ schema: "failsafe", uniqueKeys: false, strict: false, version: "1.1" });
for (const tok of new Parser().parse(src)) for (const d of c.next(tok)) show(d);
for (const d of c.end()) show(d);
function show(d) {
  console.log(d.errors, d.warnings.map(w => w.code + w.message.slice(0, 60)), d.directives?.yaml);
  for (const p of d.contents.items) console.log(p.key?.constructor.name, JSON.stringify(p.key?.value ?? p.key?.items?.length), p.key?.tag, p.key?.type, "=>", p.value?.constructor.name, JSON.stringify(p.value?.value), p.value?.tag, p.value?.type, p.value?.anchor, p.value?.source, p.value?.range);
}
