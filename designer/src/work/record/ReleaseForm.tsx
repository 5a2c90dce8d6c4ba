import type { WorkflowDefinition } from '@funnel/schemas';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import { type Refusal, releaseRecord } from './record-mutations';
import type { RecordView } from './record-query';
import { RefusalMessage } from './RefusalMessage';
import { releaseReasons } from './release-reasons';

export type Props = {
  record: RecordView;
  definition: WorkflowDefinition;
  onChanged: (message: string) => void;
  onReload: () => void;
};

/** Gives an owned record back to the public pool, with a reason from the list the pool stage allows. */
export function ReleaseForm({ record, definition, onChanged, onReload }: Props) {
  const { t, i18n } = useTranslation('record');
  const reasons = releaseReasons(definition, record.stage);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  if (record.pool || !record.ownerId) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const outcome = await releaseRecord({ id: record.id, expectedVersion: record.version, ...(reason ? { reason } : {}) });
    if (outcome.type === 'changed') onChanged(t('release.done'));
    else setRefusal(outcome.refusal);
  };
  return (
    <form className="record-card" aria-labelledby="release-title" onSubmit={(event) => void submit(event)}>
      <h2 id="release-title">{t('release.title')}</h2>
      <label htmlFor="release-reason">{t('release.reason')}</label>
      <select id="release-reason" value={reason} required={reasons.length > 0} onChange={(event) => setReason(event.target.value)}>
        <option value="">{t('release.choose')}</option>
        {reasons.map((option) => (
          <option key={option.key} value={option.key}>
            {localizedText(option.name, i18n.language)}
          </option>
        ))}
      </select>
      <RefusalMessage refusal={refusal} onReload={onReload} />
      <button type="submit">{t('release.submit')}</button>
    </form>
  );
}
