import { useTranslation } from 'react-i18next';
import type { Assignment, AssignmentRule, WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { uniqueKey } from '../model/unique-key';
import { AssignmentRuleEditor } from './AssignmentRuleEditor';
import { CheckboxList } from './CheckboxList';
import { NumberInput } from './NumberInput';

export type Props = { definition: WorkflowDefinition; fieldNames: readonly string[]; onChange: (assignment: Assignment | undefined) => void };

/** A new rule's routing: the sales team in turn (as the standard trunk routes its leads). */
const NEW_RULE_TARGET = { team: { role: 'sales' as const }, strategy: 'round_robin' as const };
/** The cap a new capacity limit starts from (Odoo's default is in this range for a salesperson's open leads). */
const DEFAULT_CAPACITY = 20;
const MAX_CAPACITY = 100_000;

/**
 * The workflow's assignment rules as a form, in order (the first that applies to a record without an owner routes
 * it), and the cap of open records per owner with the stages it counts. No rule left means no assignment section.
 */
export function AssignmentEditor({ definition, fieldNames, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const assignment = definition.assignment;
  const rules = assignment?.rules ?? [];
  const setRules = (next: AssignmentRule[]) => onChange(next.length === 0 ? undefined : { ...assignment, rules: next });
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    setRules(next);
  };
  const openStages = definition.stages.filter((stage) => stage.outcome === undefined);
  return (
    <section className="assignment-editor" aria-labelledby="assignment-heading" data-testid="assignment-editor">
      <h3 id="assignment-heading">{t('workflow.assignment')}</h3>
      <p className="hint">{rules.length === 0 ? t('workflow.noAssignment') : t('assignment.explain')}</p>
      {rules.map((rule, index) => (
        <AssignmentRuleEditor
          key={rule.key}
          rule={rule}
          position={{ index, count: rules.length }}
          fieldNames={fieldNames}
          onChange={(next) => setRules(rules.map((old, i) => (i === index ? next : old)))}
          onMove={(by) => move(index, by)}
          onRemove={() => setRules(rules.filter((_, i) => i !== index))}
        />
      ))}
      <button
        type="button"
        data-testid="assignment-add-rule"
        onClick={() =>
          setRules([
            ...rules,
            {
              key: uniqueKey('assignment_rule', new Set(rules.map((rule) => rule.key))),
              name: {
                en: t('assignment.newRule', { lng: 'en' }),
                'zh-Hans': t('assignment.newRule', { lng: 'zh-Hans' }),
                'zh-Hant': t('assignment.newRule', { lng: 'zh-Hant' }),
              },
              target: NEW_RULE_TARGET,
            },
          ])
        }
      >
        {t('assignment.addRule')}
      </button>
      {assignment ? (
        <fieldset className="assignment-capacity">
          <legend>{t('assignment.capacity')}</legend>
          <label className="check">
            <input
              type="checkbox"
              data-testid="assignment-capacity"
              checked={assignment.capacity !== undefined}
              onChange={(event) => {
                const { capacity: _old, ...rest } = assignment;
                onChange(event.target.checked ? { ...rest, capacity: { max: DEFAULT_CAPACITY } } : rest);
              }}
            />
            {t('assignment.capacityOn')}
          </label>
          {assignment.capacity ? (
            <>
              <NumberInput
                label={t('assignment.capacityMax')}
                value={assignment.capacity.max}
                min={1}
                max={MAX_CAPACITY}
                testId="assignment-capacity-max"
                onChange={(max) => assignment.capacity && onChange({ ...assignment, capacity: { ...assignment.capacity, max: max ?? 1 } })}
              />
              <CheckboxList
                legend={t('assignment.capacityStages')}
                options={openStages.map((stage) => ({ value: stage.key, label: localizedText(stage.name, i18n.language) }))}
                value={assignment.capacity.stages}
                testId="assignment-capacity-stages"
                onChange={(stages) => {
                  if (!assignment.capacity) return;
                  const { stages: _old, ...capacity } = assignment.capacity;
                  onChange({ ...assignment, capacity: stages ? { ...capacity, stages } : capacity });
                }}
              />
            </>
          ) : null}
        </fieldset>
      ) : null}
    </section>
  );
}
