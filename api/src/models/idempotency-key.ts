import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** The stored outcome of a request made with an idempotency key; a retry returns it. */
export interface IdempotencyKeyDoc {
  _id: string;
  tenantId: string;
  key: string;
  operation: string;
  /** 'pending' while the first request runs. */
  state: 'pending' | 'done';
  result?: unknown;
  createdAt: Date;
}

const schema = new Schema<IdempotencyKeyDoc>(
  { _id: String, tenantId: String, key: String, operation: String, state: String, result: Schema.Types.Mixed, createdAt: Date },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, key: 1 }, { unique: true });

/** The IdempotencyKey model on a connection. */
export const idempotencyKeyModel = (connection: Connection) => connection.model<IdempotencyKeyDoc>('IdempotencyKey', schema, 'idempotencyKeys');
