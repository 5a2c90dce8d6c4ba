import type { JobDoc } from '../models/job';
import { newId } from './create-tenant';

/** What a new job is for: an import, or a migration with the plan's inputs (kept so a run can resume). */
export type NewJobInput = Pick<JobDoc, 'tenantId' | 'workflowKey' | 'total'> &
  ({ kind: 'import' } | ({ kind: 'migration' } & Required<Pick<JobDoc, 'fromVersion' | 'toVersion' | 'stageMap'>>));

/**
 * A new job document, `running` with nothing processed yet; the caller stores it.
 * @example const job = newJob({ tenantId, kind: 'import', workflowKey: 'standard_trunk', total: rows.length })
 */
export function newJob(input: NewJobInput): JobDoc {
  const now = new Date();
  return { _id: newId(), status: 'running', processed: 0, created: 0, skipped: 0, errors: [], duplicates: [], createdAt: now, updatedAt: now, ...input };
}
