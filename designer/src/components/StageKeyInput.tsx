import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KEY_PATTERN, type Stage, type WorkflowDefinition } from '@funnel/schemas';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = { stage: Stage; definition: WorkflowDefinition };

const KEY = new RegExp(KEY_PATTERN);

/**
 * The stage's key, renamed when the person presses Enter or leaves the box: every reference to it in the definition
 * follows (model/rename-stage-key.ts). A key that is not a key, or that another stage has, is said and not applied.
 */
export function StageKeyInput({ stage, definition }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const updateStage = useWorkflowStore((state) => state.updateStage);
  const [text, setText] = useState(stage.key);
  const wanted = text.trim();
  const problem =
    wanted === stage.key
      ? null
      : !KEY.test(wanted)
        ? t('stage.keyInvalid')
        : definition.stages.some((other) => other.key === wanted)
          ? t('stage.keyTaken', { key: wanted })
          : null;
  const apply = () => {
    if (wanted !== stage.key && problem === null) updateStage(stage.key, { ...stage, key: wanted });
  };
  return (
    <div className="form-field">
      <label htmlFor={id}>{t('stage.key')}</label>
      <input
        id={id}
        value={text}
        data-testid="stage-key"
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => event.key === 'Enter' && apply()}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
      />
      <small id={`${id}-hint`} className="hint">
        {t('stage.keyHint')}
      </small>
      {problem ? (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
