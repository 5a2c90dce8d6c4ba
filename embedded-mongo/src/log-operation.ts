import type { Document } from 'bson';
import type { IndexSpec } from './collection-index.js';

/**
 * One durable change, as written to the journal and the snapshot. Documents and patched fields are
 * after-images, so replaying a record twice (or over a snapshot that already has it) gives the same state.
 */
export type LogOperation =
  | { t: 'put'; db: string; c: string; d: Document }
  /** Many documents of one collection in one record (snapshots: fewer, larger records load faster). */
  | { t: 'putMany'; db: string; c: string; docs: Document[] }
  /** An update of an existing document: the top-level fields it set and removed (see top-level-patch.ts). */
  | { t: 'patch'; db: string; c: string; id: unknown; set: Document; unset: string[] }
  | { t: 'delete'; db: string; c: string; id: unknown }
  | { t: 'createCollection'; db: string; c: string }
  | { t: 'dropCollection'; db: string; c: string }
  | { t: 'createIndex'; db: string; c: string; spec: IndexSpec }
  | { t: 'dropIndex'; db: string; c: string; name: string }
  | { t: 'dropDatabase'; db: string };
