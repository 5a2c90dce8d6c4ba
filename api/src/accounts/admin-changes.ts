/** The administrative changes the audit log records, all written through one seam (services/admin-audit.ts). */
export const AUDIT_ACTIONS = [
  'user_invited',
  'user_created',
  'user_updated',
  'user_password_reset_sent',
  'api_key_created',
  'api_key_rotated',
  'api_key_revoked',
  'workflow_published',
  'migration_started',
  'hand_over_started',
  'webhook_endpoint_created',
  'webhook_endpoint_updated',
  'webhook_endpoint_deleted',
  'webhook_secret_rotated',
] as const;
type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a change is made to; `targetId` is its id (a workflow's, not its key; a migration's job). */
export const AUDIT_TARGET_TYPES = ['user', 'api_key', 'workflow', 'migration', 'hand_over', 'webhook_endpoint'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** Who made a change: a person (a session: `userId`), a person's key (both), or an integration's key (`keyId` only). */
export interface AuditActor {
  userId: string | null;
  keyId: string | null;
}

/** A JSON value as the log keeps it: dates as ISO text, no undefined. */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

/**
 * What an administrative change did, as the log shows it: `before` and `after` hold the fields it changed (null for
 * what did not exist before, or no longer exists), as plain JSON, and never a secret (a key's hash or token, a
 * password hash, a link's token).
 */
export interface AdminChange {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  before: Record<string, AuditValue> | null;
  after: Record<string, AuditValue> | null;
}

/**
 * A value as the log keeps it: dates become ISO text, undefined becomes null (in objects, and arrays), so that
 * `before` and `after` read the same from the store, in GraphQL and in a webhook.
 * @example auditValue({ awayFrom: new Date(0), note: undefined }) // → { awayFrom: '1970-01-01T00:00:00.000Z', note: null }
 */
export function auditValue(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(auditValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, auditValue(inner)]));
  return value as string | number | boolean;
}

/**
 * The fields of a change's side as the log keeps them (auditValue of each).
 * @example auditRecord({ revokedAt: new Date(0) }) // → { revokedAt: '1970-01-01T00:00:00.000Z' }
 */
export function auditRecord(values: Record<string, unknown>): Record<string, AuditValue> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, auditValue(value)]));
}

/**
 * The fields of `after` whose values differ from `before`'s, each side as the log keeps it; null when none differ
 * (the change changed nothing, and nothing is logged).
 * @example changedFields({ roles: ['sales'], name: 'Ann' }, { roles: ['sales', 'manager'], name: 'Ann' }) // → { before: { roles: ['sales'] }, after: { roles: ['sales', 'manager'] } }
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, AuditValue>; after: Record<string, AuditValue> } | null {
  const changed = Object.keys(after).filter((key) => JSON.stringify(auditValue(before[key])) !== JSON.stringify(auditValue(after[key])));
  if (changed.length === 0) return null;
  const pick = (values: Record<string, unknown>) => auditRecord(Object.fromEntries(changed.map((key) => [key, values[key]])));
  return { before: pick(before), after: pick(after) };
}
