import type { WorkflowDefinition } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import type { DefinitionNames } from './definition-names';
import type { RecordView } from './record-query';
import { stagePath } from './stage-path';

export type Props = {
  record: RecordView;
  definition: WorkflowDefinition;
  names: DefinitionNames;
};

/**
 * Every stage of the record's workflow in order, grouped by phase: where the record is now and where it may go
 * next; then its stage's guidance and key fields.
 */
export function StagePath({ record, definition, names }: Props) {
  const { t } = useTranslation('record');
  const { t: common } = useTranslation();
  const next = new Set(record.availableTransitions.filter((option) => option.available).map((option) => option.to));
  const stateOf = (stage: string) => (stage === record.stage ? 'now' : next.has(stage) ? 'next' : null);
  return (
    <section className="record-card" aria-labelledby="stage-path-title">
      <h2 id="stage-path-title">{t('path.title')}</h2>
      <ol className="stage-path" data-testid="stage-path">
        {stagePath(definition).map(({ phase, stages }) => (
          <li key={phase} className="stage-path-phase">
            <span className="stage-path-phase-name">{common(`phase.${phase}`)}</span>
            <ol>
              {stages.map((stage) => {
                const state = stateOf(stage);
                return (
                  <li key={stage} className={`stage-path-stage ${state ?? ''}`} aria-current={state === 'now' ? 'step' : undefined} data-stage={stage}>
                    {names.stage(stage)}
                    {state ? <span className="stage-path-state">{t(`path.${state}`)}</span> : null}
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
      <Guidance record={record} definition={definition} names={names} />
    </section>
  );
}

/** The current stage's guidance text in the person's language and its key fields, each said filled or missing. */
function Guidance({ record, definition, names }: Props) {
  const { t, i18n } = useTranslation('record');
  const text = definition.stages.find((stage) => stage.key === record.stage)?.guidance?.text;
  if (!record.guidance || !text) return <p className="record-guidance-none">{t('guidance.none', { stage: names.stage(record.stage) })}</p>;
  return (
    <div className="record-guidance" data-testid="guidance">
      <h3>{t('guidance.title', { stage: names.stage(record.stage) })}</h3>
      <p>{localizedText(text, i18n.language)}</p>
      {record.guidance.keyFields.length > 0 ? (
        <>
          <h4>{t('guidance.keyFields')}</h4>
          <ul className="record-key-fields">
            {record.guidance.keyFields.map(({ field, filled }) => (
              <li key={field} className={filled ? 'filled' : 'missing'}>
                {t(filled ? 'guidance.filled' : 'guidance.missing', { field: names.field(field) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
