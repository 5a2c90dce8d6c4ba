import mongoose from 'mongoose';
import { createModels, syncIndexes } from './models/models';
import { createTenant } from './services/create-tenant';

const USAGE = 'usage: npx tsx api/src/cli.ts create tenant <name>   (MONGODB_URI names the store)';

// `create tenant <name>`: prints the tenant id and its first admin key (shown once).
const [verb, noun, ...rest] = process.argv.slice(2);
const name = rest.join(' ').trim();
if (verb !== 'create' || noun !== 'tenant' || !name) {
  console.error(USAGE);
  process.exit(2);
}
const uri = process.env.MONGODB_URI;
if (!uri) {
  console.error('Set MONGODB_URI to the store the api uses (the api prints it when it starts the embedded store).');
  process.exit(2);
}
const connection = await mongoose.createConnection(uri).asPromise();
const models = createModels(connection);
await syncIndexes(models);
const { tenant, adminKey } = await createTenant({ models, name });
console.log(`tenant ${tenant._id} "${tenant.name}" created`);
console.log(`admin key (shown once): ${adminKey}`);
await connection.close();
