// Guard evaluations per second for `source in <a 24-item list>`, which compiles to a Set lookup (membership-set.ts),
// through json-logic-js, through Funnel's compiled guard and written by hand with Array#includes; each figure is
// the median of ROUNDS × RUNS timed runs, each process measuring one kind.  Run: npx tsx engine/bench/long-list-guard.ts
import { fileURLToPath } from 'node:url';
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { compileGuard } from '../src';
import { measureIfChild, mediansInChildren, report, ROUNDS, rounded, RUNS } from './_measure';

const LIST_LENGTH = 24;
const SOURCES = Array.from({ length: LIST_LENGTH }, (_, i) => `source_${i}`);
const GUARD = { in: [{ var: 'source' }, SOURCES] };
const VARIANTS = 8;
/** Half the records name a listed source (spread over the list), half one that is not listed. */
const DATA = Array.from({ length: VARIANTS }, (_, i) => ({ source: i % 2 ? SOURCES[(i * 7) % LIST_LENGTH] : `other_${i}` }));

const kinds = {
  'json-logic-js': () => (i: number) => jsonLogic.apply(GUARD as RulesLogic, DATA[i & (VARIANTS - 1)]),
  compiled: () => {
    const { evaluate } = compileGuard(GUARD, { pointer: '/bench' });
    return (i: number) => evaluate(DATA[i & (VARIANTS - 1)]);
  },
  'hand-written': () => (i: number) => SOURCES.includes(DATA[i & (VARIANTS - 1)]?.source as string),
};

if (!measureIfChild(kinds)) {
  const medians = mediansInChildren(fileURLToPath(import.meta.url), Object.keys(kinds));
  const perSecond = `evaluations/s (median of ${ROUNDS}×${RUNS} runs)`;
  const compiled = medians.compiled as number;
  const hand = medians['hand-written'] as number;
  report('long-list-guard', [
    { benchmark: `in a ${LIST_LENGTH}-item list via json-logic-js`, value: rounded(medians['json-logic-js'] as number), unit: perSecond, target: '' },
    { benchmark: `in a ${LIST_LENGTH}-item list via Funnel compiled closures (Set lookup)`, value: rounded(compiled), unit: perSecond, target: '' },
    { benchmark: `in a ${LIST_LENGTH}-item list hand-written (Array#includes)`, value: rounded(hand), unit: perSecond, target: '' },
    { benchmark: 'compiled / hand-written', value: rounded(compiled / hand), unit: '×', target: '' },
  ]);
}
