import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calibration,
  DAY_MS,
  dayOf,
  filterOwners,
  funnelMetrics,
  pipelineMetrics,
  scoreCalibration,
  summaryMismatches,
  type FunnelEvent,
  type FunnelRecord,
  type ManagerMap,
  type MetricsFilter,
} from '@funnel/engine';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { Duration } from 'luxon';
import { calibrationFromStore } from '../src/metrics/calibration-from-store';
import { funnelFromStore } from '../src/metrics/funnel-from-store';
import { managerMap } from '../src/metrics/manager-map';
import { buildMetricDay } from '../src/metrics/metric-days';
import { pipelineAggregation } from '../src/metrics/pipeline-aggregation';
import { pipelineFromRollup } from '../src/metrics/pipeline-from-rollup';
import { advancePipelineRollup } from '../src/metrics/pipeline-rollup';
import { scoreCalibrationFromStore } from '../src/metrics/score-calibration-from-store';
import { embeddedStoreModels } from './embedded-store-models';

// The engine's metric suites (docs/metrics.md), run through the api's database path: records and events stored in
// the embedded store, then the pipeline aggregation, and the funnel and calibration from day summaries, three
// times: with no day built (everything read from the log), with every day built, and with every other day built
// only up to 13:00. The pipeline runs through its `$group` (no day built) and through its rollup (every day built: the
// rollup's baseline scan, with the records deleted after, so the figures can only come from the rollup).
// Each must give the engine reference's figures: exactly, but for medians and p90s, within the histograms' 1 %.

interface MetricsCase {
  description: string;
  template?: string;
  definition?: WorkflowDefinition;
  records: Record<string, unknown>[];
  events: Record<string, unknown>[];
  period?: { from: string; to: string };
  action: {
    type: 'metric';
    metric: 'pipeline' | 'funnel' | 'calibration' | 'score_calibration';
    managers?: ManagerMap;
    amountField?: string;
    stage?: string;
    bandWidth?: number;
    /** A funnel's or a calibration's filter: a team is resolved by `managers`. */
    filter?: { pipeline?: string; owners?: string[]; team?: string; source?: string };
  };
  expected: unknown;
}

const HOUR = 3_600_000;
const SUITES = fileURLToPath(new URL('../../engine/test/suites', import.meta.url));
const INSTANT_KEYS = new Set(['at', 'createdAt', 'stageEnteredAt', 'closedAt', 'firstTouchAt', 'from', 'to']);
const DURATION_KEYS = new Set(['durationInStage', 'median', 'p90']);
const DECIMALS = 9;

function readable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => readable(item));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v, k)]));
  if (typeof value === 'string' && DURATION_KEYS.has(key)) return Duration.fromISO(value).toMillis();
  if (typeof value === 'string' && INSTANT_KEYS.has(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  return value;
}

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toFixed(DECIMALS));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

function record(definition: WorkflowDefinition, partial: Record<string, unknown>): FunnelRecord {
  const stage = definition.stages.find((s) => s.key === partial.stage);
  return {
    workflowKey: definition.key,
    workflowVersion: 1,
    phase: stage?.phase ?? 'lead',
    forecastCategory: stage?.forecastCategory ?? 'omitted',
    probability: stage?.probability ?? 0,
    ...(stage?.outcome ? { outcome: stage.outcome } : {}),
    owner: null,
    fields: {},
    counters: {},
    stageEnteredAt: partial.createdAt,
    timers: [],
    nextDueAt: null,
    excludedFromPerformance: false,
    version: 1,
    ...partial,
  } as unknown as FunnelRecord;
}

function event(partial: Record<string, unknown>): FunnelEvent {
  const defaults: Record<string, unknown> = { actor: 'u_system' };
  if (partial.type === 'transitioned')
    Object.assign(defaults, { transition: `${String(partial.from)}_to_${String(partial.to)}`, cause: 'actor', excludedFromPerformance: false });
  return { ...defaults, ...partial } as FunnelEvent;
}

const store = embeddedStoreModels();
let tenantNumber = 0;

type Built = 'none' | 'all' | 'alternate';

/** Builds the stored summaries of the days the case's data spans (all whole, every other one whole and the rest half, or none). */
async function buildDays(input: { tenantId: string; definition: WorkflowDefinition; records: FunnelRecord[]; events: FunnelEvent[]; built: Built }) {
  const { models } = store;
  if (input.built === 'none') return;
  const times = [...input.events.map((e) => e.at), ...input.records.flatMap((r) => [r.createdAt, r.closedAt ?? r.createdAt])];
  const target = { models, tenantId: input.tenantId, workflowKey: input.definition.key, definition: input.definition };
  for (let day = dayOf(Math.min(...times)); day <= dayOf(Math.max(...times)); day++) {
    // Every other day only up to 13:00, as today's summary is: the rest of such a day is read from the log.
    const upTo = input.built === 'all' || day % 2 === 0 ? undefined : day * DAY_MS + 13 * 3_600_000;
    expect(await buildMetricDay({ ...target, day, ...(upTo === undefined ? {} : { upTo }) })).toBe(true);
  }
}

