// availableTransitions per second on the standard trunk, and pure transition steps (applyTransition) per second;
// each figure is the median of ROUNDS × RUNS timed runs, each process measuring one kind.  Run: npx tsx engine/bench/transitions.ts
import { fileURLToPath } from 'node:url';
import { getTemplate } from '@funnel/schemas';
import { applyTransition, availableTransitions, compile, createRecord, type Actor, type CompiledWorkflow, type FunnelRecord } from '../src';
import { measureIfChild, mediansInChildren, report, ROUNDS, rounded, RUNS } from './_measure';

const TARGET_STEPS = 1_000_000;
const NOW = Date.UTC(2026, 0, 5);
const HOUR_MS = 3_600_000;
const SALES: Actor = { id: 'sam', roles: ['sales'] };

function workflow(): CompiledWorkflow {
  const result = compile(getTemplate('standard_trunk').definition);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.workflow;
}

/** A standard-trunk record walked to `stage` through the engine itself. */
function recordIn(w: CompiledWorkflow, path: string[]): FunnelRecord {
  const created = createRecord({
    workflow: w,
    id: 'r1',
    fields: { name: 'Ann', phone: '+1 555 0100', product: 'CRM', seats: 5, companyName: 'Acme', companyVerified: true },
    actor: { id: 'mia', roles: ['marketing'] },
    now: NOW,
  });
  if (created.type !== 'applied') throw new Error('create failed');
  let record = created.record;
  path.forEach((transition, i) => {
    const step = applyTransition({ workflow: w, record, transition, actor: { id: 'max', roles: ['manager', 'marketing'] }, now: NOW + (i + 1) * HOUR_MS });
    if (step.type !== 'applied') throw new Error(`${transition}: ${JSON.stringify(step)}`);
    record = step.record;
  });
  return record;
}

const kinds = {
  available: () => {
    const w = workflow();
    const sql = recordIn(w, ['qualify', 'accept']);
    return (i: number) => availableTransitions({ workflow: w, record: sql, actor: SALES, now: NOW + i }).length;
  },
  step: () => {
    const w = workflow();
    const opportunity = recordIn(w, ['qualify', 'accept', 'create_opportunity']);
    return (i: number) => applyTransition({ workflow: w, record: opportunity, transition: 'start_trial', actor: SALES, now: NOW + i }).type === 'applied';
  },
};

if (!measureIfChild(kinds)) {
  const self = fileURLToPath(import.meta.url);
  const medians = mediansInChildren(self, Object.keys(kinds));
  const available = medians.available as number;
  const steps = medians.step as number;
  report('transitions', [
    {
      benchmark: 'availableTransitions, standard trunk SQL (3 transitions, one guarded)',
      value: rounded(available),
      unit: `calls/s (median of ${ROUNDS}×${RUNS} runs)`,
      target: '',
    },
    {
      benchmark: 'applyTransition step, standard trunk opportunity → trial',
      value: rounded(steps),
      unit: `steps/s (median of ${ROUNDS}×${RUNS} runs)`,
      target: `≥ ${TARGET_STEPS}`,
      met: steps >= TARGET_STEPS,
    },
  ]);
}
