import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText, Stage, StageGuidance } from '@funnel/schemas';
import { stageGuidance } from '../model/stage-guidance';
import { CheckboxList } from './CheckboxList';
import { LocalizedTextInput } from './LocalizedTextInput';

export type Props = { stage: Stage; fieldKeys: readonly string[]; onChange: (guidance: StageGuidance | undefined) => void };

/**
 * What a salesperson should do in the stage, in each language, and the fields that matter most there. The text is
 * kept as typed while its English is empty (the definition then holds no guidance).
 */
export function GuidanceEditor({ stage, fieldKeys, onChange }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState<LocalizedText>(stage.guidance?.text ?? { en: '' });
  const [keyFields, setKeyFields] = useState<string[] | undefined>(stage.guidance?.keyFields);
  return (
    <fieldset className="guidance-editor" data-testid="guidance-editor">
      <legend>{t('guidance.title')}</legend>
      <p className="hint">{t('guidance.explain')}</p>
      <LocalizedTextInput
        long
        label={t('guidance.text')}
        value={typed}
        testId="guidance-text"
        onChange={(text) => {
          setTyped(text);
          onChange(stageGuidance({ text, keyFields }));
        }}
      />
      <CheckboxList
        legend={t('guidance.keyFields')}
        options={fieldKeys.map((key) => ({ value: key, label: key }))}
        value={keyFields}
        testId="guidance-key-fields"
        onChange={(next) => {
          setKeyFields(next);
          onChange(stageGuidance({ text: typed, keyFields: next }));
        }}
      />
    </fieldset>
  );
}
