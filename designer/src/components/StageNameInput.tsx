import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stage } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { focusStage } from '../store/useRevealStage';

export type Props = { stage: Stage };

/**
 * A stage's name typed on the canvas, in the user's language: Enter or leaving the box keeps it, Escape gives up;
 * an empty name is not kept. Transitions still called by their default name follow (model/default-transition-name.ts).
 */
export function StageNameInput({ stage }: Props) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(() => localizedText(stage.name, i18n.language));
  const finish = (keep: boolean) => {
    const store = useWorkflowStore.getState();
    if (store.canvasMode?.kind !== 'rename') return;
    store.setCanvasMode(null);
    const name = text.trim();
    const locale = i18n.language === 'zh-Hans' || i18n.language === 'zh-Hant' ? i18n.language : 'en';
    if (keep && name !== '' && name !== localizedText(stage.name, i18n.language))
      store.updateStage(stage.key, { ...stage, name: { ...stage.name, [locale]: name } });
    focusStage(stage.key);
  };
  return (
    <input
      className="stage-name-input nodrag"
      aria-label={t('canvas.renameStage')}
      data-testid={`rename-${stage.key}`}
      value={text}
      // biome-ignore lint/a11y/noAutofocus: the person asked to rename this stage (F2, a double click or the pad): typing goes here.
      autoFocus
      onFocus={(event) => event.target.select()}
      onChange={(event) => setText(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') finish(true);
        else if (event.key === 'Escape') finish(false);
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    />
  );
}
