import { describe, expect, it } from 'vitest';
import { calibration, funnelMetrics, pipelineMetrics, scoreCalibration } from '../src';
import { definitionOf, fullEvent, fullRecord, metricsFilter, metricsSuites, readable, rounded, type MetricsCase } from './metrics-case';

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
      return funnelMetrics({ workflow, records, events, period, filter: metricsFilter(action) });
    case 'calibration':
      return calibration({ workflow, records, events, period, filter: metricsFilter(action) });
    case 'score_calibration':
      return scoreCalibration({
        workflow,
        records,
        events,
        ...(action.stage !== undefined ? { stage: action.stage } : {}),
        ...(action.bandWidth !== undefined ? { bandWidth: action.bandWidth } : {}),
        filter: metricsFilter(action),
      });
    default: {
      const unknown: never = action;
      throw new Error(`unknown metric action ${JSON.stringify(unknown)}`);
    }
  }
}

const suites = metricsSuites();

describe('metrics suites', () => {
  it('has at least 25 cases', () => {
    const count = suites.reduce((n, s) => n + s.cases.length, 0);
    expect(count).toBeGreaterThanOrEqual(25);
  });

  for (const { file, cases } of suites) {
    describe(file, () => {
      it.each(cases.map((c) => [c.description, c] as const))('%s', (_description, c) => {
        expect(rounded(run(c))).toMatchObject(rounded(readable(c.expected)) as object);
      });
    });
  }
});
