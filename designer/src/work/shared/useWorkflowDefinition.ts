import type { WorkflowDefinition } from '@funnel/schemas';
import { useApiQuery } from '../../api/useApiQuery';
import { graphql, request } from '../graphql';

const WORKFLOW_VERSIONS = graphql(`
  query WorkflowVersions($key: String!) {
    workflow(key: $key) {
      __typename
      ... on Workflow { key latestVersion versions { version definition } }
      ... on Error { code message }
    }
  }
`);

/** Published definitions by workflow key and version: a version never changes once published, so it is kept. */
const published = new Map<string, Promise<Map<number, WorkflowDefinition>>>();

async function loadVersions(workflowKey: string): Promise<Map<number, WorkflowDefinition>> {
  const { workflow } = await request(WORKFLOW_VERSIONS, { key: workflowKey });
  if (workflow.__typename !== 'Workflow') throw new Error(`${workflow.__typename}: ${'message' in workflow ? workflow.message : workflowKey}`);
  return new Map(workflow.versions.map((version) => [version.version, version.definition as WorkflowDefinition]));
}

/**
 * The published definition a record runs on (its workflow and version): stage names, field schemas, reasons.
 * Versions are fetched once per workflow and page load; a version the cache lacks (published since) fetches again.
 * @example const definition = await workflowDefinition('standard_trunk', 3);
 */
export async function workflowDefinition(workflowKey: string, version: number): Promise<WorkflowDefinition> {
  let versions = published.get(workflowKey);
  if (!versions || !(await versions).has(version)) {
    versions = loadVersions(workflowKey);
    published.set(workflowKey, versions);
    versions.catch(() => published.delete(workflowKey));
  }
  const definition = (await versions).get(version);
  if (!definition) throw new Error(`Workflow ${workflowKey} has no published version ${version}`);
  return definition;
}

/** The published definition for a workflow version, as a query state (loading, error, done). */
export function useWorkflowDefinition(workflowKey: string, version: number) {
  return useApiQuery(() => workflowDefinition(workflowKey, version), [workflowKey, version]);
}
