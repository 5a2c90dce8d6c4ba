import { escapePointer } from '@funnel/schemas';
import { applyTransition, type Actor, type Blocker, type CompiledWorkflow, type Decision, type FunnelRecord, type Instant, type TransitionInput } from '@funnel/engine';

/**
 * `applyTransition` reading the input's fields as `updateRecord` does: a field set to `null` is cleared. The
 * engine is asked with the record without those fields (so its required-field checks and guards see them
 * absent) and the other fields as input; clearing a field the field schema requires is refused at its pointer,
 * together with every other blocker.
 * @example transitionRecord({ workflow, record, transition: 'qualify', actor, now, input: { fields: { phone: null } } })
 *   // → { type: 'applied', record: { fields: { name, email } }, … }
 */
export function transitionRecord(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  transition: string;
  actor: Actor;
  now: Instant;
  input: TransitionInput;
}): Decision {
  const { workflow, record, input } = args;
  const cleared = Object.keys(input.fields ?? {}).filter((name) => input.fields?.[name] === null);
  if (cleared.length === 0) return applyTransition(args);
  const kept = { ...record.fields };
  const set = { ...input.fields };
  for (const name of cleared) {
    delete kept[name];
    delete set[name];
  }
  const decision = applyTransition({ ...args, record: { ...record, fields: kept }, input: { ...input, fields: set } });
  const requiredClear = workflow
    .validateFields({ ...kept, ...set })
    .filter((d) => cleared.some((name) => d.pointer === `/${escapePointer(name)}`))
    .map((d): Blocker => ({ type: 'invalid_field', pointer: `/fields${d.pointer}`, message: `${d.message}: it cannot be cleared` }));
  if (requiredClear.length === 0 || decision.type === 'not_found') return decision;
  if (decision.type === 'refused') return { type: 'refused', blockers: [...decision.blockers, ...requiredClear] };
  return { type: 'refused', blockers: requiredClear };
}
