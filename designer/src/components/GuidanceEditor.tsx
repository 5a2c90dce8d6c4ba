import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText, Stage, StageGuidance } from '@funnel/schemas';
import { stageGuidance } from '../model/stage-guidance';
import { CheckboxList } from './CheckboxList';
import { LocalizedTextInput } from './LocalizedTextInput';

export type Props = { stage: Stage; fieldKeys: readonly string[]; onChange: (guidance: StageGuidance | undefined) => void };

/**
 * What a salesperson should do in the stage, in each language, and the fields that matter most there. While the
 * English is empty the definition holds no guidance, and the form keeps what was typed until it has one.
 */
export function GuidanceEditor({ stage, fieldKeys, onChange }: Props) {
  const { t } = useTranslation();
  // What was typed while there is no guidance yet (no English); the definition's guidance, once there is one, so an
  // undo shows in the form.
  const [pendingText, setPendingText] = useState<LocalizedText>({ en: '' });
  const [pendingKeyFields, setPendingKeyFields] = useState<string[] | undefined>(undefined);
  const typed = stage.guidance?.text ?? (pendingText.en.trim() === '' ? pendingText : { en: '' });
  const keyFields = stage.guidance ? stage.guidance.keyFields : pendingKeyFields;
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
          setPendingText(text);
          onChange(stageGuidance({ text, keyFields }));
        }}
      />
      <CheckboxList
        legend={t('guidance.keyFields')}
        options={fieldKeys.map((key) => ({ value: key, label: key }))}
        value={keyFields}
        testId="guidance-key-fields"
        onChange={(next) => {
          setPendingKeyFields(next);
          onChange(stageGuidance({ text: typed, keyFields: next }));
        }}
      />
    </fieldset>
  );
}
