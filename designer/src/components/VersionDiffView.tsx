import { useTranslation } from 'react-i18next';
import type { WorkflowDefinition } from '@funnel/schemas';
import { diffDefinitions, type ElementDiff } from '../model/diff-definitions';
import { type DiffValue, diffPropertyLabel, diffValueText } from '../model/diff-value-text';
import { workflowPropertyLabel, workflowValueText } from '../model/diff-workflow-text';
import { localizedText } from '../model/localized-text';

export type Props = { before: WorkflowDefinition; after: WorkflowDefinition };

/** Two versions side by side: stages and transitions added, removed and changed (each changed property, old → new). */
export function VersionDiffView({ before, after }: Props) {
  const { t, i18n } = useTranslation();
  const diff = diffDefinitions(before, after);
  const nameIn = (definition: WorkflowDefinition, kind: 'stages' | 'transitions', key: string) =>
    localizedText(
      (definition[kind] as ReadonlyArray<{ key: string; name: WorkflowDefinition['name'] }>).find((element) => element.key === key)?.name,
      i18n.language,
    ) || key;
  const section = (kind: 'stages' | 'transitions', elements: ElementDiff) => {
    const changed = new Map(elements.changed.map((change) => [change.key, change.properties]));
    const beforeKeys = (before[kind] as ReadonlyArray<{ key: string }>).map((element) => element.key);
    const rows = [...beforeKeys, ...elements.added];
    return (
      <table className="diff-table" data-testid={`diff-${kind}`}>
        <caption>{t(`versions.${kind}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('versions.before')}</th>
            <th scope="col">{t('versions.after')}</th>
            <th scope="col">{t('versions.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((key) => {
            const kindOfChange = elements.added.includes(key)
              ? 'added'
              : elements.removed.includes(key)
                ? 'removed'
                : changed.has(key)
                  ? 'changed'
                  : 'unchanged';
            return (
              <tr key={key} className={`diff-${kindOfChange}`}>
                <td>{kindOfChange === 'added' ? '' : nameIn(before, kind, key)}</td>
                <td>{kindOfChange === 'removed' ? '' : nameIn(after, kind, key)}</td>
                <td>
                  {t(`versions.${kindOfChange}`)}
                  {changed.has(key) ? <ChangedValues kind={kind} elementKey={key} properties={changed.get(key) ?? []} before={before} after={after} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  };
  return (
    <div className="version-diff">
      <p data-testid="diff-summary">
        {t('versions.summary', {
          stagesAdded: diff.stages.added.length,
          stagesRemoved: diff.stages.removed.length,
          stagesChanged: diff.stages.changed.length,
          transitionsAdded: diff.transitions.added.length,
          transitionsRemoved: diff.transitions.removed.length,
          transitionsChanged: diff.transitions.changed.length,
        })}
      </p>
      {section('stages', diff.stages)}
      {section('transitions', diff.transitions)}
      {diff.properties.length > 0 ? <WorkflowChanges properties={diff.properties} before={before} after={after} /> : null}
    </div>
  );
}

type ChangedValuesProps = {
  kind: 'stages' | 'transitions';
  elementKey: string;
  properties: readonly string[];
  before: WorkflowDefinition;
  after: WorkflowDefinition;
};

/** Each changed property of one stage or transition: its label, the old value and the new one. */
function ChangedValues({ kind, elementKey, properties, before, after }: ChangedValuesProps) {
  const { t, i18n } = useTranslation();
  const element = (definition: WorkflowDefinition) =>
    (definition[kind] as ReadonlyArray<{ key: string }>).find((candidate) => candidate.key === elementKey) as Record<string, unknown> | undefined;
  const side = (definition: WorkflowDefinition, property: string) =>
    diffValueText({ kind, property, value: element(definition)?.[property], definition, t, locale: i18n.language });
  return (
    <ul className="diff-values" data-testid={`diff-values-${elementKey}`}>
      {properties.map((property) => (
        <li key={property}>
          {diffPropertyLabel({ kind, property, t }) ?? <code>{property}</code>}: <Value value={side(before, property)} /> →{' '}
          <Value value={side(after, property)} />
        </li>
      ))}
    </ul>
  );
}

/** Each changed workflow-wide property (name, first stage, fields, rules…): its label, the old value and the new one. */
function WorkflowChanges({ properties, before, after }: { properties: readonly string[]; before: WorkflowDefinition; after: WorkflowDefinition }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="diff-workflow-heading">
      <h4 id="diff-workflow-heading">{t('versions.workflowChanges')}</h4>
      <ul className="diff-values" data-testid="diff-workflow">
        {properties.map((property) => (
          <li key={property}>
            {workflowPropertyLabel({ property, t }) ?? <code>{property}</code>}:{' '}
            <Value value={workflowValueText({ property, definition: before, locale: i18n.language })} /> →{' '}
            <Value value={workflowValueText({ property, definition: after, locale: i18n.language })} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Value({ value }: { value: DiffValue }) {
  return value.raw ? <code className="diff-raw">{value.text}</code> : <strong>{value.text}</strong>;
}
