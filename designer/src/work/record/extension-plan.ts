import { compileDuration } from '@funnel/engine';
import type { WorkflowDefinition } from '@funnel/schemas';

/** What an extension of one armed timer would do: its deadline now and after, and how many extensions are left. */
export interface ExtensionPlan {
  dueAt: string;
  extendedDueAt: string;
  left: number;
  /** Extensions the definition allows per record. */
  max: number;
}

/**
 * The extension the definition's policy gives a timer (its length added to the deadline, as the engine adds it
 * when a manager approves), or null when the timer cannot be extended.
 * @example extensionPlan({ definition: standardTrunk, timer: { key: 'one_week_rule', stage: 'sql', dueAt: '2026-12-08T09:00:00.000Z', extensions: 0 } }) // → { extendedDueAt: '2026-12-15T09:00:00.000Z', left: 2, … }
 */
export function extensionPlan({
  definition,
  timer,
}: {
  definition: WorkflowDefinition;
  timer: { key: string; stage: string; dueAt: string; extensions: number };
}): ExtensionPlan | null {
  const spec = definition.stages.find((stage) => stage.key === timer.stage)?.timers?.find((candidate) => candidate.key === timer.key);
  const policy = spec?.extension;
  if (!policy) return null;
  const extendedDueAt = new Date(compileDuration(policy.length).addTo(Date.parse(timer.dueAt))).toISOString();
  return { dueAt: timer.dueAt, extendedDueAt, left: Math.max(0, policy.maxPerRecord - timer.extensions), max: policy.maxPerRecord };
}
