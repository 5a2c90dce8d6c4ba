import type { Blocker } from '@funnel/engine';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { blockerText } from '../../model/blocker-text';
import { TransitionDialog } from '../transition/TransitionDialog';
import { ApprovalForm } from './ApprovalForm';
import type { DefinitionNames } from './definition-names';
import type { RecordView } from './record-query';

export type Props = {
  record: RecordView;
  names: DefinitionNames;
  onChanged: (message: string) => void;
  onReload: () => void;
};

type Option = RecordView['availableTransitions'][number];

/**
 * What comes next: every transition out of the record's stage with the stage it leads to and, when it is blocked,
 * each blocker in words. Choosing one opens the transition dialog (which asks for what is missing); one that needs
 * approval asks for it instead.
 */
export function NextSteps({ record, names, onChanged, onReload }: Props) {
  const { t, i18n } = useTranslation('record');
  const { t: common } = useTranslation();
  const [running, setRunning] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  // A missing field is said by its title in the person's language, not its key.
  const named = (blocker: Blocker): Blocker => (blocker.type === 'missing_field' ? { ...blocker, field: names.field(blocker.field) } : blocker);
  const label = (option: Option) => t('next.move', { transition: names.transition(option.transition), stage: names.stage(option.to) });
  return (
    <section className="record-card" aria-labelledby="next-steps-title">
      <h2 id="next-steps-title">{t('next.title')}</h2>
      {record.pendingApproval ? (
        <p className="notice">
          {t('next.pendingApproval', {
            transition: names.transition(record.pendingApproval.transition ?? ''),
            name: record.pendingApproval.requestedBy?.name ?? '—',
          })}
        </p>
      ) : null}
      {record.availableTransitions.length === 0 ? <p>{t('next.none')}</p> : null}
      <ul className="record-next-steps">
        {record.availableTransitions.map((option) => (
          <li key={option.transition} data-transition={option.transition}>
            {option.approval ? (
              <button type="button" onClick={() => setAsking(option.transition)} aria-expanded={asking === option.transition}>
                {t('next.askApproval', { transition: names.transition(option.transition) })}
              </button>
            ) : (
              <button type="button" onClick={() => setRunning(option.transition)}>
                {label(option)}
              </button>
            )}
            {!option.available && option.blockers.length > 0 ? (
              <ul className="record-blockers" aria-label={t('next.blockers', { transition: names.transition(option.transition) })}>
                {option.blockers.map((blocker) => (
                  <li key={`${blocker.type}-${blocker.field ?? ''}`}>
                    {blockerText({ blocker: named(blocker.detail as Blocker), t: common, locale: i18n.language })}
                  </li>
                ))}
              </ul>
            ) : null}
            {asking === option.transition ? (
              <ApprovalForm
                record={record}
                transition={option.transition}
                names={names}
                onChanged={onChanged}
                onReload={onReload}
                onCancel={() => setAsking(null)}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {running ? (
        <TransitionDialog
          record={record}
          transition={running}
          onDone={() => {
            setRunning(null);
            onChanged(t('next.moved', { transition: names.transition(running) }));
          }}
          onCancel={() => setRunning(null)}
        />
      ) : null}
    </section>
  );
}
