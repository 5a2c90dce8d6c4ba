import type { LocalizedText } from '@funnel/schemas';
import { BusyError, NotFoundError, ValidationFailedError } from '../errors';
import type { WorkflowDoc } from '../models/workflow';
import type { WorkflowVersionDoc } from '../models/workflow-version';
import type { Diagnostic } from '@funnel/schemas';
import { auditActorOf } from '../services/admin-audit';
import { publishedVersion, publishedVersions, workflowByKey, workflowsPage } from '../services/directory';
import { createFromTemplate, publish, saveDraft } from '../services/workflow-drafts';
import { builder } from './builder';
import { DiagnosticRef } from './error-types';
import { idCursorPage } from './id-cursor-page';
import { LocalizedTextRef } from './template';
import { personField } from './user';

const WorkflowVersionRef = builder.objectRef<WorkflowVersionDoc>('WorkflowVersion').implement({
  description: 'A published, immutable version of a workflow. Records pin the version they run on.',
  fields: (t) => ({
    workflowKey: t.exposeString('workflowKey'),
    version: t.exposeInt('version'),
    definition: t.field({ type: 'JSON', resolve: (v) => v.definition }),
    publishedAt: t.field({ type: 'DateTime', resolve: (v) => v.publishedAt }),
    publishedById: t.exposeID('publishedBy'),
    publishedBy: personField(t, {
      description: 'The admin who published it (null when publishedById names no user of the tenant).',
      idOf: (v) => v.publishedBy,
    }),
    note: t.string({
      nullable: true,
      description: 'What the publisher said about this version (null when they said nothing).',
      resolve: (v) => v.note ?? null,
    }),
  }),
});

const WorkflowRef = builder.objectRef<WorkflowDoc>('Workflow').implement({
  description: 'A workflow: its editable draft with diagnostics, and its published versions.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    key: t.exposeString('key'),
    name: t.exposeString('name', { description: 'The English name (see localizedName).' }),
    localizedName: t.field({
      type: LocalizedTextRef,
      description: 'The name in every locale the definition gives, from the draft as it stands (English always present).',
      resolve: (w) => (w.draft as { name?: LocalizedText } | null | undefined)?.name ?? { en: w.name },
    }),
    draft: t.field({ type: 'JSON', nullable: true, resolve: (w) => w.draft }),
    draftDiagnostics: t.field({ type: [DiagnosticRef], resolve: (w) => w.draftDiagnostics }),
    draftRevision: t.exposeInt('draftRevision'),
    draftUpdatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (w) => w.draftUpdatedAt ?? null }),
    latestVersion: t.exposeInt('latestVersion', { description: '0 while nothing is published.' }),
    published: t.field({
      type: WorkflowVersionRef,
      nullable: true,
      description: 'A published version (the latest when `version` is omitted).',
      args: { version: t.arg.int() },
      resolve: (w, args, ctx) => publishedVersion(ctx.services, { tenantId: w.tenantId, key: w.key, version: args.version ?? w.latestVersion }),
    }),
    versions: t.field({
      type: [WorkflowVersionRef],
      resolve: (w, _args, ctx) => publishedVersions(ctx.services, { tenantId: w.tenantId, key: w.key }),
    }),
  }),
});

builder.queryField('workflows', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: WorkflowRef,
    resolve: (_root, args, ctx) => {
      const { viewer } = ctx;
      return idCursorPage<WorkflowDoc, WorkflowDoc>({
        list: 'workflows',
        args,
        fetch: (page) => workflowsPage(ctx.services, viewer.tenantId, page),
        map: (workflow) => workflow,
      });
    },
  }),
);

builder.queryField('workflow', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: WorkflowRef,
    args: { key: t.arg.string({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, { key }, ctx) => {
      const { viewer } = ctx;
      return workflowByKey(ctx.services, viewer.tenantId, key);
    },
  }),
);

