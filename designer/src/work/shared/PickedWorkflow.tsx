import { Fragment, type ReactNode } from 'react';
import type { WorkflowSummary } from '../../api/funnel-api';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { navigate } from '../../session/useRoute';
import { chosenWorkflow, publishedWorkflows } from './published-workflows';
import { WorkflowSelect } from './WorkflowSelect';

export type Props = {
  /** The page whose address names the workflow (`#/workflows/:key/<page>`). */
  page: 'pool' | 'team' | 'distribution';
  workflowKey: string | null;
  /** What the page says while the workflows load, and when none is published, in its own words. */
  loading: string;
  none: string;
  /** The page's screen for the workflow picked, started afresh when another is picked. */
  children: (workflow: WorkflowSummary) => ReactNode;
};

/**
 * A screen of one workflow: the published workflows read, the one the address names (else the first) shown with a
 * select whose choice goes to that workflow's address, so a link or a reload keeps it.
 * @example <PickedWorkflow page="team" workflowKey={key} loading={t('loading')} none={t('noWorkflows')}>{(workflow) => <Team workflow={workflow} />}</PickedWorkflow>
 */
export function PickedWorkflow({ page, workflowKey, loading, none, children }: Props) {
  const workflows = useApiQuery(publishedWorkflows, []);
  if (workflows.status === 'loading') return <p role="status">{loading}</p>;
  if (workflows.status === 'error') return <ErrorMessage error={workflows.error} />;
  const workflow = chosenWorkflow(workflows.data, workflowKey);
  if (!workflow) return <p>{none}</p>;
  return (
    <>
      <WorkflowSelect workflows={workflows.data} value={workflow.key} onChange={(key) => navigate({ page, workflowKey: key })} testId={`${page}-workflow`} />
      <Fragment key={workflow.key}>{children(workflow)}</Fragment>
    </>
  );
}
