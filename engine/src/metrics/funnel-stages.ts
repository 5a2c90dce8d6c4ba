import type { WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent } from '../record';
import { summarizeDurations, type DurationSummary } from './duration-summary';
import { mainPathOrder } from './main-path-order';
import { recordsByStage } from './records-by-stage';
import { firstEntries } from './stage-entries';

/** One stage of the main path: its volume, conversion and time in stage over the period. */
export interface FunnelStageMetrics {
  stage: string;
  /** Distinct records that entered the stage in the period (created in it or transitioned into it). */
  entered: number;
  /** entered(next stage) / entered(this stage); null for the last stage or when none entered this one. */
  conversionToNext: number | null;
  /** entered(this stage) / entered(first stage); null when none entered the first stage. */
  cumulativeConversion: number | null;
  /** Time spent in the stage by records that left it in the period (`durationInStage`, ms). */
  timeInStage: DurationSummary;
}

/**
 * Volume, conversion (to the next stage and cumulative from the first) and time in stage for each stage of
 * the main path, from events already narrowed to the period and to what counts for performance. With `counts`
 * (a filter), a record enters a stage where its first entry into it among the events counts, and a transition's
 * time in stage where the transition counts.
 * @example funnelStages({ definition, events })[0] // → { stage: 'lead', entered: 10, conversionToNext: 0.4, cumulativeConversion: 1, timeInStage }
 */
export function funnelStages(input: {
  definition: WorkflowDefinition;
  events: readonly FunnelEvent[];
  counts?: (event: FunnelEvent) => boolean;
}): FunnelStageMetrics[] {
  const counts = input.counts ?? (() => true);
  const enteredBy = recordsByStage(firstEntries(input.events).filter(({ event }) => counts(event)));
  const order = mainPathOrder(input.definition);
  const entered = order.map((stage) => enteredBy.get(stage)?.size ?? 0);
  const durationsFrom = new Map<string, number[]>();
  for (const e of input.events) {
    if (e.type !== 'transitioned' || !counts(e)) continue;
    const durations = durationsFrom.get(e.from);
    if (durations) durations.push(e.durationInStage);
    else durationsFrom.set(e.from, [e.durationInStage]);
  }
  return funnelStageRows({ order, entered, timeInStage: (stage) => summarizeDurations(durationsFrom.get(stage) ?? []) });
}

/**
 * The rows of the main path from each stage's volume (in `order`) and time in stage: conversion to the next stage
 * and cumulative from the first, as `funnelStages` defines them.
 * @example funnelStageRows({ order: ['lead', 'mql'], entered: [10, 4], timeInStage: () => summary })[0].conversionToNext // → 0.4
 */
export function funnelStageRows(input: {
  order: readonly string[];
  entered: readonly number[];
  timeInStage: (stage: string) => DurationSummary;
}): FunnelStageMetrics[] {
  const { entered } = input;
  const first = entered[0] ?? 0;
  return input.order.map((stage, i) => {
    const here = entered[i] ?? 0;
    const next = entered[i + 1];
    return {
      stage,
      entered: here,
      conversionToNext: next === undefined || here === 0 ? null : next / here,
      cumulativeConversion: first === 0 ? null : here / first,
      timeInStage: input.timeInStage(stage),
    };
  });
}
