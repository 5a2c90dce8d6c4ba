import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { calibration, funnelMetrics, pipelineMetrics, type FunnelEvent, type FunnelRecord, type ManagerMap } from '../src';

/**
 * Runs engine/test/suites/metrics-*.json against the reference metrics. The suite format (docs/metrics.md):
 * times are ISO-8601 instants, durations ISO-8601 durations or milliseconds; a record gives at least id, stage
 * and createdAt, the rest defaults from its stage; `expected` is matched as a subset, numbers to 9 decimals.
 */
interface MetricsCase {
  description: string;
  template?: string;
  definition?: WorkflowDefinition;
  records: (Partial<Omit<FunnelRecord, 'createdAt' | 'closedAt'>> & { id: string; stage: string; createdAt: string; closedAt?: string })[];
  events: Record<string, unknown>[];
  period?: { from: string; to: string };
  action:
    | { type: 'metric'; metric: 'pipeline'; managers?: ManagerMap; amountField?: string }
    | { type: 'metric'; metric: 'funnel' }
    | { type: 'metric'; metric: 'calibration' };
  expected: unknown;
}

const SUITES = join(import.meta.dirname, 'suites');
const INSTANT_KEYS = new Set(['at', 'createdAt', 'stageEnteredAt', 'closedAt', 'firstTouchAt', 'from', 'to']);
const DURATION_KEYS = new Set(['durationInStage', 'median', 'p90']);
const DECIMALS = 9;

/** Turns the suite's readable times into the engine's epoch milliseconds. */
function readable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => readable(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v, k)]));
  }
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

function definitionOf(c: MetricsCase): WorkflowDefinition {
  if (c.definition) return c.definition;
  if (c.template) return getTemplate(c.template).definition;
  throw new Error(`case "${c.description}" names neither a template nor a definition`);
}

function fullRecord(definition: WorkflowDefinition, partial: Record<string, unknown>): FunnelRecord {
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

function fullEvent(partial: Record<string, unknown>): FunnelEvent {
  const defaults: Record<string, unknown> = { actor: 'u_system' };
  if (partial.type === 'transitioned')
    Object.assign(defaults, { transition: `${String(partial.from)}_to_${String(partial.to)}`, cause: 'actor', excludedFromPerformance: false });
  return { ...defaults, ...partial } as FunnelEvent;
}

function run(c: MetricsCase): unknown {
  const definition = definitionOf(c);
  const workflow = { definition };
  const records = c.records.map((r) => fullRecord(definition, readable(r) as Record<string, unknown>));
  const events = c.events.map((e) => fullEvent(readable(e) as Record<string, unknown>));
  const period = c.period ? (readable(c.period) as { from: number; to: number }) : undefined;
  const { action } = c;
  switch (action.metric) {
    case 'pipeline':
      return pipelineMetrics({ workflow, records, managers: action.managers, amountField: action.amountField, period });
    case 'funnel':
      if (!period) throw new Error(`funnel case "${c.description}" needs a period`);
      return funnelMetrics({ workflow, records, events, period });
    case 'calibration':
      return calibration({ workflow, records, events, period });
    default: {
      const unknown: never = action;
      throw new Error(`unknown metric action ${JSON.stringify(unknown)}`);
    }
  }
}

const files = readdirSync(SUITES)
  .filter((f) => /^metrics-.*\.json$/.test(f))
  .sort();

describe('metrics suites', () => {
  it('has at least 25 cases', () => {
    const count = files.reduce((n, f) => n + (JSON.parse(readFileSync(join(SUITES, f), 'utf8')) as unknown[]).length, 0);
    expect(count).toBeGreaterThanOrEqual(25);
  });

  for (const file of files) {
    const cases = JSON.parse(readFileSync(join(SUITES, file), 'utf8')) as MetricsCase[];
    describe(file, () => {
      it.each(cases.map((c) => [c.description, c] as const))('%s', (_description, c) => {
        expect(rounded(run(c))).toMatchObject(rounded(readable(c.expected)) as object);
      });
    });
  }
});
