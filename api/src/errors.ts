// Imported as graphql/index.js everywhere in the api: Vite would otherwise load graphql's .mjs build next to
// the CommonJS one that yoga and Pothos load, and GraphQL refuses objects "from another realm".
import type { Blocker } from '@funnel/engine';
import type { Diagnostic } from '@funnel/schemas';
import { GraphQLError } from 'graphql/index.js';
import { HEAVY_OPERATION_NAMES, type HeavyOperation } from './services/heavy-operation';

/**
 * The closed set of codes the api reports (documented in docs/error-codes.md).
 * @example new ApiError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"')
 */
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'GUARD_REJECTED',
  'VERSION_CONFLICT',
  'LIMIT_REACHED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_PENDING',
  'JOB_BUSY',
  'LEASE_BUSY',
  'BUSY',
  'SIGN_IN_FAILED',
  'SIGN_IN_THROTTLED',
  'TOKEN_INVALID',
  'CROSS_SITE_REFUSED',
  'UNSCOPED_QUERY',
  'REQUEST_TOO_LARGE',
  'LENGTH_REQUIRED',
  'BAD_REQUEST',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * The api's one error class: a code from a closed set and a message a user can act on.
 * It is a GraphQLError, so yoga shows it (with `extensions.code`) instead of masking it; the
 * subclasses below become typed union results where a field lists them.
 */
export class ApiError extends GraphQLError {
  override readonly name: string = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** More for a client that gets this as a GraphQL error rather than a typed result (e.g. the diagnostics). */
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/**
 * The thing asked for does not exist in the caller's tenant (another tenant's ids look exactly like this).
 * `pointer` says which input named it (`/id`, `/owner`, `/managerId`), where an input did.
 */
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  readonly what: string;
  readonly id: string;
  readonly pointer: string | null;
  constructor(input: { what: string; id: string; pointer?: string }) {
    super('NOT_FOUND', `${input.what} "${input.id}" was not found`, input.pointer ? { pointer: input.pointer } : {});
    this.what = input.what;
    this.id = input.id;
    this.pointer = input.pointer ?? null;
  }
}

/** The caller's roles do not allow this operation. */
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  constructor(
    readonly requiredRoles: readonly string[],
    message = `This needs one of the roles: ${requiredRoles.join(', ')}`,
  ) {
    super('FORBIDDEN', message);
  }
}

/**
 * The API key's scope does not cover a root field of the request (`operations`), so none of the request ran. `scope`
 * is the key's: `read_only` (queries and subscriptions), or `operations` with the root fields it may call.
 * @example new KeyScopeError({ operations: ['createRecord'], scope: { access: 'read_only', operations: [] }, message: '…' })
 */
export class KeyScopeError extends ApiError {
  override readonly name = 'KeyScopeError';
  constructor(input: { operations: readonly string[]; scope: { access: string; operations: readonly string[] }; message: string }) {
    super('FORBIDDEN', input.message, { operations: input.operations, scope: input.scope });
  }
}

/** Input is wrong; every problem carries a JSON pointer into the input. */
export class ValidationFailedError extends ApiError {
  override readonly name = 'ValidationFailedError';
  constructor(
    readonly diagnostics: Diagnostic[],
    message = `Input is invalid: ${diagnostics.map((d) => `${d.pointer || '/'} ${d.message}`).join('; ')}`,
  ) {
    // Where a field has no ValidationFailed result (connections), clients read the pointers from the error.
    super('VALIDATION_FAILED', message, { diagnostics });
  }
}

/** The engine refused the change; every blocker is listed. */
export class GuardRejectedError extends ApiError {
  override readonly name = 'GuardRejectedError';
  constructor(readonly blockers: Blocker[]) {
    super('GUARD_REJECTED', `Refused: ${blockers.map((b) => b.type).join(', ')}`);
  }
}

/** The record changed since the caller read it; re-read and retry. */
export class VersionConflictError extends ApiError {
  override readonly name = 'VersionConflictError';
  readonly recordId: string;
  readonly expectedVersion: number;
  readonly currentVersion: number;
  /** @example new VersionConflictError({ recordId: 'r1', expectedVersion: 2, currentVersion: 3 }) */
  constructor(input: { recordId: string; expectedVersion: number; currentVersion: number }) {
    super('VERSION_CONFLICT', `Record "${input.recordId}" is at version ${input.currentVersion}, not ${input.expectedVersion}; re-read it and retry`);
    this.recordId = input.recordId;
    this.expectedVersion = input.expectedVersion;
    this.currentVersion = input.currentVersion;
  }
}

