import type { WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { publishedWorkflows } from '../shared/published-workflows';
import { useApiQuery } from '../../api/useApiQuery';
import { localizedText } from '../../model/localized-text';
import { navigate } from '../../session/useRoute';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { WorkflowSelect } from '../shared/WorkflowSelect';
import { BoardFilters } from './BoardFilters';
import { BoardColumns } from './BoardColumns';
import './board.css';
import type { BoardFilter } from './useBoard';

export type Props = { workflowKey: string | null; pipeline: string | null };

/**
 * The board of a workflow and pipeline: a column per stage under its phase, with totals and cards, filters and search;
 * cards move by dragging, the keyboard or "Move to…". Without a workflow in the route it shows the first published one.
 */
export function BoardPage({ workflowKey, pipeline }: Props) {
  const { t } = useTranslation('board');
  const workflows = useApiQuery(publishedWorkflows, []);
  if (workflows.status === 'loading') return <Frame status={<p role="status">{t('loading')}</p>} />;
  if (workflows.status === 'error') return <Frame status={<p role="alert">{t('loadFailed', { message: String(workflows.error) })}</p>} />;
  const workflow = workflowKey === null ? workflows.data[0] : workflows.data.find((candidate) => candidate.key === workflowKey);
  if (!workflow) return <Frame status={<p role="alert">{t('noWorkflow')}</p>} />;
  return <WorkflowBoard workflow={workflow} workflows={workflows.data} pipeline={pipeline} />;
}

/** The page around a board, or around what stands in its place (loading, an error). */
function Frame({ status, children }: { status?: React.ReactNode; children?: React.ReactNode }) {
  const { t } = useTranslation('board');
  return (
    <main className="work-page board-page" data-testid="board-page">
      <h1>{t('title')}</h1>
      {status}
      {children}
    </main>
  );
}

function WorkflowBoard({ workflow, workflows, pipeline }: { workflow: WorkflowSummary; workflows: WorkflowSummary[]; pipeline: string | null }) {
  const { t } = useTranslation('board');
  const definition = useWorkflowDefinition(workflow.key, workflow.latestVersion);
  const [filter, setFilter] = useState<BoardFilter>({ scope: 'everyone' });
  if (definition.status === 'loading') return <Frame status={<p role="status">{t('loading')}</p>} />;
  if (definition.status === 'error') return <Frame status={<p role="alert">{t('loadFailed', { message: String(definition.error) })}</p>} />;
  const sources = (definition.data.fields.properties?.source?.enum ?? []).map(String);
  return (
    <Frame>
      <div className="board-toolbar">
        <Pickers workflow={workflow} workflows={workflows} pipeline={pipeline} definition={definition.data} />
        <BoardFilters filter={filter} onChange={setFilter} sources={sources} workflowKey={workflow.key} pipeline={pipeline} />
      </div>
      <BoardColumns workflowKey={workflow.key} version={workflow.latestVersion} pipeline={pipeline} filter={filter} definition={definition.data} />
    </Frame>
  );
}

/** The workflow picker, and the pipeline picker when the definition has pipelines: each goes to its board's address. */
function Pickers(props: { workflow: WorkflowSummary; workflows: WorkflowSummary[]; pipeline: string | null; definition: WorkflowDefinition }) {
  const { t, i18n } = useTranslation('board');
  const pipelines = props.definition.pipelines ?? [];
  return (
    <div className="board-pickers">
      <WorkflowSelect
        workflows={props.workflows}
        value={props.workflow.key}
        onChange={(key) => navigate({ page: 'board', workflowKey: key, pipeline: null })}
      />
      {pipelines.length > 0 ? (
        <label>
          {t('pipeline')}
          <select
            value={props.pipeline ?? ''}
            onChange={(event) => navigate({ page: 'board', workflowKey: props.workflow.key, pipeline: event.target.value || null })}
          >
            <option value="">{t('allPipelines')}</option>
            {pipelines.map((pipeline) => (
              <option key={pipeline.key} value={pipeline.key}>
                {localizedText(pipeline.name, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}
