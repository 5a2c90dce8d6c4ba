import { NotFoundError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import type { JobDoc } from '../models/job';
import type { TenantDoc } from '../models/tenant';
import type { UserDoc } from '../models/user';
import type { WorkflowDoc } from '../models/workflow';
import type { WorkflowVersionDoc } from '../models/workflow-version';
import type { PageRequest } from './record-reads';
import type { Services } from './services';

/** A key as it is listed: never its hash; `user` read with the page (one query for the page's users). */
export type ListedApiKey = Omit<ApiKeyDoc, 'hash'> & { user?: UserDoc | null };

/** The tenant's reads of who and what it has: users, keys, jobs, workflows. Every read is scoped to the tenant. */

/** A user of the tenant, or null. */
export function userById(services: Services, tenantId: string, id: string): Promise<UserDoc | null> {
  return services.models.User.findOne({ tenantId, _id: id }).lean();
}

/** Nothing when `id` is a user of the tenant; NotFound at `pointer` otherwise (another tenant's user included). */
export async function mustBeUser(services: Services, input: { tenantId: string; id: string; pointer: string }): Promise<void> {
  if (!(await services.models.User.exists({ tenantId: input.tenantId, _id: input.id })))
    throw new NotFoundError({ what: 'user', id: input.id, pointer: input.pointer });
}

/** A page of the tenant's users, oldest first. */
export function usersPage(services: Services, tenantId: string, page: PageRequest): Promise<UserDoc[]> {
  return services.models.User.find({ tenantId, ...page.idRange })
    .sort(page.sort)
    .limit(page.limit)
    .lean();
}

/** The tenant itself (NotFound if it is gone). */
export async function tenantById(services: Services, tenantId: string): Promise<TenantDoc> {
  const tenant = await services.models.Tenant.findOne({ tenantId, _id: tenantId }).lean();
  if (!tenant) throw new NotFoundError({ what: 'tenant', id: tenantId });
  return tenant;
}

/** A page of the tenant's API keys (revoked ones too), oldest first, each with its user (null for an integration's). */
export async function apiKeysPage(services: Services, tenantId: string, page: PageRequest): Promise<ListedApiKey[]> {
  const keys = await services.models.ApiKey.find({ tenantId, ...page.idRange }, { hash: 0 })
    .sort(page.sort)
    .limit(page.limit)
    .lean();
  const userIds = [...new Set(keys.flatMap((k) => (k.userId ? [k.userId] : [])))];
  const users = await services.models.User.find({ tenantId, _id: { $in: userIds } }).lean();
  return keys.map((key) => ({ ...key, user: users.find((u) => u._id === key.userId) ?? null }));
}

/** An import or migration job of the tenant (NotFound at /id). */
export async function jobById(services: Services, tenantId: string, id: string): Promise<JobDoc> {
  const job = await services.models.Job.findOne({ tenantId, _id: id }).lean();
  if (!job) throw new NotFoundError({ what: 'job', id, pointer: '/id' });
  return job;
}

/** A page of the tenant's workflows, oldest first. */
export function workflowsPage(services: Services, tenantId: string, page: PageRequest): Promise<WorkflowDoc[]> {
  return services.models.Workflow.find({ tenantId, ...page.idRange })
    .sort(page.sort)
    .limit(page.limit)
    .lean();
}

/** A workflow of the tenant by key (NotFound at /key). */
export async function workflowByKey(services: Services, tenantId: string, key: string): Promise<WorkflowDoc> {
  const workflow = await services.models.Workflow.findOne({ tenantId, key }).lean();
  if (!workflow) throw new NotFoundError({ what: 'workflow', id: key, pointer: '/key' });
  return workflow;
}

/** One published version of a workflow, or null. */
export function publishedVersion(services: Services, input: { tenantId: string; key: string; version: number }): Promise<WorkflowVersionDoc | null> {
  return services.models.WorkflowVersion.findOne({ tenantId: input.tenantId, workflowKey: input.key, version: input.version }).lean();
}

/** Every published version of a workflow, oldest first. */
export function publishedVersions(services: Services, input: { tenantId: string; key: string }): Promise<WorkflowVersionDoc[]> {
  return services.models.WorkflowVersion.find({ tenantId: input.tenantId, workflowKey: input.key }).sort({ version: 1 }).lean();
}
