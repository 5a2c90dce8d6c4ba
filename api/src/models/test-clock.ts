import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * A tenant's time on the test clock (FUNNEL_TEST_CLOCK=1), held in the store so every api process agrees.
 * One document per tenant whose admin has set or moved its time; `_id` is the tenant id.
 */
export interface TestClockDoc {
  _id: string;
  tenantId: string;
  now: number;
}

const schema = new Schema<TestClockDoc>({ _id: String, tenantId: String, now: Number }, { versionKey: false });
schema.plugin(tenantScopePlugin);

/** The TestClock model on a connection. */
export const testClockModel = (connection: Connection) => connection.model<TestClockDoc>('TestClock', schema, 'testClocks');
