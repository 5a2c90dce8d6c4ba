import type { LocalizedText, WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localizedText } from '../../model/localized-text';
import { navigate } from '../../session/useRoute';
import { ExportCsvLink } from '../exports/ExportCsvLink';
import { request } from '../graphql';
import { definitionNames } from '../notifications/definition-names';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { PoolClaimNews } from './PoolClaimNews';
import { POOL_WORKFLOWS } from './pool-documents';
import { PoolTable } from './PoolTable';
import { useClaim } from './useClaim';
import { usePoolList } from './usePoolList';
import './pool.css';

export type Props = { workflowKey: string | null };

/** A workflow the pool can show: published, with its name in every locale. */
interface PoolWorkflow {
  key: string;
  name: LocalizedText;
  latestVersion: number;
}

async function poolWorkflows(): Promise<PoolWorkflow[]> {
  const { workflows } = await request(POOL_WORKFLOWS);
  return workflows.edges
    .map(({ node }) => ({
      key: node.key,
      latestVersion: node.latestVersion,
      name: { en: node.localizedName.en, 'zh-Hans': node.localizedName.zhHans, 'zh-Hant': node.localizedName.zhHant },
    }))
    .filter((workflow) => workflow.latestVersion > 0);
}

/**
 * The public pool: records waiting in a workflow's pool stages with their reason, since when and who had them,
 * filtered by workflow and stage; "Claim" takes one (it leaves the list, and a live region says where it went), and a
 * refused claim says why in words.
 */
export function PoolPage({ workflowKey }: Props) {
  const { t } = useTranslation('pool');
  const workflows = useApiQuery(poolWorkflows, []);
  if (workflows.status === 'loading')
    return (
      <main className="work-page pool-page">
        <h1>{t('title')}</h1>
        <p role="status">{t('loading')}</p>
      </main>
    );
  if (workflows.status === 'error')
    return (
      <main className="work-page pool-page">
        <h1>{t('title')}</h1>
        <ErrorMessage error={workflows.error} />
      </main>
    );
  const selected = workflows.data.find((workflow) => workflow.key === workflowKey) ?? workflows.data[0];
  return (
    <main className="work-page pool-page">
      <h1>{t('title')}</h1>
      {selected ? <PoolScreen key={selected.key} workflow={selected} workflows={workflows.data} /> : <p>{t('noWorkflows')}</p>}
    </main>
  );
}

function PoolScreen({ workflow, workflows }: { workflow: PoolWorkflow; workflows: readonly PoolWorkflow[] }) {
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
          {t('workflow')}
          <select value={workflow.key} onChange={(event) => navigate({ page: 'pool', workflowKey: event.target.value })} data-testid="pool-workflow">
            {workflows.map((option) => (
              <option key={option.key} value={option.key}>
                {localizedText(option.name, i18n.language)}
              </option>
            ))}
          </select>
        </label>
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
