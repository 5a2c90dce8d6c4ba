import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type Props = {
  /** The record's name, for the controls' labels. */
  name: string;
  busy: boolean;
  onDecide: (approve: boolean, reason: string) => void;
};

/** A reason (kept in history, told to the requester) and the two answers; Enter in the reason approves nothing by itself. */
export function DecisionForm({ name, busy, onDecide }: Props) {
  const { t } = useTranslation('approvals');
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <div className="decision-form">
      <label htmlFor={id}>{t('reason')}</label>
      <input id={id} type="text" value={reason} onChange={(event) => setReason(event.target.value)} data-testid="decision-reason" />
      <button type="button" disabled={busy} onClick={() => onDecide(true, reason)} aria-label={t('approveName', { name })} data-testid="approve">
        {t('approve')}
      </button>
      <button type="button" disabled={busy} onClick={() => onDecide(false, reason)} aria-label={t('rejectName', { name })} data-testid="reject">
        {t('reject')}
      </button>
    </div>
  );
}
