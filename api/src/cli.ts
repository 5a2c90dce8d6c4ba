import { startEmbeddedMongo } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';
import { createModels, syncIndexes } from './models/models';
import { createTenant } from './services/create-tenant';

const USAGE =
  "usage: npx tsx api/src/cli.ts create tenant <name>   (MONGODB_URI names the store; unset: the embedded store's data directory, with the api stopped)";

// `create tenant <name>`: prints the tenant id and its first admin key (shown once).
const [verb, noun, ...rest] = process.argv.slice(2);
const name = rest.join(' ').trim();
if (verb !== 'create' || noun !== 'tenant' || !name) {
  console.error(USAGE);
  process.exit(2);
}
// Without MONGODB_URI, open the embedded store's data directory (it is locked while the api runs).
const embedded = process.env.MONGODB_URI ? null : await startEmbeddedMongo({});
const uri = process.env.MONGODB_URI ?? (embedded?.uri as string);
const connection = await mongoose.createConnection(uri).asPromise();
const models = createModels(connection);
await syncIndexes(models);
const { tenant, adminKey } = await createTenant({ models, name });
console.log(`tenant ${tenant._id} "${tenant.name}" created`);
console.log(`admin key (shown once): ${adminKey}`);
await connection.close();
await embedded?.close();
