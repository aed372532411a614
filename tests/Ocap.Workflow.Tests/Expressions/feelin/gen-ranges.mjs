import { evaluate } from 'feelin';
import { readFileSync, writeFileSync } from 'node:fs';
import { cases } from './range-cases.mjs';
const version = JSON.parse(readFileSync('node_modules/feelin/package.json', 'utf8')).version;
const out = [];
for (const [expression, spec] of cases) {
  const entry = { expression, spec };
  try {
    const r = evaluate(expression, {});
    entry.feelin = r.value === undefined ? null : r.value;
  } catch (e) {
    entry.feelinError = String(e.message).split('\n')[0];
  }
  out.push(entry);
}
writeFileSync(process.argv[2], JSON.stringify({ producedWith: `feelin ${version} under node ${process.version}`, cases: out }, null, 1) + '\n');
console.log(out.length, 'cases');
