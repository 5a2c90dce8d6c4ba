import { newTenantToken, parseTenantToken } from '../auth/tenant-token';
import { TokenInvalidError } from '../errors';
import type { AccountTokenPurpose } from '../models/account-token';
import type { Models } from '../models/models';

/**
 * A new link token (`fl_…`) for a user, valid once for `ttlMs`; the user's earlier unused tokens for the same
 * purpose stop working (the newest mail is the one that counts). Only the token's hash is stored.
 * @example const { token, expiresAt } = await issueAccountToken({ models, tenantId, userId, purpose: 'invitation', ttlMs })
 */
export async function issueAccountToken(input: {
  models: Models;
  tenantId: string;
  userId: string;
  purpose: AccountTokenPurpose;
  ttlMs: number;
}): Promise<{ token: string; expiresAt: Date }> {
  const { models, tenantId, userId, purpose } = input;
  const now = new Date();
  await models.AccountToken.updateMany({ tenantId, userId, purpose, usedAt: null }, { $set: { usedAt: now } });
  const { token, hash } = newTenantToken('fl', tenantId);
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  await models.AccountToken.create({ _id: hash, tenantId, userId, purpose, createdAt: now, expiresAt, usedAt: null });
  return { token, expiresAt };
}

/**
 * Uses a link token: the tenant and user it was issued for, once. Unknown, malformed, used, expired or issued for
 * the other purpose: TokenInvalid, the same answer for each.
 * @example const { tenantId, userId } = await consumeAccountToken({ models, token, purpose: 'password_reset' })
 */
export async function consumeAccountToken(input: {
  models: Models;
  token: string;
  purpose: AccountTokenPurpose;
}): Promise<{ tenantId: string; userId: string }> {
  const parsed = parseTenantToken('fl', input.token.trim());
  if (!parsed) throw new TokenInvalidError();
  const now = new Date();
  const used = await input.models.AccountToken.findOneAndUpdate(
    { tenantId: parsed.tenantId, _id: parsed.hash, purpose: input.purpose, usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
    { returnDocument: 'after' },
  ).lean();
  if (!used) throw new TokenInvalidError();
  return { tenantId: used.tenantId, userId: used.userId };
}

/** Makes every unused link of a user stop working (a deactivated user's invitation or reset). */
export async function voidAccountTokens(input: { models: Models; tenantId: string; userId: string }): Promise<void> {
  await input.models.AccountToken.updateMany({ tenantId: input.tenantId, userId: input.userId, usedAt: null }, { $set: { usedAt: new Date() } });
}
