import type { Schema } from 'mongoose';
import { ApiError } from '../errors';

const FILTERED_QUERIES = [
  'countDocuments',
  'deleteMany',
  'deleteOne',
  'distinct',
  'estimatedDocumentCount',
  'find',
  'findOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'replaceOne',
  'updateMany',
  'updateOne',
] as const;

function requireTenant(filter: Record<string, unknown> | undefined, what: string): void {
  const tenantId = filter?.tenantId;
  // A plain string only: `{ tenantId: { $ne: null } }` would scope nothing.
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new ApiError('UNSCOPED_QUERY', `${what} without a tenantId filter refused: every query must be scoped to one tenant`);
  }
}

/**
 * Mongoose plugin: every query, update, delete, bulk write and aggregation on the model must name
 * exactly one tenant, or it throws before reaching the store. Documents must carry `tenantId`.
 * Cross-tenant work (the timer sweeper) goes through `Model.collection` on purpose, never by accident.
 * @example schema.plugin(tenantScopePlugin); await Record.find({ stage: 'sql' }) // throws UNSCOPED_QUERY
 */
export function tenantScopePlugin(schema: Schema): void {
  if (!schema.path('tenantId')) schema.add({ tenantId: { type: String, required: true, index: true } });
  schema.pre([...FILTERED_QUERIES], function () {
    requireTenant(this.getFilter() as Record<string, unknown>, `${(this as unknown as { op?: string }).op ?? 'query'} on ${this.model.modelName}`);
  });
  schema.pre('aggregate', function () {
    const first = this.pipeline()[0] as { $match?: Record<string, unknown> } | undefined;
    requireTenant(first?.$match, `aggregate on ${this.model().modelName} (first stage must be $match on tenantId)`);
  });
  schema.pre('bulkWrite', function (ops: unknown[]) {
    for (const op of ops as Record<string, { filter?: Record<string, unknown>; document?: Record<string, unknown> }>[]) {
      for (const [kind, body] of Object.entries(op)) {
        if (kind === 'insertOne') requireTenant(body.document, `bulkWrite insertOne on ${this.modelName}`);
        else requireTenant(body.filter, `bulkWrite ${kind} on ${this.modelName}`);
      }
    }
  });
}
