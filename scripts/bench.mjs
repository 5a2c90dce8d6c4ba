// `pnpm bench`: runs every benchmark (<package>/bench/*.ts), each in its own process,
// then prints all their rows as one table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatBenchRow } from './format-bench-row.mjs';

const packages = ['schemas', 'engine', 'embedded-mongo', 'api', 'designer', 'test'];
const only = process.argv.slice(2);
const outDir = join('artifacts', 'bench');
mkdirSync(outDir, { recursive: true });
const rows = [];
for (const pkg of packages) {
  const dir = join(pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .sort()) {
    const name = file.replace(/\.ts$/, '');
    if (only.length && !only.some((o) => `${pkg}/${name}`.includes(o))) continue;
    const json = join(outDir, `${name}.json`);
    rmSync(json, { force: true });
    console.log(`\n## ${pkg}/${name}`);
    const run = spawnSync('npx', ['tsx', join(dir, file)], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (run.status !== 0 || !existsSync(json)) {
      rows.push({ benchmark: `${pkg}/${name}`, value: 'failed', unit: '', target: '', met: false });
      continue;
    }
    for (const row of JSON.parse(readFileSync(json, 'utf8'))) rows.push(row);
  }
}
console.log('\n## All benchmarks\n');
console.log('| benchmark | value | unit | target | met |');
console.log('| --- | ---: | --- | --- | --- |');
for (const row of rows) console.log(formatBenchRow(row));
