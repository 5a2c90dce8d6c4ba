import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransitionOption } from '@funnel/engine';
import { blockerText } from '../model/blocker-text';
import type { DefinitionNames } from '../model/definition-names';
import { localizedText } from '../model/localized-text';

export type Props = {
  option: TransitionOption;
  names: DefinitionNames;
  reason: string;
  onReasonChange: (reason: string) => void;
  onTake: () => void;
  /** Why its guards refuse the record, clause by clause (when they do). */
  why: ReactNode;
};

/** One transition from the record's stage: open or closed (with why), its reason when it takes one, and a button to take it. */
export function SimulatorOption({ option, names, reason, onReasonChange, onTake, why }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <div className={`option ${option.available ? 'open' : 'closed'}`} data-testid={`sim-option-${option.transition}`}>
      <strong>{localizedText(option.name, i18n.language)}</strong> → {names.stage(option.to)} — {option.available ? t('simulator.open') : t('simulator.closed')}
      {option.reason ? (
        <select aria-label={t('simulator.reason')} value={reason} onChange={(event) => onReasonChange(event.target.value)}>
          <option value="">{option.reason.required ? t('simulator.reasonRequired') : t('simulator.noReason')}</option>
          {option.reason.options.map((key) => (
            <option key={key} value={key}>
              {names.reason({ transition: option.transition, key })}
            </option>
          ))}
        </select>
      ) : null}
      <button type="button" disabled={!option.available} onClick={onTake} data-testid={`sim-step-${option.transition}`}>
        {t('simulator.take')}
      </button>
      {option.blockers.length > 0 ? (
        <ul className="reasons">
          {option.blockers.map((blocker, index) => (
            <li key={index}>{blockerText({ blocker, t, locale: i18n.language })}</li>
          ))}
        </ul>
      ) : null}
      {why}
    </div>
  );
}
