import {
  contactKeys,
  decide,
  NO_ONE_AVAILABLE,
  type Actor,
  type Change,
  type CompiledWorkflow,
  type Decision,
  type FunnelRecord,
  type Instant,
} from '@funnel/engine';
import { ForbiddenError, ValidationFailedError } from '../errors';
import { fieldDiagnostics } from './field-diagnostics';
import { once } from './idempotency';
import { appliedOrThrow } from './record-command';
import { newId } from './create-tenant';
import { activeOwner } from './active-owner';
import { placeOf } from './capacity-places';
import type { Recipient } from './notification-recipients';
import type { Services } from './services';
import { storedScore } from './stored-score';

/** Roles that may make someone else the owner of a record they create; the rest may name only themselves. */
const ASSIGNING_ROLES = ['admin', 'manager', 'integration'] as const;

/**
 * Creates a record on the latest published version of a workflow (as this process read it within
 * `workflowLatestTtlMs`, WorkflowCatalog.forCreate): fields validated, entry stage entered, timers
 * armed, rules run; the record and its events are written in one insert. Its owner: the one named (a salesperson
 * may name only themselves); else, when the definition has assignment rules and one matches the record, whom
 * routing gives it to (RecordRouting), or the pool with reason `no_one_available` when nobody fits, with an
 * `assigned` event naming the rule and its strategy; else the creator (an app's key: its user), as without rules.
 * The owner's capacity place is taken before the insert (a full owner named is refused with LIMIT_REACHED).
 * @example await createRecord({ services, tenantId, actor, workflowKey: 'standard_trunk', fields: { name: 'Ann' } })
 */
export async function createRecord(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  workflowKey: string;
  fields: Record<string, unknown>;
  pipeline?: string | null;
  owner?: string | null;
  /** The version to create on, when the caller has it (an import, on the latest when it started); else the latest. */
  workflow?: CompiledWorkflow;
}): Promise<FunnelRecord> {
  const { services, tenantId, actor } = input;
  if (input.owner && input.owner !== actor.id && !actor.system && !actor.roles.some((r) => (ASSIGNING_ROLES as readonly string[]).includes(r))) {
    throw new ForbiddenError(
      [...ASSIGNING_ROLES],
      'Only admins, managers and apps may make someone else the owner of a new record; leave out owner, or name yourself',
    );
  }
  // An owner is an active user of this tenant: another tenant's id, none at all, or someone deactivated is never stored.
  if (input.owner) await activeOwner(services, tenantId, input.owner, '/owner');
  const workflow = input.workflow ?? (await services.workflows.forCreate({ tenantId, key: input.workflowKey }));
  const now = await services.clock.now(tenantId);
  const id = newId();
  const create = (owner: NewOwner): Decision => createDecision({ workflow, now, id, fields: input.fields, actor, pipeline: input.pipeline }, owner);
  const { change, placeHeld, known } =
    input.owner === undefined && workflow.assignment
      ? await routed({ services, tenantId, workflow, now, actor, create })
      : { change: created(create(input.owner !== undefined ? { owner: input.owner } : {})), placeHeld: false, known: [] };
  const score = storedScore({ workflow, record: change.record, now });
  await services.records.insert({ tenantId, change, contact: contactKeys(workflow.definition, change.record.fields), score, placeHeld, known });
  return change.record;
}

/** Whom a new record is given to: the one named, the pool with a reason, or (neither) its creator. */
type NewOwner = { owner?: string | null; pool?: { reason: string } };

/** What the engine decides about creating a record with these fields (nothing is written). */
function createDecision(
  input: { workflow: CompiledWorkflow; now: Instant; id: string; fields: Record<string, unknown>; actor: Actor; pipeline?: string | null | undefined },
  owner: NewOwner,
): Decision {
  const { workflow, now, id, fields, actor, pipeline } = input;
  return decide({ workflow, now, command: { type: 'create', id, fields, actor, ...(pipeline ? { pipeline } : {}), ...owner } });
}

/**
 * Checks a new record's fields as `createRecord` does (the engine's create, as its decisions are made) and writes
 * nothing: throws ValidationFailed with the same diagnostics a create would. Returns whose capacity place its insert
 * would take: its creator's, when no assignment rule routes it and its stage counts (`placeOf`); null when routing
 * places it (never refused: a full team sends it to the pool) or nothing is capped. An import runs this.
 * @example await checkNewRecord({ services, tenantId, actor, workflow, fields: { name: 'Ann', email: 'x' } }) // throws ValidationFailed
 */
