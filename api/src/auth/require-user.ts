import type { Role } from '@funnel/schemas';
import type { Context } from '../context';
import { ApiError, ForbiddenError } from '../errors';
import type { Viewer } from './viewer';

export type UserViewer = Extract<Viewer, { kind: 'user' }>;

/**
 * The calling user, or a refusal: UNAUTHENTICATED without a valid key, Forbidden without one of `roles`.
 * @example const viewer = requireUser(ctx, ['admin'])
 */
export function requireUser(ctx: Context, roles?: readonly Role[]): UserViewer {
  const viewer = ctx.viewer;
  if (viewer.kind === 'anonymous') {
    throw new ApiError('UNAUTHENTICATED', 'Send a valid API key as "Authorization: Bearer <key>"');
  }
  if (viewer.kind === 'root') throw new ForbiddenError(roles ?? [], 'The root key may only create tenants');
  if (roles && !viewer.user.roles.some((r) => roles.includes(r))) throw new ForbiddenError(roles);
  return viewer;
}
