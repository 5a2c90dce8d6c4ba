import type { CompiledStage } from './compiled-workflow';
import { guardData } from './guard-data';
import type { Blocker, FunnelRecord, Instant } from './record';
import { truthy } from './truthy';

/**
 * The stage's guard as a blocker when it does not hold for the record (created into the stage, or changed in it).
 * With `before`, only when it held for `before`: a change may not break it, but need not mend a record that already
 * broke it (migrated into the stage, or stored before the guard).
 * @example stageGuardBlockers({ stage: workflow.stage('lead')!, record, now }) // → [{ type: 'guard', message: { en: 'A lead needs a phone or an email' } }]
 */
export function stageGuardBlockers(args: { stage: CompiledStage; record: FunnelRecord; now: Instant; before?: FunnelRecord }): Blocker[] {
  const guard = args.stage.guard;
  if (!guard || truthy(guard.evaluate(guardData(args.record, args.now, args.stage.scoring)))) return [];
  if (args.before && !truthy(guard.evaluate(guardData(args.before, args.now, args.stage.scoring)))) return [];
  return [{ type: 'guard', message: guard.message }];
}
