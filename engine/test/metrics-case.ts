import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { Duration } from 'luxon';
import { filterOwners, type FunnelEvent, type FunnelRecord, type ManagerMap, type MetricsFilter } from '../src';

/**
 * A case of engine/test/suites/metrics-*.json, as the reference and the summary path read it. The suite format (docs/metrics.md):
 * times are ISO-8601 instants, durations ISO-8601 durations or milliseconds; a record gives at least id, stage
 * and createdAt, the rest defaults from its stage; `expected` is matched as a subset, numbers to 9 decimals.
 */
export interface MetricsCase {
  description: string;
  template?: string;
  definition?: WorkflowDefinition;
  records: (Partial<Omit<FunnelRecord, 'createdAt' | 'closedAt'>> & { id: string; stage: string; createdAt: string; closedAt?: string })[];
  events: Record<string, unknown>[];
  period?: { from: string; to: string };
  action:
    | { type: 'metric'; metric: 'pipeline'; managers?: ManagerMap; amountField?: string }
    | { type: 'metric'; metric: 'funnel'; filter?: SuiteFilter; managers?: ManagerMap }
    | { type: 'metric'; metric: 'calibration'; filter?: SuiteFilter; managers?: ManagerMap }
    | { type: 'metric'; metric: 'score_calibration'; stage?: string; bandWidth?: number; filter?: SuiteFilter; managers?: ManagerMap };
  expected: unknown;
}

/** A case's filter as the api takes it: a pipeline, owners, and a team (a manager id, resolved by the case's `managers`). */
interface SuiteFilter {
  pipeline?: string;
  owners?: string[];
  team?: string;
  source?: string;
}

/**
 * The engine's filter of a case's (the team resolved to its members by the case's managers), or undefined.
 * @example metricsFilter({ type: 'metric', metric: 'funnel', filter: { team: 'meg' }, managers: { ann: 'meg' } }) // → { owners: ['meg', 'ann'] }
 */
export function metricsFilter(action: MetricsCase['action']): MetricsFilter | undefined {
  if (!('filter' in action) || !action.filter) return undefined;
  const { pipeline, owners, team, source } = action.filter;
  const kept = filterOwners({ owners, team, managers: action.managers ?? {} });
  return { ...(pipeline !== undefined ? { pipeline } : {}), ...(kept ? { owners: kept } : {}), ...(source !== undefined ? { source } : {}) };
}

const SUITES = join(import.meta.dirname, 'suites');
const INSTANT_KEYS = new Set(['at', 'createdAt', 'stageEnteredAt', 'closedAt', 'firstTouchAt', 'from', 'to']);
const DURATION_KEYS = new Set(['durationInStage', 'median', 'p90']);
const DECIMALS = 9;

/** Turns the suite's readable times into the engine's epoch milliseconds. */
export function readable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => readable(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v, k)]));
  }
  if (typeof value === 'string' && DURATION_KEYS.has(key)) return Duration.fromISO(value).toMillis();
  if (typeof value === 'string' && INSTANT_KEYS.has(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  return value;
}

export function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toFixed(DECIMALS));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

export function definitionOf(c: MetricsCase): WorkflowDefinition {
  if (c.definition) return c.definition;
  if (c.template) return getTemplate(c.template).definition;
  throw new Error(`case "${c.description}" names neither a template nor a definition`);
}

export function fullRecord(definition: WorkflowDefinition, partial: Record<string, unknown>): FunnelRecord {
  const stage = definition.stages.find((s) => s.key === partial.stage);
  const createdAt = partial.createdAt as number;
  const outcome = stage?.outcome;
  return {
    workflowKey: definition.key,
    workflowVersion: 1,
    phase: stage?.phase ?? 'lead',
    forecastCategory: stage?.forecastCategory ?? 'omitted',
    probability: stage?.probability ?? 0,
    ...(outcome ? { outcome } : {}),
    owner: null,
    fields: {},
    counters: {},
    stageEnteredAt: createdAt,
    timers: [],
    nextDueAt: null,
    excludedFromPerformance: false,
    version: 1,
    ...partial,
  } as unknown as FunnelRecord; // the suite gives id, stage and createdAt at least; the rest defaults from the stage
}

export function fullEvent(partial: Record<string, unknown>): FunnelEvent {
  const defaults: Record<string, unknown> = { actor: 'u_system' };
  if (partial.type === 'transitioned')
    Object.assign(defaults, { transition: `${String(partial.from)}_to_${String(partial.to)}`, cause: 'actor', excludedFromPerformance: false });
  return { ...defaults, ...partial } as FunnelEvent;
}

/**
 * Every metrics suite file (engine/test/suites/metrics-*.json) with its cases, in file-name order.
 * @example for (const { file, cases } of metricsSuites()) …
 */
export function metricsSuites(): { file: string; cases: MetricsCase[] }[] {
  return readdirSync(SUITES)
    .filter((f) => /^metrics-.*\.json$/.test(f))
    .sort()
    .map((file) => ({ file, cases: JSON.parse(readFileSync(join(SUITES, file), 'utf8')) as MetricsCase[] }));
}
