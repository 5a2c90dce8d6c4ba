import { SCHEMA_VERSION, type Stage, type Transition, type WorkflowDefinition } from '@funnel/schemas';

/** Every how-many stages a generated stage carries a recycle timer, and a generated transition a guard. */
const TIMER_EVERY = 4;
const GUARD_EVERY = 5;

/**
 * A large, valid definition for benchmarks: a trunk of `stages - 2` stages ending in won, a lost stage
 * every open stage can go to, and skip-ahead transitions until there are `transitions` in all; no
 * positions (so it needs a layout), some guards and timers.
 * @example generateDefinition({ stages: 60, transitions: 150 }).transitions.length // → 150
 */
export function generateDefinition({ stages, transitions }: { stages: number; transitions: number }): WorkflowDefinition {
  const open = stages - 2;
  const key = (i: number) => `s${i}`;
  const stageList: Stage[] = Array.from(
    { length: open },
    (_, i): Stage => ({
      key: key(i),
      name: { en: `Stage ${i}`, 'zh-Hans': `阶段 ${i}`, 'zh-Hant': `階段 ${i}` },
      phase: i < open / 3 ? 'lead' : 'opportunity',
      probability: Math.round((i / open) * 90),
      forecastCategory: i < open / 3 ? 'omitted' : 'pipeline',
      ...(i % TIMER_EVERY === 0 ? { timers: [{ key: 'recycle', after: 'P7D', action: { transition: `${key(i)}_lost` } }] } : {}),
    }),
  );
  stageList.push(
    { key: 'won', name: { en: 'Won', 'zh-Hans': '赢单', 'zh-Hant': '贏單' }, phase: 'order', probability: 100, forecastCategory: 'closed', outcome: 'won' },
    {
      key: 'lost',
      name: { en: 'Lost', 'zh-Hans': '输单', 'zh-Hant': '輸單' },
      phase: 'opportunity',
      probability: 0,
      forecastCategory: 'omitted',
      outcome: 'lost',
    },
  );
  const transitionList: Transition[] = [];
  // Named by keys, the same in every locale: the designer warns about a name without a translation.
  const add = (from: string, to: string, guarded: boolean) =>
    transitionList.push({
      key: `${from}_${to}`,
      name: { en: `${from} → ${to}`, 'zh-Hans': `${from} → ${to}`, 'zh-Hant': `${from} → ${to}` },
      from: [from],
      to,
      ...(guarded ? { guard: { logic: { '>=': [{ var: 'score' }, transitionList.length % 100] }, message: { en: 'Score too low' } } } : {}),
    });
  for (let i = 0; i < open; i += 1) add(key(i), i + 1 < open ? key(i + 1) : 'won', i % GUARD_EVERY === 0);
  for (let i = 0; i < open; i += 1) add(key(i), 'lost', false);
  for (let i = 0; transitionList.length < transitions && i + 2 < open; i += 1) add(key(i), key(i + 2), i % GUARD_EVERY === 1);
  return {
    schemaVersion: SCHEMA_VERSION,
    key: 'generated',
    name: { en: `Generated ${stages} stages` },
    fields: { type: 'object', properties: { name: { type: 'string' }, amount: { type: 'number' }, score: { type: 'number' } }, required: ['name'] },
    initialStage: key(0),
    stages: stageList,
    transitions: transitionList,
  };
}
