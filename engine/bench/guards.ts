// Guard evaluations per second for a realistic four-clause guard (score ≥ 60, source in a list, phone present,
// days in stage ≤ 7) through json-logic-js, through Funnel's compiled guard and written by hand; each figure is
// the median of ROUNDS × RUNS timed runs, each process measuring one kind.  Run: npx tsx engine/bench/guards.ts
import { fileURLToPath } from 'node:url';
import type { WorkflowDefinition } from '@funnel/schemas';
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { compile, guardData, type FunnelRecord, type GuardData } from '../src';
import { measureIfChild, mediansInChildren, report, ROUNDS, rounded, RUNS } from './_measure';

const GUARD = {
  and: [
    { '>=': [{ var: 'score' }, 60] },
    { in: [{ var: 'source' }, ['web', 'referral', 'event']] },
    { '!!': { var: 'phone' } },
    { '<=': [{ var: 'record.daysInStage' }, 7] },
  ],
};
const TARGET_VS_HAND = 3;
const TARGET_VS_JSON_LOGIC = 50;
const DAY_MS = 86_400_000;
const VARIANTS = 8;
const NOW = Date.UTC(2026, 0, 5);

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  key: 'bench',
  name: { en: 'Guard benchmark' },
  fields: { type: 'object', properties: { score: { type: 'integer' }, source: { type: 'string' }, phone: { type: 'string' } } },
  initialStage: 'lead',
  stages: [
    { key: 'lead', name: { en: 'Lead' }, phase: 'lead', probability: 0, forecastCategory: 'omitted' },
    { key: 'mql', name: { en: 'MQL' }, phase: 'lead', probability: 0, forecastCategory: 'omitted', terminal: true },
  ],
  transitions: [{ key: 'qualify', name: { en: 'Qualify' }, from: ['lead'], to: 'mql', guard: { logic: GUARD, message: { en: 'not yet' } } }],
};

/** Eight records' guard data, some passing and some failing at each clause, as the engine builds it. */
function dataSet(): GuardData[] {
  return Array.from({ length: VARIANTS }, (_, i) => {
    const record = {
      stage: 'lead',
      phase: 'lead',
      owner: 'sam',
      probability: 0,
      stageEnteredAt: NOW - i * DAY_MS,
      counters: {},
      fields: { score: 55 + i * 3, source: ['web', 'fair', 'event', 'referral'][i % 4], phone: i % 3 ? '+1 555 0100' : '' },
    } as unknown as FunnelRecord;
    return guardData(record, NOW, undefined);
  });
}

const SOURCES = ['web', 'referral', 'event'];
const handWritten = (d: GuardData) => (d.score as number) >= 60 && SOURCES.includes(d.source as string) && !!d.phone && (d.record?.daysInStage as number) <= 7;

const kinds = {
  'json-logic-js': () => {
    const data = dataSet();
    return (i: number) => jsonLogic.apply(GUARD as RulesLogic, data[i & (VARIANTS - 1)]);
  },
  compiled: () => {
    const result = compile(definition);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const evaluate = result.workflow.transition('qualify')?.guard?.evaluate;
    if (!evaluate) throw new Error('no compiled guard');
    const data = dataSet();
    return (i: number) => evaluate(data[i & (VARIANTS - 1)]);
  },
  'hand-written': () => {
    const data = dataSet();
    return (i: number) => handWritten(data[i & (VARIANTS - 1)] as GuardData);
  },
};

if (!measureIfChild(kinds)) {
  const self = fileURLToPath(import.meta.url);
  const medians = mediansInChildren(self, Object.keys(kinds));
  const reference = medians['json-logic-js'] as number;
  const compiled = medians.compiled as number;
  const hand = medians['hand-written'] as number;
  const perSecond = `evaluations/s (median of ${ROUNDS}×${RUNS} runs)`;
  report('guards', [
    { benchmark: 'guard via json-logic-js', value: rounded(reference), unit: perSecond, target: '' },
    { benchmark: 'guard via Funnel compiled closures', value: rounded(compiled), unit: perSecond, target: '' },
    { benchmark: 'guard hand-written TypeScript', value: rounded(hand), unit: perSecond, target: '' },
    { benchmark: 'hand-written / compiled', value: rounded(hand / compiled), unit: '×', target: `≤ ${TARGET_VS_HAND}`, met: hand / compiled <= TARGET_VS_HAND },
    {
      benchmark: 'compiled / json-logic-js',
      value: rounded(compiled / reference),
      unit: '×',
      target: `≥ ${TARGET_VS_JSON_LOGIC}`,
      met: compiled / reference >= TARGET_VS_JSON_LOGIC,
    },
  ]);
}
