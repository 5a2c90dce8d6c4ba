import type { Reason, WorkflowDefinition } from '@funnel/schemas';

/**
 * The reasons a record in `stage` may be released to the pool with: those of the transition a release takes (the
 * first from the stage into a pool stage, as the engine's releaseRecord picks it), else every reason the
 * definition allows for entering that pool stage. Empty when the stage has no way to a pool.
 * @example releaseReasons(standardTrunk, 'sql').map((reason) => reason.key) // → ['no_need', 'unreachable', …]
 */
export function releaseReasons(definition: WorkflowDefinition, stage: string): Reason[] {
  const isPool = (key: string) => definition.stages.some((candidate) => candidate.key === key && candidate.pool !== undefined);
  const release = definition.transitions.find((transition) => transition.from.includes(stage) && isPool(transition.to));
  if (!release) return [];
  if (release.reason) return release.reason.options;
  const intoPool = definition.transitions.filter((transition) => transition.to === release.to).flatMap((transition) => transition.reason?.options ?? []);
  return intoPool.filter((reason, index) => intoPool.findIndex((other) => other.key === reason.key) === index);
}
