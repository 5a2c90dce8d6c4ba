import { type ArchiveOperation, backupArchiveOperations } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';

/** Index fields that are the server's, not the index's: MongoDB sets its own version. */
const SERVER_INDEX_FIELDS = new Set(['v', 'ns']);

/**
 * The database a connection string names (`mongodb://host/funnel` → `funnel`), or undefined when it names none (the
 * api then uses the driver's default, `test`, as the embedded store's archive does).
 * @example namedDatabase('mongodb+srv://u:p@cluster0.example.net/funnel?retryWrites=true') // 'funnel'
 */
function namedDatabase(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/**
 * Loads a backup archive of the embedded store into the MongoDB at `uri` through the driver: every collection, its
 * documents (in batches of the archive's records), then its indexes. The archive is read through once first, so a
 * damaged one writes nothing; the target databases must hold no documents. An archive of one database goes into the
 * database the URI names (when it names one); otherwise each keeps its name.
 * @example await restoreIntoMongodb({ archive: '/srv/backups/funnel.backup', uri: 'mongodb://db.example/funnel' })
 */
export async function restoreIntoMongodb(input: { archive: string; uri: string }): Promise<{ collections: number; documents: number }> {
  const databases = new Set<string>();
  for (const op of backupArchiveOperations(input.archive)) databases.add(op.db);
  const named = namedDatabase(input.uri);
  if (named && databases.size > 1) {
    throw new Error(
      `the archive holds ${databases.size} databases (${[...databases].join(', ')}): name none in MONGODB_URI, and each is restored under its own name`,
    );
  }
  const target = (db: string) => named ?? db;
  const client = new mongoose.mongo.MongoClient(input.uri);
  try {
    await client.connect();
    for (const db of databases) await refuseUnlessEmpty(client.db(target(db)), input.uri);
    const indexes: Extract<ArchiveOperation, { t: 'createIndex' }>[] = [];
    const operations = backupArchiveOperations(input.archive);
    for (;;) {
      const next = operations.next();
      if (next.done) {
        // Indexes last: building each once over its collection is faster than keeping it up while inserting.
        for (const op of indexes) await createIndex(client.db(target(op.db)), op);
        return next.value;
      }
      const op = next.value;
      const db = client.db(target(op.db));
      switch (op.t) {
        case 'createCollection':
          await db.createCollection(op.c).catch((error: { codeName?: string }) => {
            if (error.codeName !== 'NamespaceExists') throw error;
          });
          break;
        case 'createIndex':
          indexes.push(op);
          break;
        case 'putMany':
          await db.collection(op.c).insertMany(op.docs, { ordered: true, bypassDocumentValidation: true });
          break;
        default: {
          const unknown: never = op;
          throw new Error(`unknown archive record ${JSON.stringify(unknown)}`);
        }
      }
    }
  } finally {
    await client.close();
  }
}

async function refuseUnlessEmpty(db: mongoose.mongo.Db, uri: string): Promise<void> {
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const count = await db.collection(name).estimatedDocumentCount();
    if (count > 0) {
      throw new Error(
        `the database ${db.databaseName} at ${redacted(uri)} is not empty (${name} holds ${count} documents); a restore goes into an empty database only`,
      );
    }
  }
}

async function createIndex(db: mongoose.mongo.Db, op: Extract<ArchiveOperation, { t: 'createIndex' }>): Promise<void> {
  const spec = Object.fromEntries(Object.entries(op.spec).filter(([field]) => !SERVER_INDEX_FIELDS.has(field)));
  await db.command({ createIndexes: op.c, indexes: [spec] });
}

/** The connection string without its password, for messages. */
function redacted(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
