import type { Document } from 'bson';
import type { IndexSpec } from './collection-index.js';

/**
 * One durable change, as written to the journal and the snapshot. Documents are after-images,
 * so replaying a record twice gives the same state.
 */
export type LogOperation =
  | { t: 'put'; db: string; c: string; d: Document }
  /** Many documents of one collection in one record (snapshots: fewer, larger records load faster). */
  | { t: 'putMany'; db: string; c: string; docs: Document[] }
  | { t: 'delete'; db: string; c: string; id: unknown }
  | { t: 'createCollection'; db: string; c: string }
  | { t: 'dropCollection'; db: string; c: string }
  | { t: 'createIndex'; db: string; c: string; spec: IndexSpec }
  | { t: 'dropIndex'; db: string; c: string; name: string }
  | { t: 'dropDatabase'; db: string };
