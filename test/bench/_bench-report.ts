// (The leading underscore keeps `pnpm bench` from running this as a benchmark.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** One row of a benchmark's table; `met` is '' for a figure without a target. */
export interface BenchRow {
  benchmark: string;
  value: number | string;
  unit: string;
  target: string;
  met: boolean | '';
}

/**
 * Prints a benchmark's rows as the table `pnpm bench` reads and writes them to artifacts/bench/<name>.json.
 * @example report('routing', rows)
 */
export function report(name: string, rows: readonly BenchRow[]): void {
  console.log('| benchmark | value | unit | target | met |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.benchmark} | ${r.value} | ${r.unit} | ${r.target} | ${r.met === '' ? '' : r.met ? 'yes' : 'NO'} |`);
  mkdirSync('artifacts/bench', { recursive: true });
  writeFileSync(`artifacts/bench/${name}.json`, JSON.stringify(rows, null, 2));
}

/**
 * The nearest-rank percentile of `values` (unsorted).
 * @example percentile([5, 1, 3], 50) // → 3
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)] ?? Number.NaN;
}

/** The machine's load averages (1, 5, 15 min), for a benchmark to print beside its figures. */
export function loads(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}