/** Stores a case under a tenant of its own and computes its metric through the api's database path. */
async function throughDatabase(c: MetricsCase, definition: WorkflowDefinition, records: FunnelRecord[], events: FunnelEvent[], built: Built, shift = 0) {
  const { models } = store;
  tenantNumber += 1;
  const tenantId = String(tenantNumber).padStart(24, '0');
  if (records.length > 0) {
    await models.Record.collection.insertMany(
      records.map(({ id, ...state }) => ({
        ...state,
        owner: state.owner === null ? null : `${tenantId}-${state.owner}`,
        _id: `${tenantId}-${id}`,
        tenantId,
        hasExtension: false,
        outbox: [],
        contact: {},
      })) as never[],
    );
  }
  if (events.length > 0) {
    await models.Event.collection.insertMany(
      events.map((e, i) => ({
        ...e,
        ...(typeof e.owner === 'string' ? { owner: `${tenantId}-${e.owner}` } : {}),
        recordId: `${tenantId}-${e.recordId}`,
        _id: `${tenantId}:${String(i).padStart(6, '0')}`,
        tenantId,
        workflowKey: definition.key,
        version: 1,
        seq: i,
      })) as never[],
    );
  }
  for (const [user, manager] of Object.entries(c.action.managers ?? {})) {
    await models.User.create({
      _id: `${tenantId}-${user}`,
      tenantId,
      name: user,
      roles: ['sales'],
      managerId: manager === null ? null : `${tenantId}-${manager}`,
      createdAt: new Date(),
    });
  }
  await buildDays({ tenantId, definition, records, events, built });
  if (built === 'all' && ROLLED_UP.has(c.action.metric)) {
    // Every day the data spans is stored: the figures must come from the summaries, not from the log.
    await models.Event.deleteMany({ tenantId });
    await models.Record.deleteMany({ tenantId });
  }
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll(`${tenantId}-`, ''));
  const period = c.period ? shifted(readable(c.period) as { from: number; to: number }, shift) : undefined;
  const workflow = { definition };
  const filter = await storedFilter({ c, tenantId });
  switch (c.action.metric) {
    case 'pipeline': {
      const target = { models, tenantId, workflowKey: definition.key, workflow, managers: await managerMap(models, tenantId), ...(period ? { period } : {}) };
      if (built === 'all') return strip(await throughRollup(target));
      return strip(await pipelineAggregation({ ...target, ...(c.action.amountField ? { amountField: c.action.amountField } : {}) }));
    }
    case 'funnel':
      return strip(await funnelFromStore({ models, tenantId, workflowKey: definition.key, workflow, period: period as { from: number; to: number }, filter }));
    case 'calibration':
      return strip(await calibrationFromStore({ models, tenantId, workflowKey: definition.key, workflow, ...(period ? { period } : {}), filter }));
    case 'score_calibration':
      return strip(await scoreCalibrationFromStore({ models, tenantId, workflowKey: definition.key, workflow, ...scoreCalibrationArgs(c), filter }));
    default:
      throw new Error(`unknown metric ${String(c.action.metric)}`);
  }
}

/** The pipeline from the workflow's rollup, built to the end; the records are deleted before it is read. */
async function throughRollup(target: Parameters<typeof pipelineFromRollup>[0]) {
  const { models, tenantId, workflowKey } = target;
  while (await advancePipelineRollup({ models, tenantId, workflowKey, settleMs: 0 }));
  await models.Record.deleteMany({ tenantId });
  const report = await pipelineFromRollup(target);
  expect(report).not.toBeNull();
  return report;
}

/** A case's filter for the store: its owners under the tenant's ids, its team resolved by the tenant's users, as the api does. */
async function storedFilter(input: { c: MetricsCase; tenantId: string }): Promise<MetricsFilter | undefined> {
  const { filter } = input.c.action;
  if (!filter) return undefined;
  const id = (user: string) => `${input.tenantId}-${user}`;
  const owners = filterOwners({
    owners: filter.owners?.map(id),
    team: filter.team === undefined ? undefined : id(filter.team),
    managers: await managerMap(store.models, input.tenantId),
  });
  return { ...(filter.pipeline !== undefined ? { pipeline: filter.pipeline } : {}), ...(owners ? { owners } : {}), ...sourceOf(filter) };
}

function sourceOf(filter: { source?: string }): { source?: string } {
  return filter.source !== undefined ? { source: filter.source } : {};
}

