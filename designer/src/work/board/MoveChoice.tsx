import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import type { MoveOption } from './useCardMoves';

export interface Props {
  name: string;
  stage: string;
  options: readonly MoveOption[];
  onChoose: (transition: string) => void;
  onCancel: () => void;
}

/** Asks which move to run when several lead to the stage a card was dropped on; Escape cancels. */
export function MoveChoice({ name, stage, options, onChoose, onCancel }: Props) {
  const { t, i18n } = useTranslation('board');
  const titleId = useId();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog move-choice"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(event) => event.key === 'Escape' && onCancel()}
        data-testid="move-choice"
      >
        <h2 id={titleId}>{t('drop.chooseTitle', { name, stage })}</h2>
        <p>{t('drop.choose')}</p>
        <ul>
          {options.map((option, index) => (
            <li key={option.transition}>
              <button type="button" ref={index === 0 ? first : undefined} onClick={() => onChoose(option.transition)}>
                {localizedText(option.name, i18n.language) || option.transition}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={onCancel}>
          {t('drop.cancel')}
        </button>
      </div>
    </div>
  );
}
