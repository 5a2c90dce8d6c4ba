import type { FunnelEvent, FunnelRecord } from '../record';
import { chronological } from './chronological';
import { mainPathOrder } from './main-path-order';
import type { MetricsWorkflow } from './metrics-workflow';
import { eventSlice, sliceFilter, type MetricsFilter } from './metric-slices';
import { countedRecords, performanceEvents } from './performance-events';
import { stageOutcomes } from './stage-outcomes';

/**
 * The default width of a score band: five bands on a score out of 100.
 * @example scoreCalibration({ workflow, records, events }).bandWidth // → 20
 */
export const DEFAULT_SCORE_BAND_WIDTH = 20;

/** One band of scores (both ends included) and how its records went on. */
export interface ScoreBand {
  from: number;
  to: number;
  /** Records whose score at the entry fell in the band. */
  records: number;
  /** Each later open stage of the main path: how many of the band's records entered it after, and that share (null for an empty band). */
  reached: { stage: string; records: number; share: number | null }[];
  won: number;
  /** won / records; null for an empty band. */
  winShare: number | null;
}

/** Score calibration: records grouped by their score when they entered `stage` (null: their first stage). */
export interface ScoreCalibration {
  stage: string | null;
  bandWidth: number;
  bands: ScoreBand[];
  /** Records that entered the stage with no score on the entry (before the definition scored). */
  unscored: number;
}

/**
 * What score calibration reads: the workflow (its scoring's maximum), records and their events, the stage whose
 * entry scores the records (default: each record's first entry), and the band width.
 * @example scoreCalibration({ workflow, records, events, stage: 'mql', bandWidth: 10 })
 */
export interface ScoreCalibrationInput {
  workflow: MetricsWorkflow;
  records: readonly FunnelRecord[];
  events: readonly FunnelEvent[];
  stage?: string;
  bandWidth?: number;
  /** Narrows to a pipeline and to owners: a record counts where its scoring entry does (docs/metrics.md "Filters"). */
  filter?: MetricsFilter;
}

/**
 * How each band of scores actually converted: records grouped by the score their first entry into `stage` recorded
 * (each record's first entry of all without a stage), in bands of `bandWidth` from 0 (the last band reaching the
 * scoring's maximum), each with the share that entered every later open stage of the main path after that entry, and
 * the share won. Records and events excluded from performance are left out; null when the definition does not score.
 * @example scoreCalibration({ workflow, records, events })?.bands[3] // → { from: 60, to: 79, records: 25, reached: [{ stage: 'sql', records: 20, share: 0.8 }, …], won: 10, winShare: 0.4 }
 */
export function scoreCalibration(input: ScoreCalibrationInput): ScoreCalibration | null {
  const { definition } = input.workflow;
  const max = definition.scoring?.max;
  if (max === undefined) return null;
  const width = Math.max(1, Math.floor(input.bandWidth ?? DEFAULT_SCORE_BAND_WIDTH));
  const lastBand = Math.floor(Math.max(0, max - 1) / width);
  const records = new Map(countedRecords(input).map((r) => [r.id, r]));
  const outcomes = stageOutcomes(definition);
  const order = mainPathOrder(definition).filter((stage) => !outcomes.has(stage));
  const later = input.stage === undefined ? order.slice(1) : order.slice(order.indexOf(input.stage) + 1);

  // Each record's scoring entry, then every stage it entered at or after it: one pass over the events in time order.
  const scored = new Map<string, { score: number | undefined; at: number; reached: Set<string>; event: FunnelEvent }>();
  for (const event of chronological(performanceEvents(input))) {
    if (!records.has(event.recordId) || (event.type !== 'record_created' && event.type !== 'transitioned')) continue;
    const stage = event.type === 'record_created' ? event.stage : event.to;
    const entry = scored.get(event.recordId);
    if (entry) entry.reached.add(stage);
    else if (input.stage === undefined || stage === input.stage) scored.set(event.recordId, { score: event.score, at: event.at, reached: new Set(), event });
  }
  const keep = sliceFilter(input.filter);
  for (const [id, entry] of scored) if (!keep(eventSlice(entry.event, records.get(id)))) scored.delete(id);

  const bands = Array.from({ length: lastBand + 1 }, (_, i) => ({ from: i * width, to: i === lastBand ? max : i * width + width - 1, ids: [] as string[] }));
  let unscored = 0;
  for (const [id, entry] of scored) {
    if (entry.score === undefined) unscored++;
    else bands[Math.min(lastBand, Math.floor(Math.max(0, entry.score) / width))]?.ids.push(id);
  }
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    stage: input.stage ?? null,
    bandWidth: width,
    unscored,
    bands: bands.map(({ from, to, ids }) => {
      const won = ids.filter((id) => records.get(id)?.outcome === 'won').length;
      return {
        from,
        to,
        records: ids.length,
        reached: later.map((stage) => {
          const count = ids.filter((id) => scored.get(id)?.reached.has(stage)).length;
          return { stage, records: count, share: share(count, ids.length) };
        }),
        won,
        winShare: share(won, ids.length),
      };
    }),
  };
}
