import type { WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localizedText } from '../../model/localized-text';
import { ExportCsvLink } from '../exports/ExportCsvLink';
import { definitionNames } from '../notifications/definition-names';
import { PickedWorkflow } from '../shared/PickedWorkflow';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { PoolClaimNews } from './PoolClaimNews';
import { PoolTable } from './PoolTable';
import { useClaim } from './useClaim';
import { usePoolList } from './usePoolList';
import './pool.css';

export type Props = { workflowKey: string | null };

/**
 * The public pool: records waiting in a workflow's pool stages with their reason, since when and who had them,
 * filtered by workflow (the address names it: PickedWorkflow) and stage; "Claim" takes one (it leaves the list, and a
 * live region says where it went), and a refused claim says why in words.
 */
export function PoolPage({ workflowKey }: Props) {
  const { t } = useTranslation('pool');
  return (
    <main className="work-page pool-page">
      <h1>{t('title')}</h1>
      <PickedWorkflow page="pool" workflowKey={workflowKey} loading={t('loading')} none={t('noWorkflows')}>
        {(workflow) => <PoolScreen workflow={workflow} />}
      </PickedWorkflow>
    </main>
  );
}

function PoolScreen({ workflow }: { workflow: WorkflowSummary }) {
  const { t, i18n } = useTranslation('pool');
  const latest = useWorkflowDefinition(workflow.key, workflow.latestVersion);
  const definition: WorkflowDefinition | null = latest.status === 'done' ? latest.data : null;
  const poolStages = definition?.stages.filter((stage) => stage.pool !== undefined) ?? [];
  const [stage, setStage] = useState<string | null>(null);
  const list = usePoolList({ workflowKey: workflow.key, stage });
  const claim = useClaim({ definition, onClaimed: list.remove });
  return (
    <>
      <div className="pool-filters">
        <label>
          {t('stage')}
          <select value={stage ?? ''} onChange={(event) => setStage(event.target.value || null)} data-testid="pool-stage">
            <option value="">{t('allStages')}</option>
            {poolStages.map((option) => (
              <option key={option.key} value={option.key}>
                {localizedText(option.name, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <ExportCsvLink workflowKey={workflow.key} filter={{ inPool: 'true', stage }} />
      </div>
      <PoolClaimNews claim={claim} stageName={definitionNames(definition, i18n.language).stage} />
      {list.status === 'loading' && <p role="status">{t('loading')}</p>}
      {list.error !== null && <ErrorMessage error={list.error} />}
      {list.status === 'ready' && list.records.length === 0 && <p className="empty">{t('empty')}</p>}
      {list.records.length > 0 && <PoolTable records={list.records} claimingId={claim.claimingId} onClaim={(record) => void claim.claim(record)} />}
      {list.next !== null && (
        <button type="button" onClick={list.showMore}>
          {t('showMore')}
        </button>
      )}
    </>
  );
}
