import { useTranslation } from 'react-i18next';
import type { Rule, WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { uniqueKey } from '../model/unique-key';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { AssignmentEditor } from './AssignmentEditor';
import { ConditionBuilder } from './ConditionBuilder';
import { FieldSchemaEditor } from './FieldSchemaEditor';
import { LocalizedTextInput } from './LocalizedTextInput';
import { PipelinesEditor } from './PipelinesEditor';
import { ProbabilityPolicyEditor } from './ProbabilityPolicyEditor';
import { ScoringEditor } from './ScoringEditor';
import { SelectInput } from './SelectInput';

export type Props = { definition: WorkflowDefinition; fieldNames: readonly string[] };

/** With nothing selected, the side panel edits the workflow: name, first stage, currency, field schema, rules, assignment rules, pipelines, scoring and the probability policy. */
export function WorkflowPanel({ definition, fieldNames }: Props) {
  const { t, i18n } = useTranslation();
  const replace = useWorkflowStore((state) => state.replaceDefinition);
  const updateFields = useWorkflowStore((state) => state.updateFields);
  const setRules = (rules: Rule[]) => {
    const { rules: _rules, ...rest } = definition;
    replace(rules.length === 0 ? rest : { ...rest, rules });
  };
  const rules = definition.rules ?? [];
  /** The definition with one optional section replaced, or left out when the form says there is none. */
  const setSection = <K extends 'pipelines' | 'assignment' | 'scoring' | 'probabilities'>(key: K, value: WorkflowDefinition[K]) => {
    const rest = { ...definition };
    delete rest[key];
    replace(value === undefined ? rest : { ...rest, [key]: value });
  };
  return (
    <section className="side-panel-body" aria-labelledby="workflow-panel-heading" data-testid="workflow-panel">
      <h2 id="workflow-panel-heading">{t('workflow.title')}</h2>
      <LocalizedTextInput label={t('workflow.name')} value={definition.name} onChange={(name) => replace({ ...definition, name })} />
      <SelectInput
        label={t('workflow.initialStage')}
        value={definition.initialStage}
        options={definition.stages.map((stage) => ({ value: stage.key, label: localizedText(stage.name, i18n.language) }))}
        onChange={(initialStage) => replace({ ...definition, initialStage })}
      />
      <div className="row">
        <label htmlFor="workflow-currency">{t('workflow.currency')}</label>
        <input
          id="workflow-currency"
          value={definition.currency ?? ''}
          maxLength={3}
          onChange={(event) => replace({ ...definition, currency: event.target.value.toUpperCase() || undefined })}
        />
      </div>
      <FieldSchemaEditor fields={definition.fields} onChange={updateFields} />
      <h3>{t('workflow.rules')}</h3>
      {rules.map((rule, index) => (
        <fieldset key={rule.key} className="rule">
          <legend>
            <code>{rule.key}</code>
          </legend>
          <LocalizedTextInput
            label={t('workflow.ruleName')}
            value={rule.name}
            onChange={(name) => setRules(rules.map((r, i) => (i === index ? { ...r, name } : r)))}
          />
          <SelectInput
            label={t('workflow.ruleFires')}
            value={rule.fire}
            options={definition.transitions.map((transition) => ({ value: transition.key, label: localizedText(transition.name, i18n.language) }))}
            onChange={(fire) => setRules(rules.map((r, i) => (i === index ? { ...r, fire } : r)))}
          />
          <ConditionBuilder
            label={t('workflow.ruleWhen')}
            value={rule.when}
            fieldNames={fieldNames}
            testId={`rule-${rule.key}`}
            onChange={(when) => setRules(rules.map((r, i) => (i === index ? { ...r, when: when ?? true } : r)))}
          />
          <button type="button" onClick={() => setRules(rules.filter((_, i) => i !== index))}>
            {t('workflow.removeRule')}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        disabled={definition.transitions.length === 0}
        onClick={() =>
          setRules([
            ...rules,
            {
              key: uniqueKey('rule', new Set(rules.map((r) => r.key))),
              name: { en: 'New rule' },
              when: { '>=': [{ var: 'counters.unansweredCalls' }, 3] },
              fire: definition.transitions[0]?.key ?? '',
            },
          ])
        }
      >
        {t('workflow.addRule')}
      </button>
      <AssignmentEditor definition={definition} fieldNames={fieldNames} onChange={(assignment) => setSection('assignment', assignment)} />
      <PipelinesEditor definition={definition} onChange={(pipelines) => setSection('pipelines', pipelines)} />
      <ScoringEditor scoring={definition.scoring} fieldNames={fieldNames} onChange={(scoring) => setSection('scoring', scoring)} />
      <ProbabilityPolicyEditor policy={definition.probabilities} onChange={(probabilities) => setSection('probabilities', probabilities)} />
    </section>
  );
}
