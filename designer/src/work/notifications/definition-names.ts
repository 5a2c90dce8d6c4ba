import type { WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../../model/localized-text';

/** Names of a published definition's parts in one locale; a key the definition lacks is shown as it is. */
export interface DefinitionNames {
  stage: (key: string) => string;
  transition: (key: string) => string;
  timer: (key: string) => string;
  /** Why a record is in a pool: a reason option, or the timer, rule or cadence that sent it there. */
  reason: (key: string) => string;
  /** Whether a timer's action takes the record to a pool stage (the one-week rule: back to the pool). */
  timerRecycles: (key: string) => boolean;
}

function timers(definition: WorkflowDefinition) {
  return definition.stages.flatMap((stage) => stage.timers ?? []);
}

function reasonName(definition: WorkflowDefinition, key: string, locale: string): string | undefined {
  const option = definition.transitions.flatMap((transition) => transition.reason?.options ?? []).find((candidate) => candidate.key === key);
  if (option) return localizedText(option.name, locale);
  const timer = timers(definition).find((candidate) => candidate.key === key);
  if (timer?.name) return localizedText(timer.name, locale);
  const rule = definition.rules?.find((candidate) => candidate.key === key);
  if (rule) return localizedText(rule.name, locale);
  const cadence = definition.stages.flatMap((stage) => stage.pool?.nurture ?? []).find((candidate) => candidate.key === key);
  return cadence?.name ? localizedText(cadence.name, locale) : undefined;
}

/**
 * The names a screen shows for a definition's keys, in the person's language (null definition: the keys).
 * @example definitionNames(trunk, 'zh-Hans').stage('sql') // → '销售认可线索 (SQL)'
 */
export function definitionNames(definition: WorkflowDefinition | null, locale: string): DefinitionNames {
  const stageNamed = (key: string) => definition?.stages.find((stage) => stage.key === key);
  const transitionNamed = (key: string) => definition?.transitions.find((transition) => transition.key === key);
  return {
    stage: (key) => localizedText(stageNamed(key)?.name, locale) || key,
    transition: (key) => localizedText(transitionNamed(key)?.name, locale) || key,
    timer: (key) => {
      const timer = definition ? timers(definition).find((candidate) => candidate.key === key) : undefined;
      return localizedText(timer?.name, locale) || key;
    },
    reason: (key) => (definition ? reasonName(definition, key, locale) : undefined) ?? key,
    timerRecycles: (key) => {
      const timer = definition ? timers(definition).find((candidate) => candidate.key === key) : undefined;
      const to = timer ? transitionNamed(timer.action.transition)?.to : undefined;
      return to !== undefined && stageNamed(to)?.pool !== undefined;
    },
  };
}
