import type { LocalizedText, WorkflowDefinition } from '@funnel/schemas';
import type { Translate } from './blocker-text';
import type { DiffValue } from './diff-value-text';
import { localizedText } from './localized-text';

/** The label of each workflow-wide property a version diff may name (message keys of the workflow panel). */
const WORKFLOW_PROPERTY_LABELS: Record<string, string> = {
  name: 'workflow.name',
  initialStage: 'workflow.initialStage',
  currency: 'workflow.currency',
  rules: 'workflow.rules',
  assignment: 'workflow.assignment',
  fields: 'fields.title',
  scoring: 'scoring.title',
  pipelines: 'pipeline.title',
};

/**
 * A changed workflow-wide property's label in the user's language (null when the designer has none: the diff shows its key).
 * @example workflowPropertyLabel({ property: 'initialStage', t }) // → 'Records start in'
 */
export function workflowPropertyLabel({ property, t }: { property: string; t: Translate }): string | null {
  const key = WORKFLOW_PROPERTY_LABELS[property];
  return key ? t(key) : null;
}

/**
 * One side of a changed workflow-wide property: the name in the locale, the first stage by its name in that
 * version, the currency's code; anything else (fields, rules, pipelines, scoring…) as JSON. Absent is a dash.
 * @example workflowValueText({ property: 'initialStage', definition, locale: 'en' }) // → { text: 'Lead', raw: false }
 */
export function workflowValueText({ property, definition, locale }: { property: string; definition: WorkflowDefinition; locale: string }): DiffValue {
  const value = (definition as unknown as Record<string, unknown>)[property];
  if (value === undefined) return { text: '—', raw: false };
  switch (property) {
    case 'name':
      return { text: localizedText(value as LocalizedText, locale), raw: false };
    case 'initialStage':
      return { text: localizedText(definition.stages.find((stage) => stage.key === value)?.name, locale) || String(value), raw: false };
    case 'currency':
      return { text: String(value), raw: true };
    default:
      return { text: JSON.stringify(value), raw: true };
  }
}
