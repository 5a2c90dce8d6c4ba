import type { WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { BoardColumns } from '../board/BoardColumns';
import { request } from '../graphql';
import { PickedWorkflow } from '../shared/PickedWorkflow';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { ForecastTables } from './ForecastTables';
import { FunnelComparisonTable } from './FunnelComparisonTable';
import { SliceList } from './SliceList';
import type { Slice } from './slice-records';
import { TEAM_FUNNEL, TEAM_PIPELINE } from './team-documents';
import { monthPeriod } from './team-period';
import '../board/board.css';
import './team.css';

/** The team's board: the board itself, its scope fixed to the caller's team. */
const TEAM_SCOPE = { scope: 'team' } as const;

async function teamReports(workflowKey: string) {
  const [{ pipeline }, { funnel }] = await Promise.all([
    request(TEAM_PIPELINE, { workflowKey }),
    request(TEAM_FUNNEL, { workflowKey, period: monthPeriod(Date.now()) }),
  ]);
  if (pipeline.__typename !== 'PipelineReport') throw new Error(pipeline.message);
  if (funnel.__typename !== 'FunnelReport') throw new Error(funnel.message);
  return { pipeline, funnel };
}

export type Props = { workflowKey: string | null };

/**
 * A manager's team: the forecast (the open pipeline by owner and by forecast category with the roll-up), this
 * month's funnel against last month's, the records behind any count, and the board of the team; of the workflow the
 * address names (PickedWorkflow).
 */
export function TeamPage({ workflowKey }: Props) {
  const { t } = useTranslation('team');
  return (
    <main className="work-page team-page" data-testid="team-page">
      <h1>{t('title')}</h1>
      <PickedWorkflow page="team" workflowKey={workflowKey} loading={t('loading')} none={t('noWorkflows')}>
        {(workflow) => <Team workflow={workflow} />}
      </PickedWorkflow>
    </main>
  );
}

function Team({ workflow }: { workflow: WorkflowSummary }) {
  const { t } = useTranslation('team');
  const latest = useWorkflowDefinition(workflow.key, workflow.latestVersion);
  const reports = useApiQuery(() => teamReports(workflow.key), [workflow.key]);
  const [slice, setSlice] = useState<Slice | null>(null);
  const definition: WorkflowDefinition | null = latest.status === 'done' ? latest.data : null;
  return (
    <>
      <section aria-labelledby="forecast-heading">
        <h2 id="forecast-heading">{t('forecast')}</h2>
        {reports.status === 'loading' && <p role="status">{t('loading')}</p>}
        {reports.status === 'error' && <ErrorMessage error={reports.error} />}
        {reports.status === 'done' && <ForecastTables report={reports.data.pipeline} onSlice={setSlice} />}
      </section>
      {slice && <SliceList workflowKey={workflow.key} slice={slice} />}
      <section aria-labelledby="funnel-heading">
        <h2 id="funnel-heading">{t('funnel')}</h2>
        {reports.status === 'done' && definition && <FunnelComparisonTable report={reports.data.funnel} definition={definition} />}
      </section>
      <section aria-labelledby="team-board-heading" className="team-board">
        <h2 id="team-board-heading">{t('board')}</h2>
        {definition && <BoardColumns workflowKey={workflow.key} version={workflow.latestVersion} pipeline={null} filter={TEAM_SCOPE} definition={definition} />}
      </section>
    </>
  );
}
