import { unaryTest } from 'feelin';
import { readFileSync, writeFileSync } from 'node:fs';
import { unaryCases } from './unary.mjs';
const version = JSON.parse(readFileSync('node_modules/feelin/package.json', 'utf8')).version;
const out = [];
for (const [tests, input, context] of unaryCases) {
  const entry = { tests, input };
  if (context !== undefined) entry.context = context;
  try { const r = unaryTest(tests, { ...(context ?? {}), '?': input }); entry.feelin = r.value === undefined ? null : r.value; }
  catch (e) { entry.feelinError = String(e.message).split('\n')[0]; }
  out.push(entry);
}
writeFileSync(process.argv[2], JSON.stringify({ producedWith: `feelin ${version} (unaryTest) under node ${process.version}`, cases: out }, null, 1) + '\n');
console.log(out.length, 'cases');
