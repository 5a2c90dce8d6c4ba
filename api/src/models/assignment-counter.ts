import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * How many assignments one assignment rule of one workflow has handed out (`_id`: `${tenantId}:${workflowKey}:${ruleKey}`):
 * each assignment takes the next number with one `$inc`, and the engine's `assignmentOrder` turns it into the member
 * to try first, so any number of api processes rotate through a team as one.
 */
export interface AssignmentCounterDoc {
  _id: string;
  tenantId: string;
  next: number;
}

const schema = new Schema<AssignmentCounterDoc>({ _id: String, tenantId: String, next: Number }, { versionKey: false });
schema.plugin(tenantScopePlugin);

/** The AssignmentCounter model on a connection. */
export const assignmentCounterModel = (connection: Connection) => connection.model<AssignmentCounterDoc>('AssignmentCounter', schema, 'assignmentCounters');
