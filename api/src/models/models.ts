import type { Connection } from 'mongoose';
import { accountTokenModel } from './account-token';
import { apiKeyModel } from './api-key';
import { assignmentCounterModel } from './assignment-counter';
import { maintenanceMarkModel } from './maintenance-mark';
import { auditEntryModel } from './audit-entry';
import { eventModel } from './event';
import { idempotencyKeyModel } from './idempotency-key';
import { jobModel } from './job';
import { keyRevocationModel } from './key-revocation';
import { metricDayModel } from './metric-day';
import { notificationModel } from './notification';
import { ownerLeaseModel } from './owner-lease';
import { ownerLoadModel } from './owner-load';
import { pipelineRollupModel, pipelineWonMonthModel } from './pipeline-rollup';
import { recordModel } from './record';
import { sessionModel } from './session';
import { signInAttemptModel } from './sign-in-attempt';
import { tenantModel } from './tenant';
import { testClockModel } from './test-clock';
import { userModel } from './user';
import { webhookDeliveryModel } from './webhook-delivery';
import { webhookEndpointModel } from './webhook-endpoint';
import { workflowModel } from './workflow';
import { workflowVersionModel } from './workflow-version';

/**
 * Every model on one connection, each scoped to a tenant by `tenantScopePlugin` (but SignInAttempt, which only
 * services/sign-in-limiter.ts reads and writes, through its collection).
 * @example const models = createModels(mongoose.createConnection(uri)); await models.Record.findOne({ tenantId, _id })
 */
export function createModels(connection: Connection) {
  return {
    Tenant: tenantModel(connection),
    User: userModel(connection),
    ApiKey: apiKeyModel(connection),
    KeyRevocation: keyRevocationModel(connection),
    AuditEntry: auditEntryModel(connection),
    Session: sessionModel(connection),
    AccountToken: accountTokenModel(connection),
    SignInAttempt: signInAttemptModel(connection),
    Workflow: workflowModel(connection),
    WorkflowVersion: workflowVersionModel(connection),
    Record: recordModel(connection),
    Event: eventModel(connection),
    IdempotencyKey: idempotencyKeyModel(connection),
    OwnerLease: ownerLeaseModel(connection),
    OwnerLoad: ownerLoadModel(connection),
    AssignmentCounter: assignmentCounterModel(connection),
    MaintenanceMark: maintenanceMarkModel(connection),
    Job: jobModel(connection),
    TestClock: testClockModel(connection),
    MetricDay: metricDayModel(connection),
    PipelineRollup: pipelineRollupModel(connection),
    PipelineWonMonth: pipelineWonMonthModel(connection),
    Notification: notificationModel(connection),
    WebhookEndpoint: webhookEndpointModel(connection),
    WebhookDelivery: webhookDeliveryModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds every index the models declare (the embedded store and MongoDB alike). */
export async function syncIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
}

/**
 * Models on a new connection to `uri` (the CLI, benchmarks and tests that inspect the store).
 * @example const { models, close } = await openModels(uri)
 */
export async function openModels(uri: string): Promise<{ models: Models; close: () => Promise<void> }> {
  const { default: mongoose } = await import('mongoose');
  const connection = await mongoose.createConnection(uri).asPromise();
  return { models: createModels(connection), close: () => connection.close() };
}
