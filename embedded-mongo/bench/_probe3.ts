import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/index.js';
const m = await startEmbeddedMongo({ dataDir: process.argv[2] as string, port: 0 });
const mb = (n: number) => Math.round(n / 1048576);
const gcd = () => {
  (globalThis as any).gc();
  return mb(process.memoryUsage().heapUsed);
};
const client = await MongoClient.connect(m.uri);
const db = client.db(process.argv[3] ?? 'test');
for (const name of ['records', 'events']) {
  const c = db.collection(name);
  let before = gcd();
  for (const ix of await c.indexes()) {
    if (ix.name === '_id_') continue;
    await c.dropIndex(ix.name as string);
    const now = gcd();
    console.log(name, ix.name, 'MB', before - now);
    before = now;
  }
  console.log(
    name,
    'documents and _id',
    before -
      (await (async () => {
        await c.drop();
        return gcd();
      })()),
  );
}
await client.close();
await m.close();
process.exit(0);
