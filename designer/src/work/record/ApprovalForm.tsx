import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DefinitionNames } from './definition-names';
import { type Refusal, requestApproval } from './record-mutations';
import type { RecordView } from './record-query';
import { RefusalMessage } from './RefusalMessage';

export type Props = {
  record: RecordView;
  transition: string;
  names: DefinitionNames;
  onChanged: (message: string) => void;
  onReload: () => void;
  onCancel: () => void;
};

/** Asks for approval of a transition that needs one, with a note for the approvers; a refusal keeps the note. */
export function ApprovalForm({ record, transition, names, onChanged, onReload, onCancel }: Props) {
  const { t } = useTranslation('record');
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const id = `approval-note-${transition}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const outcome = await requestApproval({ id: record.id, expectedVersion: record.version, transition, ...(note ? { note } : {}) });
    if (outcome.type === 'changed') onChanged(t('approval.requested', { transition: names.transition(transition) }));
    else setRefusal(outcome.refusal);
  };
  return (
    <form className="record-inline-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id}>{t('approval.note')}</label>
      <textarea id={id} value={note} onChange={(event) => setNote(event.target.value)} rows={2} />
      <RefusalMessage refusal={refusal} onReload={onReload} />
      <div className="record-actions">
        <button type="submit" className="record-primary">
          {t('approval.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
