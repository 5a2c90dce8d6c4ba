import type { Blocker } from '@funnel/engine';
import { ROLES, type Diagnostic } from '@funnel/schemas';
import {
  type ApiError,
  BusyError,
  ForbiddenError,
  GuardRejectedError,
  JobBusyError,
  LeaseBusyError,
  LimitReachedError,
  NotFoundError,
  SignInFailedError,
  SignInThrottledError,
  TokenInvalidError,
  ValidationFailedError,
  VersionConflictError,
} from '../errors';
import { HEAVY_OPERATIONS } from '../services/heavy-operation';
import { builder } from './builder';
import { describeBlocker } from './describe-blocker';

export const RoleEnum = builder.enumType('Role', { values: ROLES });

const ErrorInterface = builder.interfaceRef<ApiError>('Error').implement({
  description: 'Every typed refusal: a code from docs/error-codes.md and a message a user can act on.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

export const DiagnosticRef = builder.objectRef<Diagnostic>('Diagnostic').implement({
  description: 'One problem in a document, located by a JSON pointer (RFC 6901).',
  fields: (t) => ({
    severity: t.exposeString('severity'),
    code: t.exposeString('code'),
    pointer: t.exposeString('pointer'),
    message: t.exposeString('message'),
  }),
});

export const BlockerRef = builder.objectRef<Blocker>('Blocker').implement({
  description: 'Why a transition, claim or extension cannot happen now. `detail` holds the engine blocker as is.',
  fields: (t) => ({
    type: t.exposeString('type'),
    message: t.string({ resolve: (b) => describeBlocker(b) }),
    field: t.string({ nullable: true, resolve: (b) => (b.type === 'missing_field' ? b.field : null) }),
    pointer: t.string({ nullable: true, resolve: (b) => ('pointer' in b ? b.pointer : null) }),
    requiredRoles: t.field({ type: [RoleEnum], resolve: (b) => (b.type === 'role' ? [...b.required] : []) }),
    options: t.stringList({ resolve: (b) => ('options' in b ? b.options : []) }),
    detail: t.field({ type: 'JSON', resolve: (b) => b }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFound',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    what: t.exposeString('what'),
    id: t.exposeID('id'),
    pointer: t.exposeString('pointer', { nullable: true, description: 'The input that named it, as a JSON pointer (/id, /owner, /managerId).' }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'Forbidden',
  interfaces: [ErrorInterface],
  fields: (t) => ({ requiredRoles: t.exposeStringList('requiredRoles') }),
});

builder.objectType(ValidationFailedError, {
  name: 'ValidationFailed',
  interfaces: [ErrorInterface],
  fields: (t) => ({ diagnostics: t.field({ type: [DiagnosticRef], resolve: (e) => e.diagnostics }) }),
});

builder.objectType(GuardRejectedError, {
  name: 'GuardRejected',
  interfaces: [ErrorInterface],
  fields: (t) => ({ blockers: t.field({ type: [BlockerRef], resolve: (e) => e.blockers }) }),
});

builder.objectType(JobBusyError, {
  name: 'JobBusy',
  interfaces: [ErrorInterface],
  description: 'Another call is running this job; resume it once that run stops.',
  fields: (t) => ({
    jobId: t.exposeID('jobId'),
    lastProgressAt: t.field({
      type: 'DateTime',
      description: 'When the running call was last heard from: its last progress or heartbeat.',
      resolve: (e) => e.lastProgressAt,
    }),
  }),
});

builder.objectType(LeaseBusyError, {
  name: 'LeaseBusy',
  interfaces: [ErrorInterface],
  description: "Another request held what this one needs (an owner's claims or extensions) for as long as this one waits; retry.",
  fields: (t) => ({
    waitedMs: t.exposeInt('waitedMs'),
    maxHoldMs: t.exposeInt('maxHoldMs', { description: 'The longest a request holds it, even one that hangs.' }),
  }),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflict',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    recordId: t.exposeString('recordId'),
    expectedVersion: t.exposeInt('expectedVersion'),
    currentVersion: t.exposeInt('currentVersion'),
  }),
});

builder.objectType(LimitReachedError, {
  name: 'LimitReached',
  interfaces: [ErrorInterface],
  fields: (t) => ({ limit: t.exposeString('limit'), max: t.exposeInt('max'), current: t.exposeInt('current') }),
});

const HeavyOperationEnum = builder.enumType('HeavyOperation', {
  description: 'A kind of operation each tenant may run only a few of at once: metrics reports, CSV imports, definition validations, migrations, CSV exports.',
  values: HEAVY_OPERATIONS,
});

builder.objectType(BusyError, {
  name: 'Busy',
  interfaces: [ErrorInterface],
  description: 'The tenant is running as many operations of this kind at once as it may (other tenants are not affected); retry after retryAfterMs.',
  fields: (t) => ({
    operation: t.field({ type: HeavyOperationEnum, resolve: (e) => e.operation }),
    retryAfterMs: t.exposeInt('retryAfterMs', { description: 'How long to wait before retrying.' }),
  }),
});

builder.objectType(SignInFailedError, {
  name: 'SignInFailed',
  interfaces: [ErrorInterface],
  description: 'The workspace, email or password is not right: one answer for each, so it tells nobody which accounts exist.',
  fields: () => ({}),
});

builder.objectType(SignInThrottledError, {
  name: 'SignInThrottled',
  interfaces: [ErrorInterface],
  description: 'Too many failed attempts for this account or from this address (counted by every api process alike); retry after retryAfterMs.',
  fields: (t) => ({ retryAfterMs: t.exposeInt('retryAfterMs', { description: 'How long until the window of attempts ends.' }) }),
});

builder.objectType(TokenInvalidError, {
  name: 'TokenInvalid',
  interfaces: [ErrorInterface],
  description: 'An invitation or password reset link that was used already, has expired or is unknown; ask for a new one.',
  fields: () => ({}),
});
