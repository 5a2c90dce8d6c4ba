// What Linux says of a process (/proc): its CPU time and resident memory, for the store's benchmarks.
import { readFileSync } from 'node:fs';

/** Linux reports process CPU time in ticks of 1/100 s. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used so far, in ms.
 * @example const before = cpuMs(store.pid); …; const used = cpuMs(store.pid) - before;
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * (1000 / CLOCK_TICKS_PER_SECOND);
}

/**
 * A process's resident memory, in MB.
 * @example rssMb(store.pid) // 412
 */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}
