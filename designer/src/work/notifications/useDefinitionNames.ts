import { useTranslation } from 'react-i18next';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { type DefinitionNames, definitionNames } from './definition-names';

/**
 * The names of a workflow version's stages, transitions, timers and reasons in the person's language; the keys
 * themselves while the definition loads or when it cannot be read.
 * @example const names = useDefinitionNames(record.workflowKey, record.workflowVersion); names.stage('sql')
 */
export function useDefinitionNames(workflowKey: string, version: number): DefinitionNames {
  const { i18n } = useTranslation();
  const definition = useWorkflowDefinition(workflowKey, version);
  return definitionNames(definition.status === 'done' ? definition.data : null, i18n.language);
}
