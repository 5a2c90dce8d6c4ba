import type { WorkflowDefinition } from '@funnel/schemas';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { definitionNames } from './definition-names';
import { FieldsForm } from './FieldsForm';
import { LogActivityForm } from './LogActivityForm';
import { NextSteps } from './NextSteps';
import { RecordHeader } from './RecordHeader';
import { loadRecord, RecordUnavailable, type RecordView } from './record-query';
import { ReleaseForm } from './ReleaseForm';
import { StagePath } from './StagePath';
import { TimersPanel } from './TimersPanel';
import { Timeline } from './Timeline';
import './record.css';

export type Props = { recordId: string };

/**
 * A record's page: where it stands in its workflow and what comes next, its fields edited in place, its timeline,
 * and the salesperson's actions on it (log an activity with the next follow-up, ask for an extension or an
 * approval, give it back to the pool). Results are announced; loads and errors are said in words.
 */
export function RecordPage({ recordId }: Props) {
  const { t } = useTranslation('record');
  const record = useApiQuery(() => loadRecord(recordId), [recordId]);
  const [announced, setAnnounced] = useState('');
  const { reload } = record;
  const changed = useCallback(
    (message: string) => {
      setAnnounced(message);
      reload();
    },
    [reload],
  );
  return (
    <main className="work-page record-page">
      <p className="record-status" role="status" data-testid="record-status">
        {announced}
      </p>
      {record.status === 'loading' ? <p>{t('loading')}</p> : null}
      {record.status === 'error' ? <LoadFailed error={record.error} onRetry={reload} /> : null}
      {record.status === 'done' ? <RecordWithDefinition record={record.data} onChanged={changed} onReload={reload} /> : null}
    </main>
  );
}

/** Why the record could not be shown, and a way to try again. */
function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation('record');
  const code = error instanceof RecordUnavailable ? error.code : null;
  return (
    <div className="error-page" role="alert">
      <h1>{t('title')}</h1>
      <p>{code === 'NOT_FOUND' || code === 'FORBIDDEN' ? t(`failed.${code}`) : t('failed.other')}</p>
      <button type="button" onClick={onRetry}>
        {t('failed.retry')}
      </button>
    </div>
  );
}

type Loaded = { record: RecordView; onChanged: (message: string) => void; onReload: () => void };

/** The record once its definition (stage names, field schemas, timers) has loaded too. */
function RecordWithDefinition({ record, onChanged, onReload }: Loaded) {
  const { t } = useTranslation('record');
  const definition = useWorkflowDefinition(record.workflowKey, record.workflowVersion);
  if (definition.status === 'loading') return <p>{t('loading')}</p>;
  if (definition.status === 'error') return <LoadFailed error={definition.error} onRetry={definition.reload} />;
  return <RecordScreen record={record} definition={definition.data} onChanged={onChanged} onReload={onReload} />;
}

function RecordScreen({ record, definition, onChanged, onReload }: Loaded & { definition: WorkflowDefinition }) {
  const { i18n } = useTranslation('record');
  const names = definitionNames(definition, i18n.language);
  const actions = { record, onChanged, onReload };
  return (
    <>
      <RecordHeader record={record} names={names} />
      <div className="record-columns">
        <div className="record-column">
          <StagePath record={record} definition={definition} names={names} />
          <NextSteps {...actions} names={names} />
          <LogActivityForm {...actions} />
          <TimersPanel {...actions} definition={definition} names={names} />
          <FieldsForm {...actions} definition={definition} />
          <ReleaseForm {...actions} definition={definition} />
        </div>
        <div className="record-column">
          <Timeline recordId={record.id} names={names} version={record.version} />
        </div>
      </div>
    </>
  );
}
