import { timingSafeEqual } from 'node:crypto';
import type { Models } from '../models/models';
import { hashApiKeyToken, tenantOfToken } from './api-key-token';
import type { Viewer } from './viewer';

const BEARER = /^Bearer\s+(\S+)$/i;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Resolves `Authorization: Bearer <key>` to a viewer: the root key, a tenant user's key, or anonymous.
 * @example await authenticate({ models, header: 'Bearer fk_…', rootKey: process.env.FUNNEL_ROOT_KEY })
 */
export async function authenticate(input: { models: Models; header: string | null; rootKey?: string }): Promise<Viewer> {
  const token = input.header ? BEARER.exec(input.header)?.[1] : undefined;
  if (!token) return { kind: 'anonymous' };
  if (input.rootKey && sameSecret(token, input.rootKey)) return { kind: 'root' };
  const tenantId = tenantOfToken(token);
  if (!tenantId) return { kind: 'anonymous' };
  const key = await input.models.ApiKey.findOne({ tenantId, hash: hashApiKeyToken(token), revokedAt: null }).lean();
  if (!key) return { kind: 'anonymous' };
  const user = await input.models.User.findOne({ tenantId, _id: key.userId }).lean();
  if (!user) return { kind: 'anonymous' };
  return { kind: 'user', tenantId, user, keyId: key._id, actor: { id: user._id, roles: user.roles } };
}
