import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of a benchmark's table and JSON artifact (see docs/conventions-for-contributors.md). */
export interface BenchRow {
  benchmark: string;
  value: number;
  unit: string;
  target: string;
  met?: boolean;
}

/** Timed runs per figure; the figure is their median. */
export const RUNS = 5;
const WARMUP_MS = 500;
const RUN_MS = 400;
const BATCH = 1_000;
const MEASURE_FLAG = '--measure=';

let sink = 0;

/** Calls `op` in batches for about RUN_MS, RUNS times after a warm-up; returns each run's operations per second. */
function runs(op: (i: number) => unknown): number[] {
  const once = (ms: number) => {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      for (let i = 0; i < BATCH; i++) if (op(calls + i)) sink++;
      calls += BATCH;
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    return (calls / elapsed) * 1_000;
  };
  once(WARMUP_MS);
  return Array.from({ length: RUNS }, () => once(RUN_MS));
}

/**
 * In a child process started with `--measure=<kind>`, measures that kind, prints its runs as JSON and returns true.
 * @example if (measureIfChild({ compiled: () => (i) => guard(data[i & 7]) })) process.exit(0);
 */
export function measureIfChild(kinds: Record<string, () => (i: number) => unknown>): boolean {
  const flag = process.argv.find((a) => a.startsWith(MEASURE_FLAG));
  if (!flag) return false;
  const kind = flag.slice(MEASURE_FLAG.length);
  const setup = kinds[kind];
  if (!setup) throw new Error(`unknown measurement "${kind}"; known: ${Object.keys(kinds).join(', ')}`);
  const result = runs(setup());
  process.stdout.write(`${JSON.stringify({ kind, runs: result, sink })}\n`);
  return true;
}

/** Processes per figure; the kinds take turns so that a busy machine slows them alike. */
export const ROUNDS = 3;

function runInChild(file: string, kind: string): number[] {
  const child = spawnSync(process.execPath, [...process.execArgv, file, `${MEASURE_FLAG}${kind}`], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`measuring ${kind} failed:\n${child.stderr}`);
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(line) as { runs: number[] }).runs;
}

/**
 * Measures each kind in its own Node processes (same loader flags, so TypeScript runs as here): ROUNDS rounds,
 * the kinds taking turns, RUNS timed runs per process; returns each kind's median ops/s over all its runs.
 * @example mediansInChildren(self, ['compiled', 'hand-written']) // → { compiled: 6.1e7, 'hand-written': 6.0e7 }
 */
export function mediansInChildren(file: string, kinds: readonly string[]): Record<string, number> {
  const all = new Map<string, number[]>(kinds.map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of kinds) all.get(kind)?.push(...runInChild(file, kind));
  }
  return Object.fromEntries(
    kinds.map((kind) => {
      const sorted = [...(all.get(kind) ?? [])].sort((a, b) => a - b);
      return [kind, sorted[Math.floor(sorted.length / 2)] as number];
    }),
  );
}

/** Prints the rows as the conventions' Markdown table and writes them to artifacts/bench/<name>.json. */
export function report(name: string, rows: BenchRow[]): void {
  console.log('| benchmark | value | unit | target | met |');
  console.log('| --- | ---: | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.benchmark} | ${r.value} | ${r.unit} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`);
  const dir = join(import.meta.dirname, '..', '..', 'artifacts', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(rows, null, 2)}\n`);
}

/** Rounds a rate to three significant digits for the table. */
export function rounded(value: number): number {
  return Number(value.toPrecision(3));
}
