// CLI: `npx tsx embedded-mongo/src/main.ts --port 27017 --data-dir ./data/embedded-mongo [--host 127.0.0.1] [--in-memory]`
// Prints the connection string on its first line of output, then serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './start-embedded-mongo.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`embedded-mongo: --port must be an integer from 0 to 65535, got '${values.port}'`);
  process.exit(2);
}

const mongo = await startEmbeddedMongo({
  port,
  inMemory: values['in-memory'],
  ...(values.host ? { host: values.host } : {}),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
});
console.log(mongo.uri);
if (!values['in-memory']) {
  const { documents, ms, cpuMs } = mongo.recovery;
  console.error(`embedded-mongo: recovered ${documents} documents in ${ms} ms (${cpuMs} ms of CPU)`);
}

const stop = async () => {
  await mongo.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