export async function checkNewRecord(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  workflow: CompiledWorkflow;
  fields: Record<string, unknown>;
  pipeline?: string | null;
  /** The tenant's time, when the caller read it already (an import reads it once for a chunk's rows). */
  now?: Instant;
}): Promise<string | null> {
  const { services, workflow } = input;
  const now = input.now ?? (await services.clock.now(input.tenantId));
  const create = (owner: NewOwner) => created(createDecision({ ...input, now, id: newId() }, owner));
  if (!workflow.assignment) return placeOf(workflow, create({}).record);
  // As createRecord's decisions: unowned, as routing sees it; the creator's when no rule routes it.
  const unowned = create({ owner: null });
  if (services.routing.rule({ workflow, record: unowned.record, now })) return null;
  return placeOf(workflow, create({}).record);
}

/** What the engine made of a create, or the refusal it gave as a typed error (ValidationFailed for fields). */
function created(decision: Decision): Extract<Decision, { type: 'applied' }> {
  if (decision.type === 'refused') {
    const diagnostics = fieldDiagnostics(decision.blockers);
    if (diagnostics) throw new ValidationFailedError(diagnostics);
  }
  return appliedOrThrow(decision);
}

/**
 * A create routed by the first assignment rule that matches the new record (unowned, as routing sees it): given
 * to whom routing picks, or created into the pool with reason `no_one_available`, with the `assigned` event that
 * says so and a `notify` of the new owner (`placeHeld`: routing took the owner's capacity place; `known`: the new
 * owner as routing read them, for the notification). No rule matches:
 * the creator owns it.
 */
async function routed(input: {
  services: Services;
  tenantId: string;
  workflow: CompiledWorkflow;
  now: Instant;
  actor: Actor;
  create: (owner: NewOwner) => Decision;
}): Promise<{ change: Change; placeHeld: boolean; known: Recipient[] }> {
  const { services, tenantId, workflow, now, actor } = input;
  const unowned = created(input.create({ owner: null }));
  const rule = services.routing.rule({ workflow, record: unowned.record, now });
  if (!rule) return { change: created(input.create({})), placeHeld: false, known: [] };
  const { by, owner, placeTaken, ownerAsRead } = await services.routing.route({
    tenantId,
    workflow,
    rule,
    record: unowned.record,
    now,
    version: unowned.record.version,
  });
  const change = created(input.create(owner === null ? { pool: { reason: NO_ONE_AVAILABLE } } : { owner }));
  const recordId = change.record.id;
  const withAssigned: Change = {
    record: change.record,
    events: [
      ...change.events,
      {
        type: 'assigned',
        at: now,
        actor: actor.id,
        recordId,
        from: null,
        to: owner,
        rule: by.rule,
        strategy: by.strategy,
        ...(owner === null ? { reason: NO_ONE_AVAILABLE } : {}),
      },
    ],
    effects: owner === null ? change.effects : [...change.effects, { type: 'notify', to: 'owner', userId: owner, recordId, about: 'assigned' }],
  };
  // Routing took the owner's capacity place for this record (when its stage counts): the insert need not take it again.
  // Only a place routing took: a record whose stage counts only once owned (entry rules reading the owner) takes its own.
  // The new owner as routing read them tells their notification how to reach them, without reading them again.
  return { change: withAssigned, placeHeld: placeTaken, known: ownerAsRead ? [ownerAsRead] : [] };
}

/**
 * `createRecord` under the request's idempotency key: a retry with the same key returns the first record and
 * creates nothing.
 * @example await createRecordOnce({ services, tenantId, actor, workflowKey: 'standard_trunk', fields, idempotencyKey: 'k1' })
 */
export function createRecordOnce(input: Parameters<typeof createRecord>[0] & { idempotencyKey?: string | null | undefined }): Promise<FunnelRecord> {
  const { idempotencyKey, ...create } = input;
  return once({
    models: input.services.models,
    tenantId: input.tenantId,
    key: idempotencyKey,
    operation: 'createRecord',
    timing: input.services.config,
    fn: () => createRecord(create),
  });
}
