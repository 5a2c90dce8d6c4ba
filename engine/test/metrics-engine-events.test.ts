import { templates, type WorkflowDefinition } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  calibration,
  compile,
  createRecord,
  funnelMetrics,
  mainPathOrder,
  pipelineMetrics,
  type Actor,
  type FunnelEvent,
  type FunnelRecord,
} from '../src';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5, 9);
const MANAGER: Actor = { id: 'u_mia', roles: ['manager', 'sales', 'marketing', 'admin'] };

/** Field values that satisfy every template's guards, narrowed to the fields a definition has. */
const GOOD_FIELDS: Record<string, unknown> = {
  name: 'Ann Lee',
  email: 'ann@example.com',
  phone: '+1 555 0100',
  companyName: 'Acme Ltd',
  companyVerified: true,
  source: 'web',
  score: 80,
  product: 'CRM',
  seats: 12,
  amount: 12_000,
  contactInvalid: false,
};

function fieldsFor(definition: WorkflowDefinition): Record<string, unknown> {
  return Object.fromEntries(Object.keys(definition.fields.properties).map((name) => [name, GOOD_FIELDS[name]]));
}

/** Drives one record through the engine along the template's main path, a day per step. */
function walkMainPath(definition: WorkflowDefinition): { record: FunnelRecord; events: FunnelEvent[] } {
  const compiled = compile(definition);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const workflow = compiled.workflow;
  const created = createRecord({ workflow, id: 'r1', fields: fieldsFor(definition), actor: MANAGER, now: START });
  if (created.type !== 'applied') throw new Error(JSON.stringify(created));
  let record = created.record;
  const events = [...created.events];
  const path = mainPathOrder(definition);
  path.slice(1).forEach((to, i) => {
    const transition = definition.transitions.find((t) => t.from.includes(record.stage) && t.to === to);
    if (!transition) throw new Error(`no transition from ${record.stage} to ${to}`);
    const step = applyTransition({ workflow, record, transition: transition.key, actor: MANAGER, now: START + (i + 1) * DAY });
    if (step.type !== 'applied') throw new Error(`${transition.key}: ${JSON.stringify(step)}`);
    record = step.record;
    events.push(...step.events);
  });
  return { record, events };
}

describe('metrics over the events the engine records', () => {
  it.each(templates.map((t) => [t.key, t.definition] as const))(
    '%s: one record walked along the main path converts at every step, wins, and its cycle is the days it took',
    (_key, definition) => {
      const { record, events } = walkMainPath(definition);
      const steps = mainPathOrder(definition).length - 1;
      expect(record.outcome).toBe('won');

      const funnel = funnelMetrics({ workflow: { definition }, records: [record], events, period: { from: START, to: START + 30 * DAY } });
      expect(funnel.stages.map((s) => s.entered)).toEqual(mainPathOrder(definition).map(() => 1));
      expect(funnel.stages.map((s) => s.conversionToNext)).toEqual([...Array.from({ length: steps }, () => 1), null]);
      expect(funnel.stages.slice(0, -1).map((s) => s.timeInStage)).toEqual(Array.from({ length: steps }, () => ({ count: 1, median: DAY, p90: DAY })));
      expect(funnel.winRate).toEqual({ won: 1, lost: 0, rate: 1 });
      expect(funnel.cycleLength).toEqual({ count: 1, median: steps * DAY, p90: steps * DAY });

      const pipeline = pipelineMetrics({ workflow: { definition }, records: [record] });
      expect(pipeline.byForecastCategory.find((c) => c.forecastCategory === 'closed')).toEqual({
        forecastCategory: 'closed',
        count: 1,
        amount: 12_000,
        weightedAmount: 12_000,
      });
      expect(pipeline.byOwner.map((o) => o.owner)).toEqual([record.owner]);

      const rows = calibration({ workflow: { definition }, records: [record], events });
      expect(rows.map((r) => [r.passed, r.closed, r.won, r.observed])).toEqual(rows.map(() => [1, 1, 1, 100]));
    },
  );
});
