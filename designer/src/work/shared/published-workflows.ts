import { listWorkflows, type WorkflowSummary } from '../../api/funnel-api';

/**
 * The tenant's workflows with a published version: the ones records run on, which the work area's screens show.
 * @example const workflows = useApiQuery(publishedWorkflows, []);
 */
export async function publishedWorkflows(): Promise<WorkflowSummary[]> {
  return (await listWorkflows()).filter((workflow) => workflow.latestVersion > 0);
}

/**
 * The workflow a route names, else (none named, or none of that key published) the first; undefined when there is none.
 * @example chosenWorkflow(workflows, null) // → the first
 */
export function chosenWorkflow(workflows: readonly WorkflowSummary[], workflowKey: string | null): WorkflowSummary | undefined {
  return workflows.find((workflow) => workflow.key === workflowKey) ?? workflows[0];
}
