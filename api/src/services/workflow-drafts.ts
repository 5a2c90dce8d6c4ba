import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import type { AuditActor } from '../accounts/admin-changes';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { Models } from '../models/models';
import type { WorkflowDoc } from '../models/workflow';
import type { WorkflowVersionDoc } from '../models/workflow-version';
import type { AdminAudit } from './admin-audit';
import { newId } from './create-tenant';
import type { DefinitionCheck } from './definition-check';
import { isDuplicateKey } from '../models/duplicate-key';

const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationFailedError([
      { severity: 'error', code: 'pattern', pointer: '/key', message: 'use lower-case letters, digits and underscores, starting with a letter' },
    ]);
  }
}

/**
 * Saves a draft (even an invalid one) with its diagnostics; creates the workflow on first save.
 * @example await saveDraft({ models, definitions, tenantId, key: 'standard_trunk', definition })
 */
export async function saveDraft(input: {
  models: Models;
  definitions: DefinitionCheck;
  tenantId: string;
  key: string;
  definition: unknown;
}): Promise<WorkflowDoc> {
  checkKey(input.key);
  const diagnostics = await input.definitions.diagnose({ definition: input.definition, key: input.key });
  const name = (input.definition as { name?: { en?: unknown } } | null)?.name?.en;
  const now = new Date();
  const { tenantId, key } = input;
  // One upsert: the store applies it atomically, so racing first saves still make exactly one workflow.
  const doc = await input.models.Workflow.findOneAndUpdate(
    { tenantId, key },
    {
      $set: { draft: input.definition, draftDiagnostics: diagnostics, draftUpdatedAt: now, ...(typeof name === 'string' ? { name } : {}) },
      $inc: { draftRevision: 1 },
      $setOnInsert: { _id: newId(), latestVersion: 0, createdAt: now, ...(typeof name === 'string' ? {} : { name: key }) },
    },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  return doc as WorkflowDoc;
}

/**
 * Publishes the draft as a new immutable version, if it compiles without errors; the version is written with the
 * audit log entry of the publish.
 * @example const v = await publish({ models, definitions, audit, tenantId, key: 'standard_trunk', actor }) // v.version === 1
 */
export async function publish(input: {
  models: Models;
  definitions: DefinitionCheck;
  audit: AdminAudit;
  tenantId: string;
  key: string;
  /** What the publisher says about the version. */
  note?: string;
  actor: AuditActor;
}): Promise<WorkflowVersionDoc> {
  const { models, tenantId, key, actor } = input;
  for (;;) {
    const workflow = await models.Workflow.findOne({ tenantId, key }).lean();
    if (!workflow) throw new NotFoundError({ what: 'workflow', id: key, pointer: '/key' });
    const diagnostics = await input.definitions.diagnose({ definition: workflow.draft, key });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new ValidationFailedError(errors, `The draft cannot be published: ${errors.length} error(s)`);
    const version = workflow.latestVersion + 1;
    const doc: WorkflowVersionDoc = {
      _id: newId(),
      tenantId,
      workflowKey: key,
      version,
      definition: workflow.draft as WorkflowDefinition,
      publishedAt: new Date(),
      publishedBy: (actor.userId ?? actor.keyId) as string,
      ...(input.note ? { note: input.note } : {}),
    };
    const published = await input.audit.write({
      tenantId,
      actor,
      change: {
        action: 'workflow_published',
        targetType: 'workflow',
        targetId: workflow._id,
        before: workflow.latestVersion > 0 ? { key, version: workflow.latestVersion } : null,
        after: { key, version },
      },
      holder: { model: 'WorkflowVersion', id: doc._id },
      write: async (pending) => {
        try {
          await models.WorkflowVersion.create({ ...doc, ...pending.field });
          return doc;
        } catch (error) {
          // Another publish took this version number first: read again and take the next one.
          if (isDuplicateKey(error)) return null;
          throw error;
        }
      },
    });
    if (!published) continue;
    await models.Workflow.updateOne({ tenantId, key, latestVersion: { $lt: version } }, { $set: { latestVersion: version } });
    return doc;
  }
}

/**
 * A new workflow from a template in one call: saved as a draft under `key` (the template's by default) with
 * `name` as its English name, and published as version 1 unless `publish` is false. Refused when the key is
 * taken or the template unknown.
 * @example await createFromTemplate({ models, definitions, audit, tenantId, actor, template: 'minimal_trunk', publish: true })
 */
export async function createFromTemplate(input: {
  models: Models;
  definitions: DefinitionCheck;
  audit: AdminAudit;
  tenantId: string;
  actor: AuditActor;
  template: string;
  key?: string | null | undefined;
  name?: string | null | undefined;
  publish: boolean;
}): Promise<WorkflowDoc> {
  const { models, definitions, tenantId } = input;
  let template: ReturnType<typeof getTemplate>;
  try {
    template = getTemplate(input.template);
  } catch {
    throw new NotFoundError({ what: 'template', id: input.template, pointer: '/template' });
  }
  const key = input.key ?? template.key;
  if (await models.Workflow.exists({ tenantId, key })) {
    throw new ValidationFailedError([{ severity: 'error', code: 'exists', pointer: '/key', message: `workflow "${key}" already exists` }]);
  }
  const definition = { ...template.definition, key, ...(input.name ? { name: { ...template.definition.name, en: input.name } } : {}) };
  await saveDraft({ models, definitions, tenantId, key, definition });
  if (input.publish) await publish({ models, definitions, audit: input.audit, tenantId, key, actor: input.actor });
  return (await models.Workflow.findOne({ tenantId, key }).lean()) as WorkflowDoc;
}
