import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldInput } from '../fields/FieldInput';
import { changedFields, checkFields, diagnosticField } from './field-edits';
import { fieldProblemText } from './field-problem-text';
import { type Refusal, updateFields } from './record-mutations';
import type { RecordView } from './record-query';
import { RefusalMessage } from './RefusalMessage';

export type Props = {
  record: RecordView;
  definition: WorkflowDefinition;
  /** The record changed: say it and read it again. */
  onChanged: (message: string) => void;
  onReload: () => void;
};

/**
 * The record's fields edited in place, each with the input its schema calls for. A change is checked against the
 * definition's field schema before it is sent; what the browser or the api refuses is said at its field, and what
 * was typed stays.
 */
export function FieldsForm({ record, definition, onChanged, onReload }: Props) {
  const { t } = useTranslation('record');
  const properties = definition.fields.properties;
  // Only what the person edited: the other fields show the record as last read, so a reload shows others' changes
  // and a save never sends back a value they did not touch.
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const saved = record.fields as Record<string, unknown>;
  const [problems, setProblems] = useState<Pick<Diagnostic, 'code' | 'pointer'>[]>([]);
  // A refusal stands for the version it was given at: reading the record again (after a conflict) clears it.
  const [refused, setRefused] = useState<{ version: number; refusal: Refusal } | null>(null);
  const [busy, setBusy] = useState(false);
  const problemAt = (name: string) => {
    const diagnostic = problems.find((candidate) => diagnosticField(candidate) === name);
    return diagnostic ? fieldProblemText({ diagnostic, spec: properties[name], t }) : null;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setRefused(null);
    const changed = changedFields({ saved, draft: edits });
    if (Object.keys(changed).length === 0) return onChanged(t('fields.unchanged'));
    const refused = checkFields({ schema: definition.fields, changed });
    setProblems(refused);
    if (refused.length > 0) return;
    setBusy(true);
    const outcome = await updateFields({ id: record.id, expectedVersion: record.version, fields: changed }).finally(() => setBusy(false));
    if (outcome.type === 'changed') {
      setEdits({});
      return onChanged(t('fields.saved'));
    }
    if (outcome.refusal.__typename === 'ValidationFailed') setProblems(outcome.refusal.diagnostics);
    else setRefused({ version: record.version, refusal: outcome.refusal });
  };

  return (
    <form className="record-card record-fields" aria-labelledby="record-fields-title" onSubmit={(event) => void save(event)} noValidate>
      <h2 id="record-fields-title">{t('fields.title')}</h2>
      <div className="record-fields-grid">
        {Object.entries(properties).map(([name, spec]) => (
          <FieldInput
            key={name}
            name={name}
            spec={spec}
            value={Object.hasOwn(edits, name) ? edits[name] : saved[name]}
            error={problemAt(name)}
            onChange={(value) => setEdits((previous) => ({ ...previous, [name]: value }))}
          />
        ))}
      </div>
      {problems.length > 0 ? (
        <p className="form-problem" role="alert">
          {t('fields.refused')}
        </p>
      ) : null}
      <RefusalMessage refusal={refused?.version === record.version ? refused.refusal : null} onReload={onReload} />
      <button type="submit" className="record-primary" disabled={busy}>
        {t('fields.save')}
      </button>
    </form>
  );
}