const ValidationReport = builder.objectRef<{ diagnostics: Diagnostic[] }>('ValidationReport').implement({
  fields: (t) => ({
    ok: t.boolean({ description: 'True when there is no error (warnings allowed).', resolve: (r) => !r.diagnostics.some((d) => d.severity === 'error') }),
    diagnostics: t.field({ type: [DiagnosticRef], resolve: (r) => r.diagnostics }),
  }),
});

builder.queryField('validateWorkflow', (t) =>
  t.field({
    type: ValidationReport,
    description: 'Checks a definition (schema and meaning) without saving anything; the designer calls it on every edit.',
    args: { definition: t.arg({ type: 'JSON', required: true }) },
    // No union here (clients read the report directly): a refusal is the error with code BUSY and retryAfterMs.
    authScopes: { signedIn: true },
    heavyOperation: 'validation',
    resolve: async (_root, { definition }, ctx) => {
      return { diagnostics: await ctx.services.definitions.diagnose({ definition }) };
    },
  }),
);

const SaveWorkflowDraftInput = builder.inputType('SaveWorkflowDraftInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    definition: t.field({ type: 'JSON', required: true }),
  }),
});

builder.mutationField('saveWorkflowDraft', (t) =>
  t.withAuth({ admin: true }).field({
    type: WorkflowRef,
    description: 'Saves a draft with its diagnostics, even when it has errors; publishing is what requires it to be valid.',
    args: { input: t.arg({ type: SaveWorkflowDraftInput, required: true }) },
    errors: { types: [ValidationFailedError, BusyError] },
    heavyOperation: 'validation',
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return saveDraft({
        models: ctx.services.models,
        definitions: ctx.services.definitions,
        tenantId: viewer.tenantId,
        key: input.key,
        definition: input.definition,
      });
    },
  }),
);

const PublishWorkflowInput = builder.inputType('PublishWorkflowInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    note: t.string({ description: 'What changed and why, shown with the version in its history (free text).' }),
  }),
});

builder.mutationField('publishWorkflow', (t) =>
  t.withAuth({ admin: true }).field({
    type: WorkflowVersionRef,
    description: 'Publishes the draft as a new immutable version; refused with every error when it does not compile.',
    args: { input: t.arg({ type: PublishWorkflowInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError, BusyError] },
    heavyOperation: 'validation',
    resolve: async (_root, { input }, ctx) => {
      const { viewer } = ctx;
      const version = await publish({
        models: ctx.services.models,
        definitions: ctx.services.definitions,
        audit: ctx.services.audit,
        tenantId: viewer.tenantId,
        key: input.key,
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        actor: auditActorOf(viewer),
      });
      // This process's creates are on the new version at once (others' within FUNNEL_WORKFLOW_LATEST_TTL_MS).
      ctx.services.workflows.published({ tenantId: viewer.tenantId, key: input.key, version: version.version });
      return version;
    },
  }),
);

const CreateWorkflowFromTemplateInput = builder.inputType('CreateWorkflowFromTemplateInput', {
  fields: (t) => ({
    template: t.string({ required: true, description: 'A template key, e.g. "standard_trunk".' }),
    key: t.string({ description: 'The new workflow key; defaults to the template key.' }),
    name: t.string(),
    publish: t.boolean({ defaultValue: true }),
  }),
});

builder.mutationField('createWorkflowFromTemplate', (t) =>
  t.withAuth({ admin: true }).field({
    type: WorkflowRef,
    description: 'Creates a workflow from a template in one call (published as version 1 unless `publish: false`).',
    args: { input: t.arg({ type: CreateWorkflowFromTemplateInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: async (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return createFromTemplate({
        models: ctx.services.models,
        definitions: ctx.services.definitions,
        audit: ctx.services.audit,
        tenantId: viewer.tenantId,
        actor: auditActorOf(viewer),
        template: input.template,
        key: input.key,
        name: input.name,
        publish: input.publish !== false,
      });
    },
  }),
);
