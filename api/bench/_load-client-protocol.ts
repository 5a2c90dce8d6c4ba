// (The leading underscore keeps `pnpm bench` from running this as a benchmark.)
// What the benchmark and its load client (_load-client.ts) exchange: the plan on argv, `WARMED` once the
// warm-up is done, then one LoadResult line on stdout.

/** The line the load client prints when the warm-up is over and measuring starts. */
export const WARMED = 'warmed';

/** What to send: a transition cycle against the api or the raw ceiling, or a fixed body. */
export type LoadPlan =
  | { type: 'graphql-transition'; url: string; key: string; clients: number; ops: number; ids: string[]; versions: number[] }
  | { type: 'raw-transition'; url: string; clients: number; ops: number; ids: string[] }
  | { type: 'fixed'; url: string; clients: number; ops: number; body: string; key?: string };

/** Requests per second over the measured run and every measured request's latency in ms. */
export interface LoadResult {
  perSecond: number;
  latencies: number[];
}
