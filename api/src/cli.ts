import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, restoreBackupArchive, startEmbeddedMongo } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';
import { backUpStore } from './backup/back-up-store';
import { restoreIntoMongodb } from './backup/restore-into-mongodb';
import { createModels, syncIndexes } from './models/models';
import { createTenant } from './services/create-tenant';

const USAGE = `usage: npx tsx api/src/cli.ts <command>   (or: pnpm funnel <command>)
  create tenant <name>              a tenant and its first admin key (on the embedded store: with the api stopped)
  backup <archive>                  the data as it stands at one moment, to a new file, while the api runs on
  restore <archive>                 an archive into an empty data directory
Without MONGODB_URI these use the embedded store's data directory: --data-dir D, else ${defaultDataDir()}
($FUNNEL_DATA_DIR/embedded-mongo). With MONGODB_URI, restore loads the archive into that MongoDB (an empty database).`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
const [verb, ...rest] = positionals;
const uri = process.env.MONGODB_URI || undefined;
// Paths are the caller's: `pnpm funnel` runs from the repository's root, and says where it was started in INIT_CWD.
const fromCaller = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
const dataDir = values['data-dir'] ? fromCaller(values['data-dir']) : defaultDataDir();

try {
  if (verb === 'create' && rest[0] === 'tenant' && rest.slice(1).join(' ').trim()) await create(rest.slice(1).join(' ').trim());
  else if (verb === 'backup' && rest.length === 1) await backup(fromCaller(rest[0] as string));
  else if (verb === 'restore' && rest.length === 1) await restore(fromCaller(rest[0] as string));
  else {
    console.error(USAGE);
    process.exit(2);
  }
} catch (error) {
  console.error(`funnel ${verb}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// `create tenant <name>`: prints the tenant id and its first admin key (shown once).
async function create(name: string): Promise<void> {
  // Without MONGODB_URI, open the embedded store's data directory (it is locked while the api runs).
  const embedded = uri ? null : await startEmbeddedMongo({ dataDir });
  const connection = await mongoose.createConnection(uri ?? (embedded?.uri as string)).asPromise();
  const models = createModels(connection);
  await syncIndexes(models);
  const { tenant, adminKey } = await createTenant({ models, name });
  console.log(`tenant ${tenant._id} "${tenant.name}" created`);
  console.log(`admin key (shown once): ${adminKey}`);
  await connection.close();
  await embedded?.close();
}

async function backup(archive: string): Promise<void> {
  const report = await backUpStore({ archive, dataDir, uri });
  const source = { 'running store': `the store serving ${dataDir}`, 'data directory': dataDir, MONGODB_URI: 'the store at MONGODB_URI' }[report.from];
  console.log(`backup of ${source} written to ${report.path}: ${report.collections} collections, ${report.documents} documents, ${report.bytes} bytes`);
}

async function restore(archive: string): Promise<void> {
  const restored = uri ? await restoreIntoMongodb({ archive, uri }) : restoreBackupArchive({ archive, dataDir });
  const into = uri ? 'the MongoDB at MONGODB_URI' : dataDir;
  console.log(`restored ${archive} into ${into}: ${restored.collections} collections, ${restored.documents} documents`);
}
