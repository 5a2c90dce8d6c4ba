import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import { useModalKeys } from '../shared/useModalKeys';
import type { MoveOption } from './useCardMoves';

export interface Props {
  name: string;
  stage: string;
  options: readonly MoveOption[];
  onChoose: (transition: string) => void;
  onCancel: () => void;
}

/**
 * Asks which move to run when several lead to the stage a card was dropped on: focus starts on the first move, Tab stays
 * inside, Escape cancels and focus goes back to where it was (useModalKeys).
 */
export function MoveChoice({ name, stage, options, onChoose, onCancel }: Props) {
  const { t, i18n } = useTranslation('board');
  const titleId = useId();
  const first = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const onKeyDown = useModalKeys({ dialog, initial: first, onClose: onCancel });
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog move-choice"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={dialog}
        onKeyDown={onKeyDown}
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
