import { useTranslation } from 'react-i18next';
import { MAX_PROBABILITY, type LocalizedText, type Pipeline, type WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { withStageProbability } from '../model/pipeline-probability';
import { uniqueKey } from '../model/unique-key';
import { LocalizedTextInput } from './LocalizedTextInput';
import { NumberInput } from './NumberInput';
import { SelectInput } from './SelectInput';

export type Props = { definition: WorkflowDefinition; onChange: (pipelines: Pipeline[] | undefined) => void };

/**
 * The workflow's pipelines (named ways into the funnel), each with its first stage and, where its records win more or
 * less often than a stage says, its own probability for that stage (empty: the stage's own). None left means none.
 */
export function PipelinesEditor({ definition, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const pipelines = definition.pipelines ?? [];
  const set = (next: Pipeline[]) => onChange(next.length === 0 ? undefined : next);
  const openStages = definition.stages.filter((stage) => stage.outcome === undefined);
  const newName: LocalizedText = {
    en: t('pipeline.newName', { lng: 'en' }),
    'zh-Hans': t('pipeline.newName', { lng: 'zh-Hans' }),
    'zh-Hant': t('pipeline.newName', { lng: 'zh-Hant' }),
  };
  return (
    <section className="pipelines-editor" aria-labelledby="pipelines-heading" data-testid="pipelines-editor">
      <h3 id="pipelines-heading">{t('pipeline.title')}</h3>
      <p className="hint">{pipelines.length === 0 ? t('pipeline.none') : t('pipeline.explain')}</p>
      {pipelines.map((pipeline, index) => {
        const update = (next: Pipeline) => set(pipelines.map((old, i) => (i === index ? next : old)));
        return (
          <fieldset key={pipeline.key} className="pipeline" data-testid={`pipeline-${pipeline.key}`}>
            <legend>
              <code>{pipeline.key}</code>
            </legend>
            <LocalizedTextInput label={t('pipeline.name')} value={pipeline.name} onChange={(name) => update({ ...pipeline, name })} />
            <SelectInput
              label={t('pipeline.entryStage')}
              value={pipeline.entryStage}
              options={openStages.map((stage) => ({ value: stage.key, label: localizedText(stage.name, i18n.language) }))}
              onChange={(entryStage) => update({ ...pipeline, entryStage })}
            />
            <fieldset>
              <legend>{t('pipeline.probabilities')}</legend>
              {openStages.map((stage) => (
                <NumberInput
                  key={stage.key}
                  label={t('pipeline.stageProbability', { stage: localizedText(stage.name, i18n.language), own: stage.probability })}
                  value={pipeline.probabilities?.[stage.key]}
                  min={0}
                  max={MAX_PROBABILITY}
                  testId={`pipeline-${pipeline.key}-probability-${stage.key}`}
                  onChange={(probability) => update(withStageProbability({ pipeline, stage: stage.key, probability }))}
                />
              ))}
            </fieldset>
            <button type="button" onClick={() => set(pipelines.filter((_, i) => i !== index))}>
              {t('pipeline.remove')}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        data-testid="pipeline-add"
        onClick={() =>
          set([...pipelines, { key: uniqueKey('pipeline', new Set(pipelines.map((each) => each.key))), name: newName, entryStage: definition.initialStage }])
        }
      >
        {t('pipeline.add')}
      </button>
    </section>
  );
}
