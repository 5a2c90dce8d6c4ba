import type { WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from './localized-text';

/** Names of a definition's parts in one language; each falls back to the key when the definition gives none. */
export interface DefinitionNames {
  stage: (key: string) => string;
  transition: (key: string) => string;
  /** A timer by its stage and key (timer keys are unique within a stage only). */
  timer: (input: { stage: string; key: string }) => string;
  /** A reason of a transition by its key. */
  reason: (input: { transition: string; key: string }) => string;
}

/**
 * Names of stages, transitions, timers and reasons in the user's language, as a person reads them instead of keys.
 * @example definitionNames({ definition, locale: 'zh-Hans' }).timer({ stage: 'sql', key: 'one_week_rule' }) // → '一周规则'
 */
export function definitionNames({ definition, locale }: { definition: WorkflowDefinition; locale: string }): DefinitionNames {
  const stageOf = (key: string) => definition.stages.find((stage) => stage.key === key);
  const transitionOf = (key: string) => definition.transitions.find((transition) => transition.key === key);
  return {
    stage: (key) => localizedText(stageOf(key)?.name, locale) || key,
    transition: (key) => localizedText(transitionOf(key)?.name, locale) || key,
    timer: ({ stage, key }) => localizedText(stageOf(stage)?.timers?.find((timer) => timer.key === key)?.name, locale) || key,
    reason: ({ transition, key }) => localizedText(transitionOf(transition)?.reason?.options.find((option) => option.key === key)?.name, locale) || key,
  };
}