/** The case's filter for the reference, its team resolved by the case's managers. */
function referenceFilter(c: MetricsCase): MetricsFilter | undefined {
  const { filter } = c.action;
  if (!filter) return undefined;
  const owners = filterOwners({ owners: filter.owners, team: filter.team, managers: c.action.managers ?? {} });
  return { ...(filter.pipeline !== undefined ? { pipeline: filter.pipeline } : {}), ...(owners ? { owners } : {}), ...sourceOf(filter) };
}

/** The metrics answered from day summaries (their figures must hold with the log and the records gone). */
const ROLLED_UP = new Set(['funnel', 'calibration']);

/** A pipeline case the rollup answers: the api's pipeline reads the default amount field (another is the `$group`'s). */
function fromRollup(c: MetricsCase): boolean {
  return c.action.metric === 'pipeline' && c.action.amountField === undefined;
}

/** Score calibration's stage and band width, those the case gives. */
function scoreCalibrationArgs(c: MetricsCase): { stage?: string; bandWidth?: number } {
  return { ...(c.action.stage ? { stage: c.action.stage } : {}), ...(c.action.bandWidth ? { bandWidth: c.action.bandWidth } : {}) };
}

/** A period moved by `shift` ms: a funnel period starting and ending mid-day reads its partial days from the log. */
function shifted(period: { from: number; to: number }, shift: number): { from: number; to: number } {
  return { from: period.from + shift, to: period.to + shift };
}

function reference(c: MetricsCase, definition: WorkflowDefinition, records: FunnelRecord[], events: FunnelEvent[], shift = 0): unknown {
  const workflow = { definition };
  const period = c.period ? shifted(readable(c.period) as { from: number; to: number }, shift) : undefined;
  switch (c.action.metric) {
    case 'pipeline':
      return pipelineMetrics({ workflow, records, managers: c.action.managers, amountField: c.action.amountField, period });
    case 'funnel':
      return funnelMetrics({ workflow, records, events, period: period as { from: number; to: number }, filter: referenceFilter(c) });
    case 'calibration':
      return calibration({ workflow, records, events, period, filter: referenceFilter(c) });
    case 'score_calibration':
      return scoreCalibration({ workflow, records, events, ...scoreCalibrationArgs(c), filter: referenceFilter(c) });
    default:
      throw new Error(`unknown metric ${String(c.action.metric)}`);
  }
}

for (const file of readdirSync(SUITES)
  .filter((f) => /^metrics-.*\.json$/.test(f))
  .sort()) {
  const cases = JSON.parse(readFileSync(join(SUITES, file), 'utf8')) as MetricsCase[];
  describe(`${file} through the database`, () => {
    const runs = cases.flatMap((c) => (['none', 'all', 'alternate'] as const).map((built) => [`${c.description} (days built: ${built})`, c, built] as const));
    // What is not read from day summaries does not depend on which days are built: it runs once.
    it.each(runs.filter(([, c, built]) => ROLLED_UP.has(c.action.metric) || built === 'none' || (built === 'all' && fromRollup(c))))(
      '%s',
      async (_description, c, built) => {
        const definition = c.definition ?? getTemplate(c.template as string).definition;
        const records = c.records.map((r) => record(definition, readable(r) as Record<string, unknown>));
        const events = c.events.map((e) => event(readable(e) as Record<string, unknown>));
        const fromDatabase = rounded(await throughDatabase(c, definition, records, events, built));
        const expected = rounded(JSON.parse(JSON.stringify(reference(c, definition, records, events))));
        if (!ROLLED_UP.has(c.action.metric)) {
          expect(fromDatabase).toMatchObject(rounded(readable(c.expected)) as object);
          expect(fromDatabase).toEqual(expected);
        } else expect(summaryMismatches(fromDatabase, expected)).toEqual([]);
      },
    );
    // The same funnels over periods starting and ending mid-day: their partial first and last days come from the log,
    // the first with the corrections for what later days refer back to in it.
    const funnels = cases.filter((c) => c.action.metric === 'funnel');
    const shifts = funnels.flatMap((c) =>
      [7, -13].map((hours) => [`${c.description} (period moved ${hours} h, every other day built)`, c, hours * HOUR] as const),
    );
    it.each(shifts)('%s', async (_description, c, shift) => {
      const definition = c.definition ?? getTemplate(c.template as string).definition;
      const records = c.records.map((r) => record(definition, readable(r) as Record<string, unknown>));
      const events = c.events.map((e) => event(readable(e) as Record<string, unknown>));
      const fromDatabase = rounded(await throughDatabase(c, definition, records, events, 'alternate', shift));
      expect(summaryMismatches(fromDatabase, rounded(JSON.parse(JSON.stringify(reference(c, definition, records, events, shift)))))).toEqual([]);
    });
  });
}
