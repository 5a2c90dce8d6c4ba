import type { WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../../model/localized-text';

/** The names a definition gives its stages, transitions, reasons, timers and fields, in one locale; keys it lacks stay keys. */
export interface DefinitionNames {
  stage: (key: string) => string;
  transition: (key: string) => string;
  /** A reason's name: as `transition` names it when given, else as the pool stages' transitions do, else any. */
  reason: (key: string, transition?: string | null) => string;
  timer: (key: string) => string;
  field: (key: string) => string;
}

/**
 * Names for the keys a record and its history carry, as the person reads them.
 * @example definitionNames(standardTrunk, 'zh-Hans').stage('sql') // → '销售认可线索 (SQL)'
 */
export function definitionNames(definition: WorkflowDefinition, locale: string): DefinitionNames {
  const text = (name: Parameters<typeof localizedText>[0], key: string) => localizedText(name, locale) || key;
  return {
    stage: (key) => text(definition.stages.find((stage) => stage.key === key)?.name, key),
    transition: (key) => text(definition.transitions.find((transition) => transition.key === key)?.name, key),
    reason: (key, transition) => {
      const pools = new Set(definition.stages.filter((stage) => stage.pool).map((stage) => stage.key));
      const ranked = [
        ...definition.transitions.filter((candidate) => candidate.key === transition),
        ...definition.transitions.filter((candidate) => pools.has(candidate.to)),
        ...definition.transitions,
      ];
      const options = ranked.flatMap((candidate) => candidate.reason?.options ?? []);
      return text(options.find((option) => option.key === key)?.name, key);
    },
    timer: (key) => text(definition.stages.flatMap((stage) => stage.timers ?? []).find((timer) => timer.key === key)?.name, key),
    field: (key) => text(definition.fields.properties[key]?.title, key),
  };
}
