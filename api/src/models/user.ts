import { Schema, type Connection } from 'mongoose';
import type { Role } from '@funnel/schemas';
import type { Availability, Locale, NotificationChannel } from '../accounts/account-settings';
import { holdsAuditEntries } from './audit-entry';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * A person (or an app) acting in a tenant; `managerId` makes forecasts roll up and teams. Fields added by accounts
 * (issue 17) are optional in the store: documents written before them read with the defaults of `accountOf`.
 */
export interface UserDoc {
  _id: string;
  tenantId: string;
  name: string;
  /** Trimmed and lower-cased; unique in the tenant. */
  email?: string;
  roles: Role[];
  managerId: string | null;
  createdAt: Date;
  locale?: Locale;
  /** An IANA time zone (Europe/Berlin); UTC when unset. */
  timeZone?: string;
  availability?: Availability | null;
  /** Per notification type, the channel the person chose; a type not named is `in_app`. */
  notifications?: Record<string, NotificationChannel>;
  /** False once deactivated: no sign-in, no session, no key works; the user's records stay. */
  active?: boolean;
  deactivatedAt?: Date | null;
  /** When the user first set a password (accepting an invitation) or changed it. */
  passwordChangedAt?: Date | null;
}

/** What only sign-in reads: `passwordHash` is never selected unless asked for (`.select('+passwordHash')`). */
export type UserWithPassword = UserDoc & { passwordHash?: string | null };

const schema = new Schema<UserWithPassword>(
  {
    _id: String,
    tenantId: String,
    name: { type: String, required: true },
    email: String,
    roles: [String],
    managerId: { type: String, default: null },
    createdAt: Date,
    locale: String,
    timeZone: String,
    availability: { type: { awayFrom: Date, awayUntil: Date, _id: false }, default: undefined },
    notifications: { type: Schema.Types.Mixed, default: undefined },
    active: Boolean,
    deactivatedAt: Date,
    passwordChangedAt: Date,
    passwordHash: { type: String, select: false },
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
holdsAuditEntries(schema);
schema.index({ tenantId: 1, managerId: 1 });
// One account per email in a tenant. Users made before emails were required (apps, old data) have none.
schema.index({ tenantId: 1, email: 1 }, { unique: true, partialFilterExpression: { email: { $type: 'string' } } });

/** The User model on a connection. */
export const userModel = (connection: Connection) => connection.model<UserWithPassword>('User', schema, 'users');
