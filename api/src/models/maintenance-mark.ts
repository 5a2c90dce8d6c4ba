import { Schema, type Connection } from 'mongoose';

/**
 * What a store-wide maintenance pass found done, so the next start need not look again: `_id` names the pass.
 * `contact-keys`: a contact-key backfill under rules `rules` found no record with keys of older rules, and none
 * without rules at all (services/contact-key-backfill.ts). Not a tenant's data: no tenant scope.
 */
export interface MaintenanceMarkDoc {
  _id: string;
  rules: number;
  at: Date;
}

const schema = new Schema<MaintenanceMarkDoc>({ _id: String, rules: Number, at: Date }, { versionKey: false });

/** The MaintenanceMark model on a connection. */
export const maintenanceMarkModel = (connection: Connection) => connection.model<MaintenanceMarkDoc>('MaintenanceMark', schema, 'maintenanceMarks');