/** A per-owner or per-record limit is used up. */
export class LimitReachedError extends ApiError {
  override readonly name = 'LimitReachedError';
  readonly limit: string;
  readonly max: number;
  readonly current: number;
  /** @example new LimitReachedError({ limit: 'extensionsPerOwner', max: 10, current: 10 }) */
  constructor(input: { limit: string; max: number; current: number }) {
    super('LIMIT_REACHED', `Limit "${input.limit}" reached: ${input.current} of ${input.max}`);
    this.limit = input.limit;
    this.max = input.max;
    this.current = input.current;
  }
}

/** Another call is running this job now; its counters are its own until it stops. */
export class JobBusyError extends ApiError {
  override readonly name = 'JobBusyError';
  readonly jobId: string;
  readonly lastProgressAt: Date;
  /** `staleAfterMs`: how long after `lastProgressAt` a run whose process died frees the job (`jobStaleAfterMs`). */
  constructor(input: { jobId: string; lastProgressAt: Date; staleAfterMs: number }) {
    super(
      'JOB_BUSY',
      `Job "${input.jobId}" is being run by another call (last heard from at ${input.lastProgressAt.toISOString()}: its progress or heartbeat); follow it with job(id) and resume it once it stops. ` +
        `A run whose process died frees the job ${Math.round(input.staleAfterMs / 1000)} s after it was last heard from; a live run beats until it stops`,
    );
    this.jobId = input.jobId;
    this.lastProgressAt = input.lastProgressAt;
  }
}

/**
 * Another request held the lease this one needs (an owner's claims or extensions, a tenant's import turn) for
 * all of `waitedMs`; a holder lets go after at most `maxHoldMs`, even when its request hangs.
 */
export class LeaseBusyError extends ApiError {
  override readonly name = 'LeaseBusyError';
  readonly waitedMs: number;
  readonly maxHoldMs: number;
  /** @example new LeaseBusyError({ what: "this user's claims", waitedMs: 10_004, maxHoldMs: 15_000 }) */
  constructor(input: { what: string; waitedMs: number; maxHoldMs: number }) {
    super(
      'LEASE_BUSY',
      `Waited ${Math.round(input.waitedMs / 1000)} s for ${input.what}, which another request held all along; retry: a request that hangs lets go of it at most ${Math.round(input.maxHoldMs / 1000)} s after taking it`,
    );
    this.waitedMs = input.waitedMs;
    this.maxHoldMs = input.maxHoldMs;
  }
}

/**
 * The caller's tenant has as many operations of this kind running and waiting in this process as it may
 * (`tenantConcurrency` and `tenantQueue`); retry after `retryAfterMs`. Other tenants are not affected.
 */
export class BusyError extends ApiError {
  override readonly name = 'BusyError';
  readonly operation: HeavyOperation;
  readonly retryAfterMs: number;
  /** @example new BusyError({ operation: 'metrics', admitted: 6, retryAfterMs: 1000 }) */
  constructor(input: { operation: HeavyOperation; admitted: number; retryAfterMs: number }) {
    super(
      'BUSY',
      `This tenant has ${input.admitted} ${HEAVY_OPERATION_NAMES[input.operation]} running or waiting for their turn, the most it may; retry in ${Math.ceil(input.retryAfterMs / 100) / 10} s`,
      // Where the field has no Busy result (validateWorkflow), clients read when to retry from the error.
      { operation: input.operation, retryAfterMs: input.retryAfterMs },
    );
    this.operation = input.operation;
    this.retryAfterMs = input.retryAfterMs;
  }
}

/**
 * A sign-in did not succeed. The same answer, word for word, for a tenant slug nobody has, an email the tenant does
 * not know (or an account that is deactivated or has no password yet) and a wrong password, so an answer tells a
 * guesser nothing about which accounts exist.
 */
export class SignInFailedError extends ApiError {
  override readonly name = 'SignInFailedError';
  constructor() {
    super('SIGN_IN_FAILED', 'The workspace, email or password is not right');
  }
}

/**
 * Too many sign-in attempts (or password reset requests) for this account or from this address in the current
 * window, or too many password hashes waiting in this process; retry after `retryAfterMs`.
 */
export class SignInThrottledError extends ApiError {
  override readonly name = 'SignInThrottledError';
  readonly retryAfterMs: number;
  /** @example new SignInThrottledError({ retryAfterMs: 840_000 }) */
  constructor(input: { retryAfterMs: number }) {
    const seconds = Math.max(1, Math.ceil(input.retryAfterMs / 1000));
    const wait = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
    super('SIGN_IN_THROTTLED', `Too many attempts for this account or from this address; try again in ${wait}`, {
      retryAfterMs: input.retryAfterMs,
    });
    this.retryAfterMs = input.retryAfterMs;
  }
}

/** An invitation or password reset link that is unknown, used already or expired (one answer for the three). */
export class TokenInvalidError extends ApiError {
  override readonly name = 'TokenInvalidError';
  constructor() {
    super('TOKEN_INVALID', 'This link is not valid: it was used already, has expired or was mistyped; ask for a new one');
  }
}
